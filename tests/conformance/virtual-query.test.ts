/**
 * Conformance: VirtualQuery and MEMORY_BASIC_INFORMATION for free, reserved and committed private
 * memory, as real Windows 10/11 fills it.
 *
 * Sources, cited above each case:
 *   [wine-k32]  Wine dlls/kernel32/tests/virtual.c (runs on real Windows)
 *   [msdn]      Microsoft docs, sdk-api-src/content/memoryapi/nf-memoryapi-virtualquery.md and
 *               winnt/ns-winnt-memory_basic_information
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { labCases } from './cases.js';
import { W } from './win32-values.js';

describe('VirtualQuery (x86 profile, default machine)', () => {
  const r = labCases(
    { profile: 'x86' },
    `
const F = VirtualAlloc(0, 0x100000, MEM_RESERVE, PAGE_NOACCESS);
VirtualFree(F, 0, MEM_RELEASE);
const N = VirtualAlloc(F + 0x40000, 0x10000, MEM_RESERVE, PAGE_READWRITE);
c('F', () => F);
c('N', () => N);
c('free region', () => q(F + 0x1234));
c('reserved region', () => q(N));
c('reserved region from an address inside it', () => q(N + 0x8005));
VirtualAlloc(N + 0x4000, 0x2000, MEM_COMMIT, PAGE_READONLY);
c('reservation with a committed middle: below', () => q(N));
c('reservation with a committed middle: middle', () => q(N + 0x4000));
c('reservation with a committed middle: above', () => q(N + 0x6000));
c('free region right after a reservation', () => { const i = q(N + 0x10000); return [i.ret, i.BaseAddress === N + 0x10000, i.State, i.AllocationBase, i.Type]; });
VirtualFree(N, 0, MEM_RELEASE);

const C = VirtualAlloc(0, 4 * PG, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
c('C', () => C);
vp(C + PG, PG, PAGE_READONLY);
const sh = (i: any) => [i.BaseAddress - C, i.AllocationBase === C, i.RegionSize, i.State, i.Protect, i.AllocationProtect];
c('regions split by protection', () => [sh(q(C)), sh(q(C + PG)), sh(q(C + 2 * PG))]);
VirtualFree(C, 0, MEM_RELEASE);

c('above the user address space (0x80000000)', () => err(() => VirtualQuery(0x80000000, new MEMORY_BASIC_INFORMATION(), MBI_SIZE)));
c('above the user address space (0xffff0000)', () => err(() => VirtualQuery(0xffff0000, new MEMORY_BASIC_INFORMATION(), MBI_SIZE)));
`,
  );
  let F: number;
  let N: number;
  let C: number;
  beforeAll(() => {
    F = r.get('F') as number;
    N = r.get('N') as number;
    C = r.get('C') as number;
  });

  it('the program placed its reservation where it asked', () => {
    expect(N).toBe(F + 0x40000);
  });

  // [wine-k32] test_MapViewOfFile: a freed range queries as Protect PAGE_NOACCESS, AllocationBase NULL,
  // AllocationProtect 0, State MEM_FREE, Type 0. [msdn] lpAddress "is rounded down to the next page boundary";
  // remarks: queried 10 MB into a 40 MB free region, "the function will obtain a state of MEM_FREE and a size
  // of 30 MB" — the region runs from the queried page to the next allocation.
  it('a free region: MEM_FREE, PAGE_NOACCESS, no allocation, size up to the next allocation', () => {
    expect(r.get('free region')).toEqual({
      ret: 28,
      BaseAddress: F + 0x1000,
      AllocationBase: 0,
      AllocationProtect: 0,
      RegionSize: 0x3f000,
      State: W.MEM_FREE,
      Protect: W.PAGE_NOACCESS,
      Type: 0,
    });
  });

  // [wine-k32] test_VirtualAlloc: a reserved block queries as AllocationProtect as requested, State MEM_RESERVE,
  // Protect 0 ("NT reports Protect == 0 for a not committed memory block"), Type MEM_PRIVATE.
  it('a reserved region: MEM_RESERVE, Protect 0, MEM_PRIVATE, AllocationProtect as requested', () => {
    expect(r.get('reserved region')).toEqual({
      ret: 28,
      BaseAddress: N,
      AllocationBase: N,
      AllocationProtect: W.PAGE_READWRITE,
      RegionSize: 0x10000,
      State: W.MEM_RESERVE,
      Protect: 0,
      Type: W.MEM_PRIVATE,
    });
  });

  // [msdn] lpAddress "is rounded down to the next page boundary"; the region reported starts at that page.
  it('querying inside a region reports from the queried page to the end of the region', () => {
    expect(r.get('reserved region from an address inside it')).toMatchObject({
      BaseAddress: N + 0x8000,
      AllocationBase: N,
      RegionSize: 0x8000,
      State: W.MEM_RESERVE,
    });
  });

  // [msdn] remarks: a region is consecutive pages with the same state, allocation and protection, so a reservation
  // with a committed middle part is three regions. [wine-k32] test_MapViewOfFile (SEC_RESERVE + VirtualAlloc):
  // the committed part has its own Protect while AllocationProtect stays the allocation's.
  it('a reservation with a committed middle part is three regions', () => {
    const all = { ret: 28, AllocationBase: N, AllocationProtect: W.PAGE_READWRITE, Type: W.MEM_PRIVATE };
    expect(r.get('reservation with a committed middle: below')).toEqual({
      ...all,
      BaseAddress: N,
      RegionSize: 0x4000,
      State: W.MEM_RESERVE,
      Protect: 0,
    });
    expect(r.get('reservation with a committed middle: middle')).toEqual({
      ...all,
      BaseAddress: N + 0x4000,
      RegionSize: 0x2000,
      State: W.MEM_COMMIT,
      Protect: W.PAGE_READONLY,
    });
    expect(r.get('reservation with a committed middle: above')).toEqual({
      ...all,
      BaseAddress: N + 0x6000,
      RegionSize: 0xa000,
      State: W.MEM_RESERVE,
      Protect: 0,
    });
  });

  // [msdn] remarks: "If the initial page is not free, all pages in the region are part of the same initial
  // allocation"; the page after a reservation belongs to no allocation.
  it('the page after a reservation is free', () => {
    expect(r.get('free region right after a reservation')).toEqual([28, true, W.MEM_FREE, 0, 0]);
  });

  // [msdn] remarks: "The access granted to all pages is the same" within a region. [wine-k32] test_write_watch:
  // VirtualProtect of the first pages of a committed block splits it (RegionSize 3 pages).
  it('a protection change splits a committed block into regions', () => {
    expect(C % 0x10000).toBe(0);
    expect(r.get('regions split by protection')).toEqual([
      [0x0000, true, 0x1000, W.MEM_COMMIT, W.PAGE_READWRITE, W.PAGE_READWRITE],
      [0x1000, true, 0x1000, W.MEM_COMMIT, W.PAGE_READONLY, W.PAGE_READWRITE],
      [0x2000, true, 0x2000, W.MEM_COMMIT, W.PAGE_READWRITE, W.PAGE_READWRITE],
    ]);
  });

  // [msdn] lpAddress: "If lpAddress specifies an address above the highest memory address accessible to the
  // process, the function fails with ERROR_INVALID_PARAMETER." In the x86 profile that is 0x7FFEFFFF.
  it('an address above the user address space fails with ERROR_INVALID_PARAMETER', () => {
    expect(r.get('above the user address space (0x80000000)')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    expect(r.get('above the user address space (0xffff0000)')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
  });
});

// [msdn] VirtualQuery returns "the actual number of bytes returned in the information buffer":
// sizeof(MEMORY_BASIC_INFORMATION) is 48 in a 64-bit process (PartitionId and alignment padding).
describe('VirtualQuery (x64 profile)', () => {
  const r = labCases(
    { profile: 'x64' },
    `
const p = VirtualAlloc(0, 0x3000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
c('p', () => p);
c('committed region', () => q(p));
c('above the user address space', () => err(() => VirtualQuery(0x800000000000, new MEMORY_BASIC_INFORMATION(), MBI_SIZE)));
VirtualFree(p, 0, MEM_RELEASE);
`,
  );

  // [wine-k32] test_VirtualAlloc: VirtualQuery(...) == sizeof(info) for a committed block (here 48 bytes);
  // fields as for x86.
  it('returns 48 and fills the structure', () => {
    const p = r.get('p') as number;
    expect(p % 0x10000).toBe(0);
    expect(r.get('committed region')).toEqual({
      ret: 48,
      BaseAddress: p,
      AllocationBase: p,
      AllocationProtect: W.PAGE_READWRITE,
      RegionSize: 0x3000,
      State: W.MEM_COMMIT,
      Protect: W.PAGE_READWRITE,
      Type: W.MEM_PRIVATE,
    });
  });

  // [msdn] ERROR_INVALID_PARAMETER above the highest user address (0x7FFFFFFEFFFF in the x64 profile).
  it('an address above the 128 TiB user space fails with ERROR_INVALID_PARAMETER', () => {
    expect(r.get('above the user address space')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
  });
});

// The /3GB profile: a large-address-aware 32-bit process owns 0x00010000–0xBFFEFFFF (SPEC section 1).
describe('VirtualQuery (x86-3gb profile)', () => {
  const r = labCases(
    { profile: 'x86-3gb' },
    `
c('reserve above 2 GiB', () => VirtualAlloc(0x90000000, 0x10000, MEM_RESERVE, PAGE_READWRITE));
c('query above 2 GiB', () => q(0x90000000));
VirtualFree(0x90000000, 0, MEM_RELEASE);
c('above the user address space (0xc0000000)', () => err(() => VirtualQuery(0xc0000000, new MEMORY_BASIC_INFORMATION(), MBI_SIZE)));
`,
  );

  // [msdn] MEMORYSTATUSEX.ullTotalVirtual: "approximately 3 GB for 32-bit processes that are large address aware
  // running on a system with 4-gigabyte tuning enabled": addresses between 2 and 3 GiB are user space.
  it('addresses between 2 and 3 GiB can be reserved and queried', () => {
    expect(r.get('reserve above 2 GiB')).toBe(0x90000000);
    expect(r.get('query above 2 GiB')).toEqual({
      ret: 28,
      BaseAddress: 0x90000000,
      AllocationBase: 0x90000000,
      AllocationProtect: W.PAGE_READWRITE,
      RegionSize: 0x10000,
      State: W.MEM_RESERVE,
      Protect: 0,
      Type: W.MEM_PRIVATE,
    });
  });

  // [msdn] VirtualQuery: ERROR_INVALID_PARAMETER above the highest user address (0xBFFEFFFF here).
  it('an address above 3 GiB fails with ERROR_INVALID_PARAMETER', () => {
    expect(r.get('above the user address space (0xc0000000)')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
  });
});
