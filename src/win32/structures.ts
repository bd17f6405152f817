/*
 * structures.ts: the Win32 structures that user programs pass to the Win32 layer, as
 * classes with the Win32 field names (SPEC section 2). A program writes `new MEMORYSTATUS()`
 * and the callee fills it, as in C. Pure data, host-agnostic. Re-exported by 'mmlab/win32'.
 *
 * Conventions:
 *   - every field is a number initialised to 0; handles and pointers are numbers, NULL is 0;
 *   - the size field (dwLength, cb, nLength) is set by the constructor to the structure's
 *     size in the x86 profile, the seeds' world. The layer accepts the x86 or the x64 size
 *     (SIZEOF_* below) and rejects others where Windows does;
 *   - fields are own data properties only (no accessors) so a structure survives
 *     structuredClone and Object.assign between the program and the kernel unchanged.
 *     LARGE_INTEGER's LowPart / HighPart are prototype accessors over the one own field.
 */

/** Scalar out-parameter as the layer sees it: `GetFileSizeEx(h, size)` sets `size.value`. */
export type Out<T> = { value: T };

/**
 * A ready-made out-parameter box: `const read = new Ref(0); ReadFile(h, buf, n, read, null);`
 * then `read.value`. Any `{ value }` object works just as well.
 */
export class Ref<T> implements Out<T> {
  value: T;
  constructor(value: T) {
    this.value = value;
  }
}

// ---------------------------------------------------------------------------------------
// Sizes in bytes of the C structures, for the size fields and for VirtualQuery's dwLength
// and return value. _32 is the x86 layout, _64 the x64 layout (pointers and SIZE_T 8 bytes).
// ---------------------------------------------------------------------------------------

export const SIZEOF_MEMORYSTATUS = 32;
export const SIZEOF_MEMORYSTATUSEX = 64;
export const SIZEOF_SYSTEM_INFO_32 = 36;
export const SIZEOF_SYSTEM_INFO_64 = 48;
export const SIZEOF_MEMORY_BASIC_INFORMATION_32 = 28;
export const SIZEOF_MEMORY_BASIC_INFORMATION_64 = 48;
export const SIZEOF_SECURITY_ATTRIBUTES_32 = 12;
export const SIZEOF_SECURITY_ATTRIBUTES_64 = 24;
export const SIZEOF_PROCESS_INFORMATION_32 = 16;
export const SIZEOF_PROCESS_INFORMATION_64 = 24;
export const SIZEOF_STARTUPINFO_32 = 68;
export const SIZEOF_STARTUPINFO_64 = 104;
export const SIZEOF_PROCESS_MEMORY_COUNTERS_32 = 40;
export const SIZEOF_PROCESS_MEMORY_COUNTERS_64 = 72;
export const SIZEOF_PROCESS_MEMORY_COUNTERS_EX_32 = 44;
export const SIZEOF_PROCESS_MEMORY_COUNTERS_EX_64 = 80;

// ---------------------------------------------------------------------------------------
// Memory status
// ---------------------------------------------------------------------------------------

/**
 * Filled by GlobalMemoryStatus. Every field is a DWORD: values above 4 GiB - 1 are clipped
 * as Windows clips them (SPEC section 3 says what each field means on NT).
 */
export class MEMORYSTATUS {
  dwLength = SIZEOF_MEMORYSTATUS;
  dwMemoryLoad = 0;
  dwTotalPhys = 0;
  dwAvailPhys = 0;
  dwTotalPageFile = 0;
  dwAvailPageFile = 0;
  dwTotalVirtual = 0;
  dwAvailVirtual = 0;
}

/**
 * Filled by GlobalMemoryStatusEx, which fails with ERROR_INVALID_PARAMETER unless dwLength
 * is 64 (the constructor sets it). The ull* fields are exact byte counts (numbers; the lab's
 * sizes stay far below 2^53).
 */
export class MEMORYSTATUSEX {
  dwLength = SIZEOF_MEMORYSTATUSEX;
  dwMemoryLoad = 0;
  ullTotalPhys = 0;
  ullAvailPhys = 0;
  ullTotalPageFile = 0;
  ullAvailPageFile = 0;
  ullTotalVirtual = 0;
  ullAvailVirtual = 0;
  ullAvailExtendedVirtual = 0;
}

// ---------------------------------------------------------------------------------------
// System and address-space information
// ---------------------------------------------------------------------------------------

/**
 * Filled by GetSystemInfo: page size 4 KiB, allocation granularity 64 KiB, the user
 * address-space bounds of the machine's profile. In C, dwOemId shares storage with
 * wProcessorArchitecture and wReserved; here it is its own field, which GetSystemInfo
 * sets to wProcessorArchitecture | wReserved << 16 (so equal to wProcessorArchitecture).
 */
export class SYSTEM_INFO {
  dwOemId = 0;
  wProcessorArchitecture = 0;
  wReserved = 0;
  dwPageSize = 0;
  lpMinimumApplicationAddress = 0;
  lpMaximumApplicationAddress = 0;
  dwActiveProcessorMask = 0;
  dwNumberOfProcessors = 0;
  dwProcessorType = 0;
  dwAllocationGranularity = 0;
  wProcessorLevel = 0;
  wProcessorRevision = 0;
}

/**
 * Filled by VirtualQuery / VirtualQueryEx for the region containing an address: its base,
 * the base and initial protection of the allocation it belongs to, its size, State
 * (MEM_COMMIT, MEM_RESERVE, MEM_FREE), Protect and Type (MEM_PRIVATE, MEM_MAPPED,
 * MEM_IMAGE). PartitionId exists only in the x64 layout and stays 0 in the lab.
 */
