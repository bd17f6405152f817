/**
 * win32-values.ts: the Win32 constant and error values the conformance suite asserts with,
 * written down independently of src/win32 so that a wrong value there cannot make a wrong
 * kernel look right. Values are those of the Windows SDK headers (winnt.h for MEM_* / PAGE_*
 * / PROCESSOR_*, winerror.h for ERROR_*, ntstatus.h for STATUS_*); win32-constants.test.ts
 * checks that 'mmlab/win32' exports the same names with the same values.
 *
 * The same table is injected, as `const NAME = value;` lines, at the top of every program the
 * suite runs (see cases.ts), so programs read like the Win32 C they mirror.
 */

/** winnt.h: allocation types, region states and types. */
export const MEM = {
  MEM_COMMIT: 0x00001000,
  MEM_RESERVE: 0x00002000,
  MEM_DECOMMIT: 0x00004000,
  MEM_RELEASE: 0x00008000,
  MEM_FREE: 0x00010000,
  MEM_PRIVATE: 0x00020000,
  MEM_MAPPED: 0x00040000,
  MEM_RESET: 0x00080000,
  MEM_TOP_DOWN: 0x00100000,
  MEM_WRITE_WATCH: 0x00200000,
  MEM_IMAGE: 0x01000000,
  /** winnt.h; VirtualAlloc rejects it (Wine kernel32/tests/virtual.c test_VirtualAlloc). */
  AT_ROUND_TO_PAGE: 0x40000000,
} as const;

/** winnt.h: memory protection constants. */
export const PAGE = {
  PAGE_NOACCESS: 0x01,
  PAGE_READONLY: 0x02,
  PAGE_READWRITE: 0x04,
  PAGE_WRITECOPY: 0x08,
  PAGE_EXECUTE: 0x10,
  PAGE_EXECUTE_READ: 0x20,
  PAGE_EXECUTE_READWRITE: 0x40,
  PAGE_EXECUTE_WRITECOPY: 0x80,
  PAGE_GUARD: 0x100,
  PAGE_NOCACHE: 0x200,
  PAGE_WRITECOMBINE: 0x400,
} as const;

/** winnt.h: SYSTEM_INFO processor architecture and (obsolete) processor type values. */
export const PROCESSOR = {
  PROCESSOR_ARCHITECTURE_INTEL: 0,
  PROCESSOR_ARCHITECTURE_AMD64: 9,
  PROCESSOR_INTEL_PENTIUM: 586,
  PROCESSOR_AMD_X8664: 8664,
} as const;

/** winerror.h: the last-error codes this suite expects. */
export const ERR = {
  ERROR_SUCCESS: 0,
  ERROR_INVALID_HANDLE: 6,
  ERROR_NOT_ENOUGH_MEMORY: 8,
  ERROR_INVALID_PARAMETER: 87,
  ERROR_INSUFFICIENT_BUFFER: 122,
  ERROR_NOT_LOCKED: 158,
  ERROR_INVALID_ADDRESS: 487,
  ERROR_NOACCESS: 998,
  ERROR_WORKING_SET_QUOTA: 1453,
  ERROR_COMMITMENT_LIMIT: 1455,
} as const;

/** ntstatus.h: exception codes seen by programs (and, for guard pages, by GetLastError). */
export const STATUS = {
  STATUS_GUARD_PAGE_VIOLATION: 0x80000001,
  STATUS_ACCESS_VIOLATION: 0xc0000005,
} as const;

export const ALL_VALUES: Readonly<Record<string, number>> = Object.freeze({
  ...MEM,
  ...PAGE,
  ...PROCESSOR,
  ...ERR,
  ...STATUS,
});

/** Flat re-exports so test files can write `W.PAGE_READWRITE`, `W.ERROR_INVALID_ADDRESS`. */
export const W = { ...MEM, ...PAGE, ...PROCESSOR, ...ERR, ...STATUS } as const;

/** A value SetLastError puts in before each call, as Wine's tests do, to see whether the callee set it. */
export const DEADBEEF = 0xdeadbeef;

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const PAGE_SIZE = 0x1000;
export const GRANULARITY = 0x10000;

/** User address-space bounds per profile (SPEC section 1; GetSystemInfo's lpMin/lpMaximumApplicationAddress). */
export const PROFILE_BOUNDS = {
  x86: { min: 0x10000, max: 0x7ffeffff },
  'x86-3gb': { min: 0x10000, max: 0xbffeffff },
  x64: { min: 0x10000, max: 0x7ffffffeffff },
} as const;

/** sizeof(MEMORY_BASIC_INFORMATION): 28 bytes in a 32-bit process, 48 in a 64-bit one (winnt.h). */
export const SIZEOF_MBI = { x86: 28, 'x86-3gb': 28, x64: 48 } as const;
/** sizeof(MEMORYSTATUS): DWORD, DWORD and six SIZE_T (winbase.h): 32 bytes in x86, 56 in x64. */
export const SIZEOF_MEMORYSTATUS = { x86: 32, 'x86-3gb': 32, x64: 56 } as const;
/** sizeof(MEMORYSTATUSEX): two DWORDs and seven DWORDLONGs (sysinfoapi.h). */
export const SIZEOF_MEMORYSTATUSEX = 64;
/** sizeof(PROCESS_MEMORY_COUNTERS): two DWORDs and eight SIZE_T (psapi.h). */
export const SIZEOF_PMC = { x86: 40, 'x86-3gb': 40, x64: 72 } as const;
