/**
 * Conformance: GetSystemInfo, GlobalMemoryStatus(Ex) and GetProcessMemoryInfo per address-space profile,
 * as real Windows 10/11 fills them, with the machine sizes of SPEC section 1 (physical memory = the RAM
 * setting, commit limit = RAM + pagefile).
 *
 * Sources, cited above each case:
 *   [wine-heap]  Wine dlls/kernel32/tests/heap.c test_GlobalMemoryStatus (runs on real Windows; it derives every
 *                field from NtQuerySystemInformation and checks the 32-bit clipping of GlobalMemoryStatus)
 *   [wine-psapi] Wine dlls/psapi/tests/psapi_main.c test_GetProcessMemoryInfo
 *   [wine-sysinfo] Wine dlls/kernelbase/memory.c GetSystemInfo (dwProcessorType from the architecture, as
 *                Windows reports it)
 *   [msdn]       Microsoft docs: sysinfoapi/ns-sysinfoapi-system_info, sysinfoapi/ns-sysinfoapi-memorystatusex,
 *                winbase/ns-winbase-memorystatus, winbase/nf-winbase-globalmemorystatus,
 *                psapi/ns-psapi-process_memory_counters
 */
import { describe, expect, it } from 'vitest';
import { labCases, type Profile } from './cases.js';
import { GiB, MiB, PROFILE_BOUNDS, SIZEOF_MEMORYSTATUS, W } from './win32-values.js';

const INFO_PROGRAM = `
c('GetSystemInfo', () => {
  const s = new SYSTEM_INFO();
  GetSystemInfo(s);
  return { wProcessorArchitecture: s.wProcessorArchitecture, dwPageSize: s.dwPageSize,
           lpMinimumApplicationAddress: s.lpMinimumApplicationAddress, lpMaximumApplicationAddress: s.lpMaximumApplicationAddress,
           dwActiveProcessorMask: s.dwActiveProcessorMask, dwNumberOfProcessors: s.dwNumberOfProcessors,
           dwProcessorType: s.dwProcessorType, dwAllocationGranularity: s.dwAllocationGranularity };
});
c('GlobalMemoryStatus with dwLength 0', () => {
  const m = new MEMORYSTATUS();
  m.dwLength = 0;
  SetLastError(0xdeadbeef);
  GlobalMemoryStatus(m);
  return [m.dwLength, GetLastError()];
});
c('GlobalMemoryStatusEx with dwLength 0', () => { const m = new MEMORYSTATUSEX(); m.dwLength = 0; return err(() => GlobalMemoryStatusEx(m)); });
// The two structures back to back, with nothing allocated in between.
const gx = gmsx();
const g = gms();
c('GlobalMemoryStatusEx', () => gx);
c('GlobalMemoryStatus', () => g);
c('GetProcessMemoryInfo NULL handle', () => err(() => GetProcessMemoryInfo(0, new PROCESS_MEMORY_COUNTERS(), PMC_SIZE)));
c('GetProcessMemoryInfo cb one byte short', () => err(() => GetProcessMemoryInfo(GetCurrentProcess(), new PROCESS_MEMORY_COUNTERS(), PMC_SIZE - 1)));
c('GetProcessMemoryInfo', () => pmc());
`;

interface Expect {
  profile: Profile;
  arch: number;
  processorType: number;
}

const PROFILES: Expect[] = [
  { profile: 'x86', arch: W.PROCESSOR_ARCHITECTURE_INTEL, processorType: W.PROCESSOR_INTEL_PENTIUM },
  { profile: 'x86-3gb', arch: W.PROCESSOR_ARCHITECTURE_INTEL, processorType: W.PROCESSOR_INTEL_PENTIUM },
  { profile: 'x64', arch: W.PROCESSOR_ARCHITECTURE_AMD64, processorType: W.PROCESSOR_AMD_X8664 },
];

