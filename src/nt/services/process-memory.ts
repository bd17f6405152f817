/**
 * ReadProcessMemory / WriteProcessMemory: copies between the caller's buffer and another
 * process's memory (a debugger's tools). The handle needs PROCESS_VM_READ, or
 * PROCESS_VM_WRITE | PROCESS_VM_OPERATION. WriteProcessMemory follows kernelbase
 * (writableBytes below): a page that is writable (or copy-on-write) is written as it is; an
 * executable one is made writable for the write and given its protection back — on an
 * image that means a private copy of that page for the target process only (the
 * breakpoint of SPEC S15); a PAGE_READONLY or PAGE_NOACCESS page fails the call with
 * ERROR_NOACCESS, as does memory that is not committed. A failed call reports 0 bytes.
 * tests/conformance/modules.test.ts checks these against Wine's tests and kernelbase.
 */
import type { Kernel } from '../../ke/kernel.js';
import { copyFromProcess, copyToProcess, probeProcessMemory, type CopyOutcome } from '../../mm/process-memory.js';
import { isCopyOnWrite, isWritable, PAGE_EXECUTE, PAGE_EXECUTE_READ } from '../../mm/protection.js';
import { writeThroughProtection } from '../../ps/loader-write.js';
import type { Process } from '../../ps/process.js';
import { PAGE_SIZE } from '../../shared/layout.js';
import { MEM_COMMIT, PROCESS_VM_OPERATION, PROCESS_VM_READ, PROCESS_VM_WRITE } from '../../win32/constants.js';
import { ERROR_INVALID_PARAMETER, ERROR_NOACCESS, ERROR_PARTIAL_COPY } from '../../win32/errors.js';
import { processFor } from '../handles.js';
import type { Blocked, Service, ServiceReply } from '../service.js';
import { fail } from '../win32-error.js';

const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
/** Largest single transfer (the mailbox never carries the data: it moves frame to frame). */
const MAX_TRANSFER = 0x4000_0000;

/** Retries a copy while a fault waits for memory (copies are idempotent). */
function untilDone(step: () => CopyOutcome, done: () => ServiceReply): ServiceReply | Blocked {
  const attempt = (): ServiceReply | null => {
    const r = step();
    if (r === 'retry') return null;
    if (r === 'fault') fail(ERROR_NOACCESS);
    return done();
  };
  const first = attempt();
  if (first) return first;
  let result: ServiceReply | null = null;
  return {
    blocked: true,
    poll: () => {
      if (!result) {
        try {
          result = attempt();
        } catch {
          result = { ret: 0, lastError: ERROR_NOACCESS };
        }
      }
      return result;
    },
    dispose: () => {},
  };
}

/** What a failed copy tells the caller: FALSE, the error, and 0 bytes in *lpNumberOfBytesRead/Written. */
const refused = (code: number): ServiceReply => ({ ret: 0, out: { bytes: 0 }, lastError: code });

/** PAGE_EXECUTE and PAGE_EXECUTE_READ: not writable, but WriteProcessMemory makes them so for the write. */
const isExecuteOnly = (prot: number) => prot === PAGE_EXECUTE || prot === PAGE_EXECUTE_READ;

/**
 * How many of the `size` bytes at `address` WriteProcessMemory can write, and why not all
 * (kernelbase's rule, as Windows 10 has it): the protection of the *first* page decides —
 * writable or copy-on-write is written as it is, PAGE_EXECUTE(_READ) is made writable for
 * the write over its VirtualQuery region, anything else (read-only, no access, reserved,
 * free) is STATUS_ACCESS_VIOLATION (ERROR_NOACCESS) with nothing written; an address
 * VirtualQueryEx refuses (above the user address space) is ERROR_INVALID_PARAMETER. Past
 * that first region NtWriteVirtualMemory writes until a page it cannot write, and reports
 * STATUS_PARTIAL_COPY (ERROR_PARTIAL_COPY) with the bytes written before it.
 */
function writableBytes(k: Kernel, target: Process, address: number, size: number): { bytes: number } | { error: number } {
  const as = target.addressSpace;
  if (address > as.layout.maxAddress) return { error: ERROR_INVALID_PARAMETER };
  const first = k.vm.query(as, address);
  const prot = first.State === MEM_COMMIT ? first.Protect & 0xff : 0;
  if (!isWritable(prot) && !isCopyOnWrite(prot) && !isExecuteOnly(prot)) return { error: ERROR_NOACCESS };
  const regionEnd = first.BaseAddress + first.RegionSize;
  for (let a = regionEnd; a < address + size; a += PAGE_SIZE) {
    if (a > as.layout.maxAddress) return { bytes: a - address };
    const r = k.vm.query(as, a);
    const p = r.State === MEM_COMMIT ? r.Protect & 0xff : 0;
    if (!isWritable(p) && !isCopyOnWrite(p)) return { bytes: a - address };
  }
  return { bytes: size };
}

export const processMemoryServices: Record<string, Service> = {
  ReadProcessMemory: {
    failValue: 0,
    run: (k, p, [h, address, buffer, size]) => {
      const target = processFor(k, p, h, PROCESS_VM_READ);
      if (!isUint(address) || !isUint(buffer) || !isUint(size) || size > MAX_TRANSFER) fail(ERROR_INVALID_PARAMETER);
      if (!probeProcessMemory(k, p.addressSpace, buffer, size, true)) return refused(ERROR_NOACCESS);
      // NtReadVirtualMemory: nothing readable at the start is ERROR_PARTIAL_COPY with 0 bytes.
      if (!probeProcessMemory(k, target.addressSpace, address, size, false)) return { ret: 0, out: { bytes: 0 }, lastError: ERROR_PARTIAL_COPY };
      const data = new Uint8Array(size);
      return untilDone(
        () => {
          const r = copyFromProcess(k, target.addressSpace, address, data);
          return r === 'done' ? copyToProcess(k, p.addressSpace, buffer, data) : r;
        },
        () => ({ ret: 1, out: { bytes: size } }),
      );
    },
  },
  WriteProcessMemory: {
    failValue: 0,
    run: (k, p, [h, address, buffer, size]) => {
      const target = processFor(k, p, h, PROCESS_VM_WRITE | PROCESS_VM_OPERATION);
      if (!isUint(address) || !isUint(buffer) || !isUint(size) || size > MAX_TRANSFER) fail(ERROR_INVALID_PARAMETER);
      if (size === 0) return { ret: 1, out: { bytes: 0 } };
      const can = writableBytes(k, target, address, size);
      if ('error' in can) return refused(can.error);
      // The caller's buffer must be readable (its first bytes may be all that is written).
      if (!probeProcessMemory(k, p.addressSpace, buffer, size, false)) return refused(ERROR_NOACCESS);
      const data = new Uint8Array(can.bytes);
      return untilDone(
        () => {
          const r = copyFromProcess(k, p.addressSpace, buffer, data);
          return r === 'done' ? writeThroughProtection(k, target.addressSpace, address, data) : r;
        },
        () => (can.bytes === size ? { ret: 1, out: { bytes: size } } : { ret: 0, out: { bytes: can.bytes }, lastError: ERROR_PARTIAL_COPY }),
      );
    },
  },
};
