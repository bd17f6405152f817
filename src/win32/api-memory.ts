/**
 * Win32 memory functions (kernel32 / psapi): argument marshalling to the kernel's
 * services and structure filling. Semantics live in the kernel (src/mm, src/nt).
 */
import { ptr, runtimeInfo, syscall, setLastError } from './runtime.js';
import { ERROR_NOACCESS } from './errors.js';
import type {
  MEMORYSTATUS,
  MEMORYSTATUSEX,
  MEMORY_BASIC_INFORMATION,
  SYSTEM_INFO,
  PROCESS_MEMORY_COUNTERS,
  Out,
} from './structures.js';

export function VirtualAlloc(
  lpAddress: number | null,
  dwSize: number,
  flAllocationType: number,
  flProtect: number,
): number {
  return syscall('VirtualAlloc', [ptr(lpAddress), dwSize, flAllocationType, flProtect]).ret;
}

export function VirtualAllocEx(
  hProcess: number,
  lpAddress: number | null,
  dwSize: number,
  flAllocationType: number,
  flProtect: number,
): number {
  return syscall('VirtualAllocEx', [hProcess, ptr(lpAddress), dwSize, flAllocationType, flProtect]).ret;
}

export function VirtualFree(lpAddress: number | null, dwSize: number, dwFreeType: number): number {
  return syscall('VirtualFree', [ptr(lpAddress), dwSize, dwFreeType]).ret;
}

export function VirtualProtect(
  lpAddress: number | null,
  dwSize: number,
  flNewProtect: number,
  lpflOldProtect: Out<number> | null,
): number {
  const { ret, out } = syscall('VirtualProtect', [ptr(lpAddress), dwSize, flNewProtect, lpflOldProtect != null]);
  if (ret && lpflOldProtect) lpflOldProtect.value = out.oldProtect as number;
  return ret;
}

export function VirtualQuery(
  lpAddress: number | null,
  lpBuffer: MEMORY_BASIC_INFORMATION | null,
  dwLength: number,
): number {
  if (!lpBuffer) {
    setLastError(ERROR_NOACCESS);
    return 0;
  }
  const { ret, out } = syscall('VirtualQuery', [ptr(lpAddress), dwLength]);
  if (ret) Object.assign(lpBuffer, out.mbi);
  return ret;
}

export function VirtualLock(lpAddress: number | null, dwSize: number): number {
  return syscall('VirtualLock', [ptr(lpAddress), dwSize]).ret;
}

export function VirtualUnlock(lpAddress: number | null, dwSize: number): number {
  return syscall('VirtualUnlock', [ptr(lpAddress), dwSize]).ret;
}

/** Fills a MEMORYSTATUS, clipping to DWORD-sized figures in 32-bit processes as Windows does. */
export function GlobalMemoryStatus(lpBuffer: MEMORYSTATUS): void {
  const { out } = syscall<null>('GlobalMemoryStatus', []);
  const s = out.status as Record<string, number>;
  const limits = out.clip as { phys: number; other: number } | null;
  const clip = (v: number) => (limits ? Math.min(v, limits.other) : v);
  const clipPhys = (v: number) => (limits ? Math.min(v, limits.phys) : v);
  // sizeof(MEMORYSTATUS): 32 in a 32-bit process, 56 in a 64-bit one (SIZE_T fields).
  lpBuffer.dwLength = runtimeInfo().is64Bit ? 56 : 32;
  lpBuffer.dwMemoryLoad = s.dwMemoryLoad!;
  lpBuffer.dwTotalPhys = clipPhys(s.ullTotalPhys!);
  lpBuffer.dwAvailPhys = clipPhys(s.ullAvailPhys!);
  lpBuffer.dwTotalPageFile = clip(s.ullTotalPageFile!);
  lpBuffer.dwAvailPageFile = clip(s.ullAvailPageFile!);
  lpBuffer.dwTotalVirtual = clip(s.ullTotalVirtual!);
  lpBuffer.dwAvailVirtual = clip(s.ullAvailVirtual!);
}

export function GlobalMemoryStatusEx(lpBuffer: MEMORYSTATUSEX): number {
  const { ret, out } = syscall('GlobalMemoryStatusEx', [lpBuffer.dwLength]);
  if (ret) Object.assign(lpBuffer, out.status);
  return ret;
}

export function GetSystemInfo(lpSystemInfo: SYSTEM_INFO): void {
  const i = syscall<null>('GetSystemInfo', []).out.info as Record<string, number | boolean>;
  const arch = i.is64Bit ? 9 /* PROCESSOR_ARCHITECTURE_AMD64 */ : 0; /* PROCESSOR_ARCHITECTURE_INTEL */
  lpSystemInfo.wProcessorArchitecture = arch;
  lpSystemInfo.dwOemId = arch;
  lpSystemInfo.wReserved = 0;
  lpSystemInfo.dwPageSize = i.pageSize as number;
  lpSystemInfo.lpMinimumApplicationAddress = i.minimumApplicationAddress as number;
  lpSystemInfo.lpMaximumApplicationAddress = i.maximumApplicationAddress as number;
  lpSystemInfo.dwActiveProcessorMask = 1;
  lpSystemInfo.dwNumberOfProcessors = 1;
  lpSystemInfo.dwProcessorType = i.is64Bit ? 8664 : 586;
  lpSystemInfo.dwAllocationGranularity = i.allocationGranularity as number;
  lpSystemInfo.wProcessorLevel = 6;
  lpSystemInfo.wProcessorRevision = 0;
}

export function GetProcessMemoryInfo(hProcess: number, ppsmemCounters: PROCESS_MEMORY_COUNTERS, cb: number): number {
  const { ret, out } = syscall('GetProcessMemoryInfo', [hProcess, cb]);
  if (ret) {
    const c = out.counters as Record<string, number>;
    const hasPrivate = 'PrivateUsage' in ppsmemCounters;
    for (const [k, v] of Object.entries(c))
      if (k !== 'PrivateUsage' || hasPrivate) (ppsmemCounters as unknown as Record<string, number>)[k] = v;
  }
  return ret;
}

export function SetProcessWorkingSetSize(
  hProcess: number,
  dwMinimumWorkingSetSize: number,
  dwMaximumWorkingSetSize: number,
): number {
  return syscall('SetProcessWorkingSetSize', [hProcess, dwMinimumWorkingSetSize, dwMaximumWorkingSetSize]).ret;
}

export function GetProcessWorkingSetSize(
  hProcess: number,
  lpMinimumWorkingSetSize: Out<number>,
  lpMaximumWorkingSetSize: Out<number>,
): number {
  const { ret, out } = syscall('GetProcessWorkingSetSize', [hProcess]);
  if (ret) {
    lpMinimumWorkingSetSize.value = out.minimum as number;
    lpMaximumWorkingSetSize.value = out.maximum as number;
  }
  return ret;
}