for (const { profile, arch, processorType } of PROFILES) {
  describe(`system information (${profile} profile, 256 MiB RAM, 512 MiB pagefile)`, () => {
    const bounds = PROFILE_BOUNDS[profile];
    const totalVirtual = bounds.max - bounds.min + 1;
    const r = labCases({ profile, ramBytes: 256 * MiB, pagefileBytes: 512 * MiB }, INFO_PROGRAM);

    // [msdn] SYSTEM_INFO: dwPageSize "The page size and the granularity of page protection and commitment";
    // dwAllocationGranularity; lpMinimum/lpMaximumApplicationAddress; wProcessorArchitecture INTEL (0) for an x86
    // process, AMD64 (9) for x64. [wine-sysinfo] dwProcessorType PROCESSOR_INTEL_PENTIUM (586) for every x86 CPU
    // from the Pentium on, PROCESSOR_AMD_X8664 (8664) for x64. SPEC section 1 gives the address bounds.
    it("GetSystemInfo reports 4 KiB pages, 64 KiB granularity, the profile's bounds and architecture", () => {
      expect(r.get('GetSystemInfo')).toMatchObject({
        wProcessorArchitecture: arch,
        dwPageSize: 4096,
        lpMinimumApplicationAddress: bounds.min,
        lpMaximumApplicationAddress: bounds.max,
        dwProcessorType: processorType,
        dwAllocationGranularity: 65536,
      });
    });

    // [msdn] SYSTEM_INFO: dwActiveProcessorMask "A mask representing the set of processors configured into the
    // system. Bit 0 is processor 0"; dwNumberOfProcessors the logical processors of the group.
    it('GetSystemInfo reports at least one processor and a mask of that many bits', () => {
      const s = r.get('GetSystemInfo') as { dwNumberOfProcessors: number; dwActiveProcessorMask: number };
      expect(s.dwNumberOfProcessors).toBeGreaterThanOrEqual(1);
      expect(s.dwNumberOfProcessors).toBeLessThanOrEqual(32);
      expect(s.dwActiveProcessorMask).toBe(2 ** s.dwNumberOfProcessors - 1);
    });

    // [msdn] MEMORYSTATUS.dwLength: "You do not need to set this member before calling the GlobalMemoryStatus
    // function; the function sets it." sizeof(MEMORYSTATUS) is 32 in a 32-bit process and 56 in a 64-bit one
    // (its size fields are SIZE_T). [wine-heap] GlobalMemoryStatus with dwLength 0 leaves the last error alone.
    it(`GlobalMemoryStatus sets dwLength to ${SIZEOF_MEMORYSTATUS[profile]} and no last error`, () => {
      expect(r.get('GlobalMemoryStatus with dwLength 0')).toEqual([SIZEOF_MEMORYSTATUS[profile], 0xdeadbeef]);
    });

    // [wine-heap] test_GlobalMemoryStatus: GlobalMemoryStatusEx with dwLength 0 fails with ERROR_INVALID_PARAMETER.
    // [msdn] MEMORYSTATUSEX.dwLength: "You must set this member before calling GlobalMemoryStatusEx."
    it('GlobalMemoryStatusEx with dwLength 0 fails with ERROR_INVALID_PARAMETER', () => {
      expect(r.get('GlobalMemoryStatusEx with dwLength 0')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    });

    // [wine-heap] test_GlobalMemoryStatus: ullTotalPhys = physical pages × page size; ullTotalPageFile = the commit
    // limit; ullTotalVirtual = HighestUserAddress − LowestUserAddress + 1; ullAvailExtendedVirtual = 0;
    // dwMemoryLoad = (ullTotalPhys − ullAvailPhys) / (ullTotalPhys / 100). SPEC section 3: the commit limit is
    // RAM + pagefile. [msdn] MEMORYSTATUSEX: dwMemoryLoad between 0 and 100; avail ≤ total.
    it('GlobalMemoryStatusEx reports the machine and the profile exactly', () => {
      const x = r.get('GlobalMemoryStatusEx') as Record<string, number>;
      expect(x).toMatchObject({
        ret: 1,
        dwLength: 64,
        ullTotalPhys: 256 * MiB,
        ullTotalPageFile: 768 * MiB,
        ullTotalVirtual: totalVirtual,
        ullAvailExtendedVirtual: 0,
      });
      expect(x.dwMemoryLoad).toBe(Math.floor((x.ullTotalPhys - x.ullAvailPhys) / Math.floor(x.ullTotalPhys / 100)));
      expect(x.dwMemoryLoad).toBeGreaterThanOrEqual(0);
      expect(x.dwMemoryLoad).toBeLessThanOrEqual(100);
      expect(x.ullAvailPhys).toBeGreaterThan(0);
      expect(x.ullAvailPhys).toBeLessThanOrEqual(x.ullTotalPhys);
      expect(x.ullAvailPageFile).toBeGreaterThan(0);
      expect(x.ullAvailPageFile).toBeLessThanOrEqual(x.ullTotalPageFile);
      expect(x.ullAvailVirtual).toBeGreaterThan(0);
      expect(x.ullAvailVirtual).toBeLessThanOrEqual(x.ullTotalVirtual);
    });

    // [wine-heap] test_GlobalMemoryStatus: GlobalMemoryStatus agrees with GlobalMemoryStatusEx (dwTotalVirtual ==
    // ullTotalVirtual, dwAvailVirtual == ullAvailVirtual, same memory load); with 256 MiB of RAM nothing is clipped.
    // In the x64 profile the SIZE_T fields hold 0x7FFFFFFE0000 unclipped (the Wine test is built 64-bit too).
    it('GlobalMemoryStatus agrees with GlobalMemoryStatusEx', () => {
      const x = r.get('GlobalMemoryStatusEx') as Record<string, number>;
      expect(r.get('GlobalMemoryStatus')).toEqual({
        dwLength: SIZEOF_MEMORYSTATUS[profile],
        dwMemoryLoad: x.dwMemoryLoad,
        dwTotalPhys: 256 * MiB,
        dwAvailPhys: x.ullAvailPhys,
        dwTotalPageFile: 768 * MiB,
        dwAvailPageFile: x.ullAvailPageFile,
        dwTotalVirtual: totalVirtual,
        dwAvailVirtual: x.ullAvailVirtual,
      });
    });

    // [wine-psapi] test_GetProcessMemoryInfo: a NULL process handle fails with ERROR_INVALID_HANDLE; cb one byte
    // smaller than sizeof(PROCESS_MEMORY_COUNTERS) fails with ERROR_INSUFFICIENT_BUFFER; the right size succeeds.
    it('GetProcessMemoryInfo checks the handle and the buffer size', () => {
      expect(r.get('GetProcessMemoryInfo NULL handle')).toEqual([0, W.ERROR_INVALID_HANDLE]);
      expect(r.get('GetProcessMemoryInfo cb one byte short')).toEqual([0, W.ERROR_INSUFFICIENT_BUFFER]);
      const p = r.get('GetProcessMemoryInfo') as Record<string, number>;
      expect(p.ret).toBe(1);
      // [msdn] PROCESS_MEMORY_COUNTERS: peaks are peaks of the current values.
      expect(p.PeakWorkingSetSize).toBeGreaterThanOrEqual(p.WorkingSetSize);
      expect(p.PeakPagefileUsage).toBeGreaterThanOrEqual(p.PagefileUsage);
    });
  });
}

// ---------------------------------------------------------------------------------------
// Clipping of the 32-bit MEMORYSTATUS: an x86 (not large-address-aware) process on a machine with more than
// 2 GiB of RAM and a commit limit of 4 GiB.
// ---------------------------------------------------------------------------------------
describe('GlobalMemoryStatus clipping (x86 profile, 2.25 GiB RAM, 1.75 GiB pagefile)', () => {
  const ram = 2 * GiB + 256 * MiB;
  const pagefile = GiB + 768 * MiB;
  const r = labCases(
    { profile: 'x86', ramBytes: ram, pagefileBytes: pagefile },
    `
const gx = gmsx();
const g = gms();
c('GlobalMemoryStatusEx', () => gx);
c('GlobalMemoryStatus', () => g);
`,
  );

  // [wine-heap] test_GlobalMemoryStatus: GlobalMemoryStatusEx gives the exact 64-bit values.
  it('GlobalMemoryStatusEx is exact', () => {
    expect(r.get('GlobalMemoryStatusEx')).toMatchObject({
      ret: 1,
      ullTotalPhys: ram,
      ullTotalPageFile: ram + pagefile,
      ullTotalVirtual: 0x7ffe0000,
    });
  });

  // [wine-heap] test_GlobalMemoryStatus (32-bit build, not large-address-aware):
  //   dwTotalPhys == min(~(SIZE_T)0 >> 1, ullTotalPhys), dwAvailPhys == min(~(SIZE_T)0 >> 1, ullAvailPhys)
  //   — Windows 10/11; Windows ≤ 8.1 with more than 4 GB returned ~0 (a `broken()` alternative, not asserted);
  //   dwTotalPageFile == min(~(SIZE_T)0, ullTotalPageFile), dwAvailPageFile likewise.
  // [msdn] GlobalMemoryStatus remarks: with 2–4 GB of RAM "the GlobalMemoryStatus function will always return 2 GB
  // in the dwTotalPhys member ... the dwAvailPhys member ... will be rounded down to 2 GB" unless the executable is
  // large address aware.
  it('dwTotalPhys and dwAvailPhys are clipped to 0x7FFFFFFF, the pagefile fields to 0xFFFFFFFF', () => {
    const x = r.get('GlobalMemoryStatusEx') as Record<string, number>;
    expect(r.get('GlobalMemoryStatus')).toEqual({
      dwLength: 32,
      dwMemoryLoad: x.dwMemoryLoad,
      dwTotalPhys: 0x7fffffff,
      dwAvailPhys: Math.min(0x7fffffff, x.ullAvailPhys),
      dwTotalPageFile: 0xffffffff,
      dwAvailPageFile: Math.min(0xffffffff, x.ullAvailPageFile),
      dwTotalVirtual: 0x7ffe0000,
      dwAvailVirtual: x.ullAvailVirtual,
    });
  });
});

// ---------------------------------------------------------------------------------------
// GetProcessMemoryInfo: what moves WorkingSetSize and PagefileUsage.
// ---------------------------------------------------------------------------------------
describe('GetProcessMemoryInfo counters (x86 profile, default machine)', () => {
  const r = labCases(
    { profile: 'x86' },
    `
const R = VirtualAlloc(0, 0x400000, MEM_RESERVE, PAGE_READWRITE);
// A 2 MiB-aligned block inside the 4 MiB reservation: one page table covers it on x86 (4 MiB per table,
// 2 MiB with PAE) and on x64 (2 MiB). Its first page is committed and touched before measuring, so the
// page table exists already and stays (that page stays valid) through everything measured below.
const B = Math.ceil(R / 0x200000) * 0x200000;
VirtualAlloc(B, PG, MEM_COMMIT, PAGE_READWRITE);
touch(B, 1);
const M = B + 0x10000;
const p0 = pmc();
c('commit 1 MiB', () => VirtualAlloc(M, 0x100000, MEM_COMMIT, PAGE_READWRITE) === M);
const p1 = pmc();
c('PagefileUsage after committing 1 MiB', () => p1.PagefileUsage - p0.PagefileUsage);
c('WorkingSetSize after committing 1 MiB', () => p1.WorkingSetSize - p0.WorkingSetSize);
touch(M, 64);
const p2 = pmc();
c('WorkingSetSize after touching 64 pages', () => p2.WorkingSetSize - p1.WorkingSetSize);
c('PagefileUsage after touching 64 pages', () => p2.PagefileUsage - p1.PagefileUsage);
c('PageFaultCount after touching 64 pages', () => p2.PageFaultCount - p1.PageFaultCount);
c('peaks after touching', () => [p2.PeakWorkingSetSize >= p2.WorkingSetSize, p2.PeakPagefileUsage >= p2.PagefileUsage]);
c('decommit 1 MiB', () => VirtualFree(M, 0x100000, MEM_DECOMMIT));
const p3 = pmc();
c('PagefileUsage after decommitting', () => p2.PagefileUsage - p3.PagefileUsage);
c('WorkingSetSize after decommitting', () => p2.WorkingSetSize - p3.WorkingSetSize);
c('peaks after decommitting', () => [p3.PeakWorkingSetSize >= p2.WorkingSetSize, p3.PeakPagefileUsage >= p2.PagefileUsage]);
VirtualFree(R, 0, MEM_RELEASE);
`,
  );

  // [msdn] PROCESS_MEMORY_COUNTERS.PagefileUsage: "The Commit Charge value in bytes for this process"; [msdn]
  // VirtualAlloc MEM_COMMIT: "Actual physical pages are not allocated unless/until the virtual addresses are
  // actually accessed" — so committing moves PagefileUsage by exactly the size and not the working set.
  it('committing 1 MiB raises PagefileUsage by 1 MiB and leaves WorkingSetSize alone', () => {
    expect(r.get('commit 1 MiB')).toBe(true);
    expect(r.get('PagefileUsage after committing 1 MiB')).toBe(0x100000);
    expect(r.get('WorkingSetSize after committing 1 MiB')).toBe(0);
  });

  // [msdn] PROCESS_MEMORY_COUNTERS.WorkingSetSize: "The current working set size"; the first access to a committed
  // page brings it into the working set (a demand-zero fault, counted in PageFaultCount). The block's page table
  // existed before, so 64 pages add exactly 64 pages and no commit.
  it('touching 64 committed pages raises WorkingSetSize by 64 pages and PageFaultCount, not PagefileUsage', () => {
    expect(r.get('WorkingSetSize after touching 64 pages')).toBe(64 * 0x1000);
    expect(r.get('PagefileUsage after touching 64 pages')).toBe(0);
    expect(r.get('PageFaultCount after touching 64 pages')).toBeGreaterThan(0);
    expect(r.get('peaks after touching')).toEqual([true, true]);
  });

  // [msdn] VirtualFree: "Decommitting a page releases its physical storage, either in memory or in the paging file";
  // the commit charge drops by the size and the 64 touched pages leave the working set (the block's page table
  // stays: its first page is still committed and resident). Peaks keep the peak.
  it('decommitting gives back PagefileUsage and the working set; the peaks stay', () => {
    expect(r.get('decommit 1 MiB')).toBe(1);
    expect(r.get('PagefileUsage after decommitting')).toBe(0x100000);
    expect(r.get('WorkingSetSize after decommitting')).toBe(64 * 0x1000);
    expect(r.get('peaks after decommitting')).toEqual([true, true]);
  });
});
