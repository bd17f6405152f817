/**
 * Writing into a process's image pages the way user mode does: the loader's relocation
 * and import binding (LdrRelocateImage, LdrpSnapIAT) and WriteProcessMemory (a debugger
 * setting a breakpoint) first make read-only pages writable with NtProtectVirtualMemory,
 * write, then put the old protection back. On an image view "writable" means
 * copy-on-write (VirtualMemory.protect), so the first write gives this process a private
 * copy of that page only — charged to commit — and every other process keeps sharing the
 * original frame (SPEC S15, S16).
 *
 * The caller guarantees the worker of `as` is in the kernel or not started (no cached
 * translations), as for process-memory.ts.
 */
import type { Kernel } from '../ke/kernel.js';
import type { AddressSpace } from '../mm/address-space.js';
import { copyToProcess, type CopyOutcome } from '../mm/process-memory.js';
import { isCopyOnWrite, isWritable, PAGE_EXECUTE, PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE, PAGE_READWRITE } from '../mm/protection.js';
import { PAGE_SIZE } from '../shared/layout.js';

const EXECUTABLE = new Set([PAGE_EXECUTE, PAGE_EXECUTE_READ, 0x40, 0x80]);

/**
 * Writes `bytes` at `address`, unprotecting each page that is not writable for the time
 * of the write. Returns the copy outcome ('fault' if a page is not committed or is
 * PAGE_NOACCESS / PAGE_READONLY without a view to copy from).
 */
export function writeThroughProtection(k: Kernel, as: AddressSpace, address: number, bytes: Uint8Array): CopyOutcome {
  let done = 0;
  while (done < bytes.length) {
    const a = address + done;
    const n = Math.min(bytes.length - done, PAGE_SIZE - (a % PAGE_SIZE));
    const page = Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
    const prot = as.pageTable.protection(page / PAGE_SIZE);
    const restore = !isWritable(prot) && !isCopyOnWrite(prot);
    if (restore) k.vm.protect(as, page, PAGE_SIZE, EXECUTABLE.has(prot & 0xff) ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE, true);
    const r = copyToProcess(k, as, a, bytes.subarray(done, done + n));
    if (restore) k.vm.protect(as, page, PAGE_SIZE, prot, true);
    if (r !== 'done') return r;
    done += n;
  }
  return 'done';
}
