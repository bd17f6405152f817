/**
 * Process memory seen from the kernel: copying between a process's virtual memory and a
 * kernel buffer, for services that take buffers (ReadFile, WriteFile, later
 * Read/WriteProcessMemory). NT does this with ProbeForRead/ProbeForWrite and a copy under
 * __try; here:
 *
 *   probe   walks the regions (VirtualQuery's view) of [address, address + length): all
 *           committed, readable (or writable, copy-on-write counting as writable for a
 *           write), no guard page. Nothing is touched, so a failed probe has no side effect.
 *   copy    page by page, like the worker's MMU: a valid hardware PTE (writable for a
 *           write) is used at once, with the accessed and dirty bits set the MMU's way
 *           (compareExchange, so the kernel's own trimming sees a written page as dirty);
 *           otherwise the page is faulted in through FaultHandler.resolve and walked again.
 *
 * A copy returns 'retry' when a fault is short of memory: the caller (a system service)
 * parks as a Blocked and calls again; copies are idempotent, so starting over is safe.
 * 'fault' means the memory is not accessible after all (the probe raced with nothing,
 * since the kernel is single-threaded, but a mapping may fail to page in).
 *
 * The caller guarantees the worker of `as` is waiting in the kernel (it made the call).
 */
import { PAGE_SIZE, PTE_ACCESSED, PTE_DIRTY, PTE_VALID, PTE_WRITE } from '../shared/layout.js';
import { MEM_COMMIT } from '../win32/constants.js';
import type { AddressSpace } from './address-space.js';
import type { FaultHandler } from './fault-handler.js';
import type { MemoryManager } from './memory-manager.js';
import { isCopyOnWrite, isGuard, isReadable, isWritable } from './protection.js';
import type { VirtualMemory } from './virtual-memory.js';

/** What the copy helpers need of the kernel (the Kernel itself satisfies it). */
export interface ProcessMemoryContext {
  readonly mm: MemoryManager;
  readonly faults: FaultHandler;
  readonly vm: VirtualMemory;
}

export type CopyOutcome = 'done' | 'retry' | 'fault';

/** How many times one page is faulted in before the copy gives up for now (trimmed at once). */
const MAX_ATTEMPTS = 8;

/**
 * True if every byte of [address, address + length) is committed and readable (`write`
 * false) or writable (`write` true), with no guard page. length 0 is always accessible.
 */
export function probeProcessMemory(
  ctx: ProcessMemoryContext,
  as: AddressSpace,
  address: number,
  length: number,
  write: boolean,
): boolean {
  if (length === 0) return true;
  if (!Number.isSafeInteger(address) || !Number.isSafeInteger(length) || address < 0 || length < 0) return false;
  const end = address + length;
  if (address < as.layout.minAddress || end - 1 > as.layout.maxAddress) return false;
  let a = address;
  while (a < end) {
    const r = ctx.vm.query(as, a);
    if (r.State !== MEM_COMMIT || isGuard(r.Protect)) return false;
    if (write ? !(isWritable(r.Protect) || isCopyOnWrite(r.Protect)) : !isReadable(r.Protect)) return false;
    a = r.BaseAddress + r.RegionSize;
  }
  return true;
}

/**
 * Byte offset in the frame pool of `address` for the access, faulting the page in as the
 * MMU would; or the outcome that stops the copy.
 */
function translate(
  ctx: ProcessMemoryContext,
  as: AddressSpace,
  address: number,
  write: boolean,
): number | 'retry' | 'fault' {
  const vpn = Math.floor(address / PAGE_SIZE);
  const pool32 = ctx.mm.pool32;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const idx = as.pageTable.pteIndex(vpn);
    if (idx >= 0) {
      const pte = Atomics.load(pool32, idx);
      if (pte & PTE_VALID && (!write || pte & PTE_WRITE)) {
        const want = pte | PTE_ACCESSED | (write ? PTE_DIRTY : 0);
        if (want === pte || Atomics.compareExchange(pool32, idx, pte, want) === pte) {
          return (pte >>> 12) * PAGE_SIZE + (address - vpn * PAGE_SIZE);
        }
        continue; // a worker changed the bits meanwhile: walk again
      }
    }
    const r = ctx.faults.resolve(as, address, write);
    if (r.kind === 'retry') return 'retry';
    if (r.kind === 'exception') return 'fault';
  }
  return 'retry';
}

function copy(
  ctx: ProcessMemoryContext,
  as: AddressSpace,
  address: number,
  bytes: Uint8Array,
  toProcess: boolean,
): CopyOutcome {
  const pool8 = ctx.mm.pool8;
  let done = 0;
  while (done < bytes.length) {
    const a = address + done;
    const chunk = Math.min(bytes.length - done, PAGE_SIZE - (a % PAGE_SIZE));
    const off = translate(ctx, as, a, toProcess);
    if (typeof off !== 'number') return off;
    if (toProcess) pool8.set(bytes.subarray(done, done + chunk), off);
    else bytes.set(pool8.subarray(off, off + chunk), done);
    done += chunk;
  }
  return 'done';
}

/** Copies bytes [address, address + dest.length) of the process into `dest`. */
export function copyFromProcess(
  ctx: ProcessMemoryContext,
  as: AddressSpace,
  address: number,
  dest: Uint8Array,
): CopyOutcome {
  return copy(ctx, as, address, dest, false);
}

/** Copies `src` into the process at `address` (the pages become dirty). */
export function copyToProcess(
  ctx: ProcessMemoryContext,
  as: AddressSpace,
  address: number,
  src: Uint8Array,
): CopyOutcome {
  return copy(ctx, as, address, src, true);
}
