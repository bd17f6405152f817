/**
 * ReadProcessMemory / WriteProcessMemory: copies between the caller's buffer and another
 * process's memory (a debugger's tools). The handle needs PROCESS_VM_READ, or
 * PROCESS_VM_WRITE | PROCESS_VM_OPERATION. WriteProcessMemory follows kernelbase: a page
 * that is writable (or copy-on-write) is written as it is; an executable one is made
 * writable for the write and given its protection back — on an image that means a private
 * copy of that page for the target process only (the breakpoint of SPEC S15); a
 * PAGE_READONLY or PAGE_NOACCESS page fails the call with ERROR_NOACCESS, as does memory
 * that is not committed.
 */
import type { Kernel } from '../../ke/kernel.js';
import { copyFromProcess, copyToProcess, probeProcessMemory, type CopyOutcome } from '../../mm/process-memory.js';
import { isCopyOnWrite, isWritable } from '../../mm/protection.js';
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

/** WriteProcessMemory's per-page rule (kernelbase): which pages need unprotecting, or ERROR_NOACCESS. */
function checkWritable(k: Kernel, target: Process, address: number, size: number): void {
  const as = target.addressSpace;
  for (let a = Math.floor(address / PAGE_SIZE) * PAGE_SIZE; a < address + size; a += PAGE_SIZE) {
    if (a > as.layout.maxAddress || a < as.layout.minAddress) fail(ERROR_NOACCESS);
    const r = k.vm.query(as, a);
    if (r.State !== MEM_COMMIT) fail(ERROR_NOACCESS);
    const base = r.Protect & 0xff;
    if (isWritable(base) || isCopyOnWrite(base)) continue;
    if (base === 0x01 || base === 0x02) fail(ERROR_NOACCESS); // PAGE_NOACCESS, PAGE_READONLY
  }
}

export const processMemoryServices: Record<string, Service> = {
  ReadProcessMemory: {
    failValue: 0,
    run: (k, p, [h, address, buffer, size]) => {
      const target = processFor(k, p, h, PROCESS_VM_READ);
      if (!isUint(address) || !isUint(buffer) || !isUint(size) || size > MAX_TRANSFER) fail(ERROR_INVALID_PARAMETER);
      if (!probeProcessMemory(k, p.addressSpace, buffer, size, true)) fail(ERROR_NOACCESS);
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
      if (!probeProcessMemory(k, p.addressSpace, buffer, size, false)) fail(ERROR_NOACCESS);
      if (size > 0) checkWritable(k, target, address, size);
      const data = new Uint8Array(size);
      return untilDone(
        () => {
          const r = copyFromProcess(k, p.addressSpace, buffer, data);
          return r === 'done' ? writeThroughProtection(k, target.addressSpace, address, data) : r;
        },
        () => ({ ret: 1, out: { bytes: size } }),
      );
    },
  },
};
