/**
 * Memory services: virtual memory, memory status, system information, working sets.
 */
import { PAGE_SIZE } from '../../shared/layout.js';
import { ALLOCATION_GRANULARITY } from '../../api/settings.js';
import { systemCounters } from '../../lab/counters.js';
import { PROCESS_QUERY_INFORMATION, PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_SET_QUOTA, PROCESS_VM_OPERATION } from '../../win32/constants.js';
import { ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, ERROR_NO_SYSTEM_RESOURCES } from '../../win32/errors.js';
import { VirtualMemory } from '../../mm/virtual-memory.js';
import type { Blocked, Service } from '../service.js';
import { processFor } from '../handles.js';
import { fail } from '../win32-error.js';

const n = (v: unknown): number => (typeof v === 'number' ? v : NaN);

export const memoryServices: Record<string, Service> = {
  VirtualAlloc: {
    failValue: 0,
    run: (k, p, [address, size, type, protect]) => ({ ret: k.vm.alloc(p.addressSpace, n(address), n(size), n(type), n(protect)) }),
  },
  VirtualAllocEx: {
    failValue: 0,
    run: (k, p, [h, address, size, type, protect]) => {
      const target = processFor(k, p, h, PROCESS_VM_OPERATION);
      return { ret: k.vm.alloc(target.addressSpace, n(address), n(size), n(type), n(protect)) };
    },
  },
  VirtualFree: {
    failValue: 0,
    run: (k, p, [address, size, type]) => ({ ret: k.vm.free(p.addressSpace, n(address), n(size), n(type)) }),
  },
  VirtualProtect: {
    failValue: 0,
    run: (k, p, [address, size, prot, hasOld]) => {
      const old = k.vm.protect(p.addressSpace, n(address), n(size), n(prot), hasOld === true);
      return { ret: 1, out: { oldProtect: old } };
    },
  },
  VirtualQuery: {
    failValue: 0,
    quiet: true,
    run: (k, p, [address, length]) => {
      const size = p.addressSpace.layout.is64Bit ? 48 : 28;
      VirtualMemory.checkQueryLength(n(length), size);
      return { ret: size, out: { mbi: k.vm.query(p.addressSpace, n(address)) } };
    },
  },
  VirtualLock: {
    failValue: 0,
    run: (k, p, [address, size]) => {
      const r = k.vm.lock(p.addressSpace, n(address), n(size));
      if (r !== 'retry') return { ret: r };
      const blocked: Blocked = {
        blocked: true,
        poll: () => {
          const again = k.vm.lock(p.addressSpace, n(address), n(size));
          return again === 'retry' ? null : { ret: again };
        },
        dispose: () => {},
      };
      return blocked;
    },
  },
  VirtualUnlock: {
    failValue: 0,
    run: (k, p, [address, size]) => ({ ret: k.vm.unlock(p.addressSpace, n(address), n(size)) }),
  },
  GlobalMemoryStatusEx: {
    failValue: 0,
    quiet: true,
    run: (k, p, [length]) => {
      if (length !== 64) fail(ERROR_INVALID_PARAMETER);
      return { ret: 1, out: { status: memoryStatus(k, p) } };
    },
  },
  GetSystemInfo: {
    failValue: null,
    quiet: true,
    run: (k) => ({
      ret: null,
      out: {
        info: {
          pageSize: PAGE_SIZE,
          allocationGranularity: ALLOCATION_GRANULARITY,
          minimumApplicationAddress: k.layout.minAddress,
          maximumApplicationAddress: k.layout.maxAddress,
          is64Bit: k.layout.is64Bit,
        },
      },
    }),
  },
  GetProcessMemoryInfo: {
    failValue: 0,
    quiet: true,
    run: (k, p, [h, cb]) => {
      const target = processFor(k, p, h, 0);
      void PROCESS_QUERY_INFORMATION;
      void PROCESS_QUERY_LIMITED_INFORMATION;
      const minSize = p.addressSpace.layout.is64Bit ? 72 : 40;
      if (n(cb) < minSize) fail(ERROR_INSUFFICIENT_BUFFER);
      const as = target.addressSpace;
      return {
        ret: 1,
        out: {
          counters: {
            PageFaultCount: Object.values(as.faults).reduce((a, b) => a + b, 0) - as.faults.accessViolation,
            PeakWorkingSetSize: as.workingSet.peak * PAGE_SIZE,
            WorkingSetSize: as.workingSet.size * PAGE_SIZE,
            QuotaPeakPagedPoolUsage: 0,
            QuotaPagedPoolUsage: 0,
            QuotaPeakNonPagedPoolUsage: target.poolBytes,
            QuotaNonPagedPoolUsage: target.poolBytes,
            // The process's commit charge: private memory and copy-on-write views.
            PagefileUsage: (as.privateCommit + as.copyOnWriteCommit) * PAGE_SIZE,
            PeakPagefileUsage: Math.max(as.peakPrivateCommit, as.privateCommit + as.copyOnWriteCommit) * PAGE_SIZE,
            PrivateUsage: (as.privateCommit + as.copyOnWriteCommit) * PAGE_SIZE,
          },
        },
      };
    },
  },
  SetProcessWorkingSetSize: {
    failValue: 0,
    run: (k, p, [h, min, max]) => {
      const target = processFor(k, p, h, PROCESS_SET_QUOTA);
      const ws = target.addressSpace.workingSet;
      const all = (v: unknown) => v === -1 || v === 0xffffffff || v === Number.MAX_SAFE_INTEGER;
      if (all(min) && all(max)) {
        // (SIZE_T)-1 twice: empty the working set (pages go to standby/modified).
        k.mm.trimWorkingSet(target.addressSpace, ws.size, true);
        return { ret: 1 };
      }
      const lo = n(min);
      const hi = n(max);
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < 0 || lo > hi) fail(ERROR_INVALID_PARAMETER);
      const loPages = Math.ceil(lo / PAGE_SIZE);
      const hiPages = Math.ceil(hi / PAGE_SIZE);
      // The minimum must leave enough memory for everyone else.
      if (loPages > k.mm.frames - k.mm.lowPages) fail(ERROR_NO_SYSTEM_RESOURCES);
      ws.minimum = Math.max(20, loPages);
      ws.maximum = Math.max(ws.minimum, hiPages);
      if (ws.size > ws.maximum) k.mm.trimWorkingSet(target.addressSpace, ws.size - ws.maximum);
      return { ret: 1 };
    },
  },
  GetProcessWorkingSetSize: {
    failValue: 0,
    quiet: true,
    run: (k, p, [h]) => {
      const ws = processFor(k, p, h, 0).addressSpace.workingSet;
      return { ret: 1, out: { minimum: ws.minimum * PAGE_SIZE, maximum: ws.maximum * PAGE_SIZE } };
    },
  },
};