export class MEMORY_BASIC_INFORMATION {
  BaseAddress = 0;
  AllocationBase = 0;
  AllocationProtect = 0;
  PartitionId = 0;
  RegionSize = 0;
  State = 0;
  Protect = 0;
  Type = 0;
}

// ---------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------

/**
 * Filled by the caller and read by the Create* functions (CreateFile, CreateFileMapping,
 * CreateEvent, CreateProcess ...). bInheritHandle nonzero makes the new handle inheritable.
 * lpSecurityDescriptor is accepted and ignored (the lab has no security).
 */
export class SECURITY_ATTRIBUTES {
  nLength = SIZEOF_SECURITY_ATTRIBUTES_32;
  lpSecurityDescriptor = 0;
  bInheritHandle = 0;
}

/**
 * Filled by CreateProcess: handles to the new process and its primary thread (close both
 * when done) and their ids.
 */
export class PROCESS_INFORMATION {
  hProcess = 0;
  hThread = 0;
  dwProcessId = 0;
  dwThreadId = 0;
}

/**
 * Filled by the caller, read by CreateProcess; GetStartupInfo fills it for the current
 * process. With STARTF_USESTDHANDLES in dwFlags, hStdInput / hStdOutput / hStdError are
 * handed to the child. lpDesktop and lpTitle are strings in C (LPSTR); here 0 (NULL) or a
 * string.
 */
export class STARTUPINFO {
  cb = SIZEOF_STARTUPINFO_32;
  lpReserved = 0;
  lpDesktop: string | number = 0;
  lpTitle: string | number = 0;
  dwX = 0;
  dwY = 0;
  dwXSize = 0;
  dwYSize = 0;
  dwXCountChars = 0;
  dwYCountChars = 0;
  dwFillAttribute = 0;
  dwFlags = 0;
  wShowWindow = 0;
  cbReserved2 = 0;
  lpReserved2 = 0;
  hStdInput = 0;
  hStdOutput = 0;
  hStdError = 0;
}

/**
 * Filled by GetProcessMemoryInfo (psapi): page faults of every kind, the working set and
 * its peak, paged / non-paged pool quota charged to the process, and PagefileUsage, which
 * on NT is the process's private commit (not pagefile space actually written).
 */
export class PROCESS_MEMORY_COUNTERS {
  cb = SIZEOF_PROCESS_MEMORY_COUNTERS_32;
  PageFaultCount = 0;
  PeakWorkingSetSize = 0;
  WorkingSetSize = 0;
  QuotaPeakPagedPoolUsage = 0;
  QuotaPagedPoolUsage = 0;
  QuotaPeakNonPagedPoolUsage = 0;
  QuotaNonPagedPoolUsage = 0;
  PagefileUsage = 0;
  PeakPagefileUsage = 0;
}

/**
 * PROCESS_MEMORY_COUNTERS plus PrivateUsage (private committed bytes, the same number
 * Task Manager calls "commit size"). GetProcessMemoryInfo fills the extra field when cb
 * says the buffer is this large.
 */
export class PROCESS_MEMORY_COUNTERS_EX extends PROCESS_MEMORY_COUNTERS {
  PrivateUsage = 0;
  constructor() {
    super();
    this.cb = SIZEOF_PROCESS_MEMORY_COUNTERS_EX_32;
  }
}

// ---------------------------------------------------------------------------------------
// 64-bit integers
// ---------------------------------------------------------------------------------------

const TWO_32 = 0x1_0000_0000;

/**
 * A signed 64-bit integer (SetFilePointerEx, GetFileSizeEx, QueryPerformanceCounter ...).
 * QuadPart is the value as a number (exact up to 2^53). LowPart (DWORD) and HighPart
 * (LONG) read and write the two halves, as the C union allows.
 */
export class LARGE_INTEGER {
  QuadPart = 0;

  get LowPart(): number {
    return this.QuadPart - Math.floor(this.QuadPart / TWO_32) * TWO_32;
  }
  set LowPart(low: number) {
    this.QuadPart = this.HighPart * TWO_32 + (low >>> 0);
  }
  get HighPart(): number {
    return Math.floor(this.QuadPart / TWO_32);
  }
  set HighPart(high: number) {
    this.QuadPart = (high | 0) * TWO_32 + this.LowPart;
  }
}

/** An unsigned 64-bit integer: as LARGE_INTEGER, but HighPart is a DWORD. */
export class ULARGE_INTEGER {
  QuadPart = 0;

  get LowPart(): number {
    return this.QuadPart % TWO_32;
  }
  set LowPart(low: number) {
    this.QuadPart = this.HighPart * TWO_32 + (low >>> 0);
  }
  get HighPart(): number {
    return Math.floor(this.QuadPart / TWO_32);
  }
  set HighPart(high: number) {
    this.QuadPart = (high >>> 0) * TWO_32 + this.LowPart;
  }
}

// ---------------------------------------------------------------------------------------
// File I/O
// ---------------------------------------------------------------------------------------

/**
 * ReadFile / WriteFile with an explicit file offset: Offset (low DWORD) and OffsetHigh
 * (high DWORD) say where; on a synchronous handle the file pointer then moves past the
 * bytes moved, as on Windows. The callee sets Internal (NTSTATUS, 0 on success) and
 * InternalHigh (bytes moved); hEvent, if not 0, is an event reset when the I/O starts and
 * set when it completes. I/O in the lab always completes before ReadFile/WriteFile return.
 */
export class OVERLAPPED {
  Internal = 0;
  InternalHigh = 0;
  Offset = 0;
  OffsetHigh = 0;
  hEvent = 0;
}