/** MEMORYSTATUSEX figures for process p (64-bit; the worker clips for GlobalMemoryStatus). */
export function memoryStatus(k: import('../../ke/kernel.js').Kernel, p: import('../../ps/process.js').Process) {
  const s = systemCounters(k);
  return {
    dwMemoryLoad: s.memoryLoad,
    ullTotalPhys: s.totalPhys,
    ullAvailPhys: s.availPhys,
    ullTotalPageFile: s.totalPageFile,
    ullAvailPageFile: s.availPageFile,
    ullTotalVirtual: p.addressSpace.totalVirtual(),
    ullAvailVirtual: p.addressSpace.availVirtual(),
    ullAvailExtendedVirtual: 0,
  };
}

memoryServices.GlobalMemoryStatus = {
  failValue: null,
  quiet: true,
  // 32-bit callers get DWORD-sized figures: physical memory clipped to 2 GiB - 1 unless the
  // process is large-address-aware (x86-3gb), everything else to 4 GiB - 1 (Windows 10/11).
  run: (k, p) => {
    const l = p.addressSpace.layout;
    const clip = l.is64Bit ? null : { phys: l.maxAddress > 0x7fffffff ? 0xffffffff : 0x7fffffff, other: 0xffffffff };
    return { ret: null, out: { status: memoryStatus(k, p), clip } };
  },
};
