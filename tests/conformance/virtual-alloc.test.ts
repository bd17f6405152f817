/**
 * Conformance: VirtualAlloc on private memory, as real Windows (10/11, x86 process) does it.
 *
 * Sources, cited above each case:
 *   [wine-k32]  Wine dlls/kernel32/tests/virtual.c (runs on real Windows; `ok()` lines only,
 *               `broken()` alternatives for old Windows ignored)
 *   [wine-nt]   Wine dlls/ntdll/tests/virtual.c, with the NTSTATUS → Win32 error mapping of
 *               Wine dlls/ntdll/tests/error.c (also checked against real Windows)
 *   [msdn]      Microsoft docs, sdk-api-src/content/memoryapi/nf-memoryapi-virtualalloc.md
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { casesOn, labCases, useLab } from './cases.js';
import { MiB, W } from './win32-values.js';

describe('VirtualAlloc (x86 profile, default machine)', () => {
  const lab = useLab({ profile: 'x86' });

  // -------------------------------------------------------------------------------------
  // [wine-k32] test_VirtualAlloc: the reserve / commit / protect / reset sequence.
  // -------------------------------------------------------------------------------------
  describe('reserve, commit, MEM_RESET (Wine test_VirtualAlloc)', () => {
    const r = casesOn(
      lab,
      `
c('reserve size 0', () => err(() => VirtualAlloc(0, 0, MEM_RESERVE, PAGE_NOACCESS)));
const a = VirtualAlloc(0, 0xfffc, MEM_RESERVE, PAGE_NOACCESS);
c('a', () => a);
c('reserve 0xfffc: query', () => q(a));
c('commit first page NOACCESS', () => VirtualAlloc(a, 0x1000, MEM_COMMIT, PAGE_NOACCESS));
c('commit first page NOACCESS: query', () => q(a));
c('commit an already committed page again', () => VirtualAlloc(a, 0x1000, MEM_COMMIT, PAGE_NOACCESS));
c('protect first page RW', () => vp(a, 0x1000, PAGE_READWRITE));
mem.fill(a, 20, 0x55);
c('MEM_RESET committed page', () => VirtualAlloc(a, 0x1000, MEM_RESET, PAGE_NOACCESS));
c('MEM_RESET committed page: data', () => mem.getInt32(a) >>> 0);
c('MEM_RESET committed page: query', () => q(a));
c('MEM_RESET reserved page', () => VirtualAlloc(a + 0x1000, 0x1000, MEM_RESET, PAGE_NOACCESS));
c('MEM_RESET reserved page: query', () => q(a + 0x1000));
c('MEM_RESET past the end of the reservation', () => err(() => VirtualAlloc(a + 0xf000, 0x2000, MEM_RESET, PAGE_NOACCESS)));
c('reserve with protection 0', () => err(() => VirtualAlloc(0, 0x1000, MEM_RESERVE, 0)));
c('commit with protection 0', () => err(() => VirtualAlloc(0, 0x1000, MEM_COMMIT, 0)));
c('commit with PAGE_READONLY|PAGE_EXECUTE', () => err(() => VirtualAlloc(a, 0x1000, MEM_COMMIT, PAGE_READONLY | PAGE_EXECUTE)));
c('release a', () => VirtualFree(a, 0, MEM_RELEASE));
const b = VirtualAlloc(0, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE);
c('b', () => b);
c('release b', () => VirtualFree(b, 0, MEM_RELEASE));
c('re-reserve b at the same address', () => VirtualAlloc(b, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE));
c('AT_ROUND_TO_PAGE is rejected', () => err(() => VirtualAlloc(b, 0x1000, MEM_RESERVE | MEM_COMMIT | AT_ROUND_TO_PAGE, PAGE_EXECUTE_READWRITE)));
c('release b again', () => VirtualFree(b, 0, MEM_RELEASE));
c('MEM_WRITE_WATCH without MEM_RESERVE', () => err(() => VirtualAlloc(0, 0x10000, MEM_WRITE_WATCH, PAGE_READWRITE)));
const d = VirtualAlloc(0, 0x2000, MEM_COMMIT, PAGE_READWRITE);
c('commit with NULL address and no MEM_RESERVE', () => [d !== 0, d % GRAN]);
c('commit with NULL address and no MEM_RESERVE: query', () => { const i = q(d); return [i.BaseAddress === d, i.AllocationBase === d, i.AllocationProtect, i.RegionSize, i.State, i.Protect, i.Type]; });
VirtualFree(d, 0, MEM_RELEASE);
`,
    );
    let a: number;
    beforeAll(() => {
      a = r.get('a') as number;
    });

    // [wine-k32] test_VirtualAlloc: "VirtualAlloc should fail on zero-sized allocation", ERROR_INVALID_PARAMETER (NT).
    it('reserving 0 bytes fails with ERROR_INVALID_PARAMETER', () => {
      expect(r.get('reserve size 0')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    });

    // [wine-k32] test_VirtualAlloc: VirtualAlloc(0, 0xFFFC, MEM_RESERVE, PAGE_NOACCESS) then VirtualQuery:
    // RegionSize 0x10000, State MEM_RESERVE, Protect 0 ("NT reports Protect == 0 for a not committed
    // memory block"), Type MEM_PRIVATE. [msdn] the size is rounded up to the next page boundary.
    it('a reservation of 0xFFFC bytes is one 64 KiB reserved region', () => {
      expect(a).not.toBe(0);
      expect(a % 0x10000).toBe(0);
      expect(r.get('reserve 0xfffc: query')).toEqual({
        ret: 28,
        BaseAddress: a,
        AllocationBase: a,
        AllocationProtect: W.PAGE_NOACCESS,
        RegionSize: 0x10000,
        State: W.MEM_RESERVE,
        Protect: 0,
        Type: W.MEM_PRIVATE,
      });
    });

    // [wine-k32] test_VirtualAlloc: VirtualAlloc(addr1, 0x1000, MEM_COMMIT, PAGE_NOACCESS) == addr1; then
    // RegionSize 0x1000, State MEM_COMMIT, Protect PAGE_NOACCESS ("this time NT reports PAGE_NOACCESS as well").
    it('committing the first page of the reservation returns its address; the page is a committed NOACCESS region', () => {
      expect(r.get('commit first page NOACCESS')).toBe(a);
      expect(r.get('commit first page NOACCESS: query')).toEqual({
        ret: 28,
        BaseAddress: a,
        AllocationBase: a,
        AllocationProtect: W.PAGE_NOACCESS,
        RegionSize: 0x1000,
        State: W.MEM_COMMIT,
        Protect: W.PAGE_NOACCESS,
        Type: W.MEM_PRIVATE,
      });
    });

    // [msdn] MEM_COMMIT: "An attempt to commit a page that is already committed does not cause the function to fail."
    // [wine-k32] test_VirtualAlloc_protection: recommitting a committed page returns its address.
    it('committing an already committed page succeeds', () => {
      expect(r.get('commit an already committed page again')).toBe(a);
    });

    // [wine-k32] test_VirtualAlloc: after VirtualProtect(PAGE_READWRITE) and memset 0x55,
    // VirtualAlloc(addr1, 0x1000, MEM_RESET, PAGE_NOACCESS) == addr1; the data reads 0x55555555 or 0;
    // the page stays committed with RegionSize 0x1000 and Protect PAGE_READWRITE (flProtect ignored).
    it('MEM_RESET on a committed page returns its address and leaves state and protection alone', () => {
      expect(r.get('protect first page RW')).toEqual([1, W.PAGE_NOACCESS]);
      expect(r.get('MEM_RESET committed page')).toBe(a);
      expect([0x55555555, 0]).toContain(r.get('MEM_RESET committed page: data'));
      expect(r.get('MEM_RESET committed page: query')).toMatchObject({
        RegionSize: 0x1000,
        State: W.MEM_COMMIT,
        Protect: W.PAGE_READWRITE,
      });
    });

    // [wine-k32] test_VirtualAlloc: VirtualAlloc(addr1 + 0x1000, 0x1000, MEM_RESET, PAGE_NOACCESS) returns
    // addr1 + 0x1000 on a merely reserved page, which stays MEM_RESERVE (RegionSize 0xf000, Protect 0).
    // (So MEM_RESET does not require committed pages.)
    it('MEM_RESET on a reserved page succeeds and leaves it reserved', () => {
      expect(r.get('MEM_RESET reserved page')).toBe(a + 0x1000);
      expect(r.get('MEM_RESET reserved page: query')).toMatchObject({
        BaseAddress: a + 0x1000,
        RegionSize: 0xf000,
        State: W.MEM_RESERVE,
        Protect: 0,
      });
    });

    // [wine-k32] test_VirtualAlloc: VirtualAlloc(addr1 + 0xf000, 0x2000, MEM_RESET, ...) fails, ERROR_INVALID_ADDRESS.
    it('MEM_RESET of a range running past the reservation fails with ERROR_INVALID_ADDRESS', () => {
      expect(r.get('MEM_RESET past the end of the reservation')).toEqual([0, W.ERROR_INVALID_ADDRESS]);
    });

    // [wine-k32] test_VirtualAlloc "invalid protection values": MEM_RESERVE or MEM_COMMIT with protection 0,
    // and PAGE_READONLY | PAGE_EXECUTE, fail with ERROR_INVALID_PARAMETER.
    it('protection 0 and combined base protections fail with ERROR_INVALID_PARAMETER', () => {
      expect(r.get('reserve with protection 0')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
      expect(r.get('commit with protection 0')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
      expect(r.get('commit with PAGE_READONLY|PAGE_EXECUTE')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    });

    // [wine-k32] test_VirtualAlloc: "memory returned by VirtualAlloc should be aligned to 64k"; after
    // MEM_RELEASE the same address can be reserved and committed again and VirtualAlloc returns it.
    it('allocations are 64 KiB aligned and a released range can be allocated again at the same address', () => {
      const b = r.get('b') as number;
      expect(b).not.toBe(0);
      expect(b % 0x10000).toBe(0);
      expect(r.get('release b')).toBe(1);
      expect(r.get('re-reserve b at the same address')).toBe(b);
      expect(r.get('release b again')).toBe(1);
    });

    // [wine-k32] test_VirtualAlloc: "AT_ROUND_TO_PAGE flag is not supported for VirtualAlloc", ERROR_INVALID_PARAMETER.
    it('AT_ROUND_TO_PAGE is rejected with ERROR_INVALID_PARAMETER', () => {
      expect(r.get('AT_ROUND_TO_PAGE is rejected')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    });

    // [wine-k32] test_write_watch: VirtualAlloc(0, size, MEM_WRITE_WATCH, PAGE_READWRITE) fails with
    // ERROR_INVALID_PARAMETER. [msdn] "If you specify this value, you must also specify MEM_RESERVE."
    it('an allocation type without MEM_RESERVE or MEM_COMMIT (MEM_WRITE_WATCH alone) fails with ERROR_INVALID_PARAMETER', () => {
      expect(r.get('MEM_WRITE_WATCH without MEM_RESERVE')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    });

    // [wine-k32] test_VirtualAlloc: VirtualAlloc(NULL, 0x2000, MEM_COMMIT, PAGE_READWRITE) succeeds (reserving
    // implicitly): BaseAddress == AllocationBase == addr1, RegionSize 0x2000, MEM_COMMIT, PAGE_READWRITE, MEM_PRIVATE.
    it('MEM_COMMIT with a NULL address reserves and commits in one step', () => {
      expect(r.get('commit with NULL address and no MEM_RESERVE')).toEqual([true, 0]);
      expect(r.get('commit with NULL address and no MEM_RESERVE: query')).toEqual([
        true,
        true,
        W.PAGE_READWRITE,
        0x2000,
        W.MEM_COMMIT,
        W.PAGE_READWRITE,
        W.MEM_PRIVATE,
      ]);
    });

    it('the program released everything it allocated', () => {
      expect(r.get('release a')).toBe(1);
    });
  });

  // -------------------------------------------------------------------------------------
  // [wine-k32] test_VirtualAlloc_protection: every protection value for MEM_COMMIT.
  // -------------------------------------------------------------------------------------
  describe('protection values (Wine test_VirtualAlloc_protection)', () => {
    // The table of test_VirtualAlloc_protection: only the six single base protections succeed;
    // combinations and both WRITECOPY flavours fail with ERROR_INVALID_PARAMETER.
    const PROTS = [...Array.from({ length: 16 }, (_, i) => i), ...Array.from({ length: 15 }, (_, i) => (i + 1) << 4)];
    const OK = new Set([
      W.PAGE_NOACCESS,
      W.PAGE_READONLY,
      W.PAGE_READWRITE,
      W.PAGE_EXECUTE,
      W.PAGE_EXECUTE_READ,
      W.PAGE_EXECUTE_READWRITE,
    ]);
    const WRITABLE = new Set([W.PAGE_READWRITE, W.PAGE_EXECUTE_READWRITE]);
    const r = casesOn(
      lab,
      `
const PROTS = ${JSON.stringify(PROTS)};
for (const p of PROTS) {
  c('alloc protection ' + p, () => {
    SetLastError(0xdeadbeef);
    const b = VirtualAlloc(0, PG, MEM_COMMIT, p);
    if (!b) return { ret: 0, err: GetLastError() };
    const i = q(b);
    let protAfterWrite = null;
    if (p === PAGE_READWRITE || p === PAGE_EXECUTE_READWRITE) { mem.setUint8(b, 0xfe); protAfterWrite = q(b).Protect; }
    const again = VirtualAlloc(b, PG, MEM_COMMIT, p);
    VirtualFree(b, 0, MEM_RELEASE);
    return { baseOk: i.BaseAddress === b && i.AllocationBase === b, RegionSize: i.RegionSize, State: i.State,
             Protect: i.Protect, AllocationProtect: i.AllocationProtect, Type: i.Type, protAfterWrite, recommitOk: again === b };
  });
}
`,
    );

    for (const p of PROTS) {
      const label = '0x' + p.toString(16).padStart(2, '0');
      if (OK.has(p as never)) {
        // [wine-k32] test_VirtualAlloc_protection: success; VirtualQuery gives Protect == AllocationProtect == prot,
        // RegionSize one page, MEM_COMMIT, MEM_PRIVATE; a write keeps the protection; recommitting returns the base.
        it(`MEM_COMMIT with protection ${label} succeeds`, () => {
          expect(r.get('alloc protection ' + p)).toEqual({
            baseOk: true,
            RegionSize: 0x1000,
            State: W.MEM_COMMIT,
            Protect: p,
            AllocationProtect: p,
            Type: W.MEM_PRIVATE,
            protAfterWrite: WRITABLE.has(p as never) ? p : null,
            recommitOk: true,
          });
        });
      } else {
        // [wine-k32] test_VirtualAlloc_protection: failure with ERROR_INVALID_PARAMETER (including PAGE_WRITECOPY
        // and PAGE_EXECUTE_WRITECOPY, which private memory cannot have).
        it(`MEM_COMMIT with protection ${label} fails with ERROR_INVALID_PARAMETER`, () => {
          expect(r.get('alloc protection ' + p)).toEqual({ ret: 0, err: W.ERROR_INVALID_PARAMETER });
        });
      }
    }
  });

  // -------------------------------------------------------------------------------------
  // Rounding, placement and address conflicts.
  // -------------------------------------------------------------------------------------
  describe('rounding, placement and conflicts', () => {
    const r = casesOn(
      lab,
      `
const one = VirtualAlloc(0, 1, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
c('one byte: query', () => { const i = q(one); return [i.BaseAddress === one, i.RegionSize, i.State]; });
VirtualFree(one, 0, MEM_RELEASE);

const p1 = VirtualAlloc(0, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
const p2 = VirtualAlloc(0, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
c('successive allocations', () => [p1 % GRAN, p2 % GRAN, p1 !== p2, p1 !== 0 && p2 !== 0]);
c('reserve+commit inside the 64 KiB block of another allocation', () => err(() => VirtualAlloc(p1 + 0x1000, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)));
c('reserve at the base of an existing allocation', () => err(() => VirtualAlloc(p1, 0x1000, MEM_RESERVE, PAGE_READWRITE)));
VirtualFree(p1, 0, MEM_RELEASE);
VirtualFree(p2, 0, MEM_RELEASE);

const R = VirtualAlloc(0, 0x10000, MEM_RESERVE, PAGE_READWRITE);
c('R', () => R);
c('reserve in the middle of an existing reservation', () => err(() => VirtualAlloc(R + 0x4000, 0x1000, MEM_RESERVE, PAGE_READWRITE)));
c('commit rounds the address down to a page', () => VirtualAlloc(R + 0x1234, 0x10, MEM_COMMIT, PAGE_READWRITE));
c('commit rounds the address down to a page: query', () => q(R + 0x1000));
c('commit of a 2-byte range straddling a page boundary', () => VirtualAlloc(R + 0x3fff, 2, MEM_COMMIT, PAGE_READWRITE));
c('commit of a 2-byte range straddling a page boundary: query', () => q(R + 0x3000));
c('commit running past the end of the reservation', () => err(() => VirtualAlloc(R + 0xf000, 0x2000, MEM_COMMIT, PAGE_READWRITE)));
c('after the failed commit the last page is still reserved', () => q(R + 0xf000));
c('committed memory reads as zero', () => { let s = 0; for (let i = 0; i < 0x1000; i += 4) s |= mem.getInt32(R + 0x1000 + i); for (let i = 0; i < 0x2000; i += 4) s |= mem.getInt32(R + 0x3000 + i); return s; });
VirtualFree(R, 0, MEM_RELEASE);
c('commit without MEM_RESERVE at an address in no reservation', () => err(() => VirtualAlloc(R, 0x1000, MEM_COMMIT, PAGE_READWRITE)));

const cp = VirtualAlloc(0, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
c('recommit a committed page with another protection', () => VirtualAlloc(cp, 0x1000, MEM_COMMIT, PAGE_READONLY) === cp);
c('recommit a committed page with another protection: query', () => { const i = q(cp); return [i.Protect, i.RegionSize, q(cp + PG).Protect, i.AllocationProtect]; });
VirtualFree(cp, 0, MEM_RELEASE);

const X = VirtualAlloc(0, 0x40000, MEM_RESERVE, PAGE_NOACCESS);
VirtualFree(X, 0, MEM_RELEASE);
c('X', () => X);
c('reserve rounds the address down to 64 KiB', () => VirtualAlloc(X + 0x1234, 0x1000, MEM_RESERVE, PAGE_READWRITE));
c('reserve rounds the address down to 64 KiB: query', () => q(X));
VirtualFree(X, 0, MEM_RELEASE);
`,
    );
    let R: number;
    let X: number;
    beforeAll(() => {
      R = r.get('R') as number;
      X = r.get('X') as number;
    });

    // [msdn] dwSize: "If the lpAddress parameter is NULL, this value is rounded up to the next page boundary."
    it('a one-byte allocation is one page', () => {
      expect(r.get('one byte: query')).toEqual([true, 0x1000, W.MEM_COMMIT]);
    });

    // [wine-k32] test_VirtualAlloc: returned memory is 64 KiB aligned. Distinct allocations are distinct
    // regions. (Bottom-up placement is randomised on Windows 8+, so adjacency is not asserted.)
    it('successive allocations are each 64 KiB aligned and distinct', () => {
      expect(r.get('successive allocations')).toEqual([0, 0, true, true]);
    });

    // [wine-nt] test_NtAllocateVirtualMemory: "allocation conflicts because of 64k align": reserving at
    // addr1 + 0x1000 gives STATUS_CONFLICTING_ADDRESSES → ERROR_INVALID_ADDRESS ([wine-nt] error.c).
    // [msdn] remarks: "VirtualAlloc cannot reserve a reserved page."
    it('reserving where another allocation already is fails with ERROR_INVALID_ADDRESS', () => {
      expect(r.get('reserve+commit inside the 64 KiB block of another allocation')).toEqual([
        0,
        W.ERROR_INVALID_ADDRESS,
      ]);
      expect(r.get('reserve at the base of an existing allocation')).toEqual([0, W.ERROR_INVALID_ADDRESS]);
      expect(r.get('reserve in the middle of an existing reservation')).toEqual([0, W.ERROR_INVALID_ADDRESS]);
    });

    // [msdn] lpAddress: "If the memory is already reserved and is being committed, the address is rounded
    // down to the next page boundary"; dwSize: the pages are all pages holding a byte of the range.
    it('MEM_COMMIT rounds the address down to a page and commits whole pages', () => {
      expect(r.get('commit rounds the address down to a page')).toBe(R + 0x1000);
      expect(r.get('commit rounds the address down to a page: query')).toMatchObject({
        BaseAddress: R + 0x1000,
        AllocationBase: R,
        RegionSize: 0x1000,
        State: W.MEM_COMMIT,
        Protect: W.PAGE_READWRITE,
      });
    });

    // [msdn] dwSize: "a 2-byte range straddling a page boundary causes both pages to be included".
    it('a 2-byte range straddling a page boundary commits both pages', () => {
      expect(r.get('commit of a 2-byte range straddling a page boundary')).toBe(R + 0x3000);
      expect(r.get('commit of a 2-byte range straddling a page boundary: query')).toMatchObject({
        BaseAddress: R + 0x3000,
        RegionSize: 0x2000,
        State: W.MEM_COMMIT,
      });
    });

    // [msdn] MEM_COMMIT: committing "fails unless the entire range has already been reserved. The resulting
    // error code is ERROR_INVALID_ADDRESS"; remarks: "Otherwise, the function fails and none of the pages are allocated."
    it('committing a range that runs past the reservation fails with ERROR_INVALID_ADDRESS and commits nothing', () => {
      expect(r.get('commit running past the end of the reservation')).toEqual([0, W.ERROR_INVALID_ADDRESS]);
      expect(r.get('after the failed commit the last page is still reserved')).toMatchObject({
        BaseAddress: R + 0xf000,
        RegionSize: 0x1000,
        State: W.MEM_RESERVE,
      });
    });

    // [msdn] description: "Memory allocated by this function is automatically initialized to zero."
    it('committed memory reads as zero', () => {
      expect(r.get('committed memory reads as zero')).toBe(0);
    });

    // [msdn] MEM_COMMIT without MEM_RESERVE at a non-NULL address outside any reservation: ERROR_INVALID_ADDRESS.
    it('MEM_COMMIT at an address that is not reserved fails with ERROR_INVALID_ADDRESS', () => {
      expect(r.get('commit without MEM_RESERVE at an address in no reservation')).toEqual([0, W.ERROR_INVALID_ADDRESS]);
    });

    // [msdn] MEM_COMMIT on committed pages does not fail; Windows Research Kernel base/ntos/mm/allocvm.c
    // (NtAllocateVirtualMemory): for a page already committed with another protection it sets ChangeProtection
    // and applies the new protection to the range (MiProtectVirtualMemory). AllocationProtect does not change.
    it('MEM_COMMIT of a committed page with another protection changes its protection', () => {
      expect(r.get('recommit a committed page with another protection')).toBe(true);
      expect(r.get('recommit a committed page with another protection: query')).toEqual([
        W.PAGE_READONLY,
        0x1000,
        W.PAGE_READWRITE,
        W.PAGE_READWRITE,
      ]);
    });

    // [msdn] lpAddress: "If the memory is being reserved, the specified address is rounded down to the nearest
    // multiple of the allocation granularity"; dwSize: the region ends with the page holding the last byte,
    // so X + 0x1234 .. X + 0x2234 gives the region X .. X + 0x3000.
    it('MEM_RESERVE rounds the address down to 64 KiB and the end up to a page', () => {
      expect(r.get('reserve rounds the address down to 64 KiB')).toBe(X);
      expect(r.get('reserve rounds the address down to 64 KiB: query')).toEqual({
        ret: 28,
        BaseAddress: X,
        AllocationBase: X,
        AllocationProtect: W.PAGE_READWRITE,
        RegionSize: 0x3000,
        State: W.MEM_RESERVE,
        Protect: 0,
        Type: W.MEM_PRIVATE,
      });
    });
  });

  // -------------------------------------------------------------------------------------
  // MEM_TOP_DOWN and running out of address space.
  // -------------------------------------------------------------------------------------
  describe('MEM_TOP_DOWN and address-space exhaustion', () => {
    const r = casesOn(
      lab,
      `
const low = VirtualAlloc(0, 0x10000, MEM_RESERVE, PAGE_READWRITE);
const top = VirtualAlloc(0, 0x10000, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE);
c('top-down', () => [top !== 0, top % GRAN, top > low, top + 0x10000 <= MAX_APP + 1]);
c('top-down: room left above it', () => {
  // The largest 64 KiB-aligned free block above the top-down allocation.
  let a = top + 0x10000, best = 0;
  for (let n = 0; n < 100000 && a <= MAX_APP; n++) {
    const i = q(a);
    if (!i.ret || !i.RegionSize) break;
    if (i.State === MEM_FREE) {
      const s = Math.ceil(i.BaseAddress / GRAN) * GRAN, e = Math.floor((i.BaseAddress + i.RegionSize) / GRAN) * GRAN;
      if (e - s > best) best = e - s;
    }
    a = i.BaseAddress + i.RegionSize;
  }
  return best;
});
const topc = VirtualAlloc(0, 0x3000, MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE);
c('top-down commit', () => { const i = q(topc); return [topc % GRAN, topc > low, i.State, i.RegionSize]; });
VirtualFree(low, 0, MEM_RELEASE); VirtualFree(top, 0, MEM_RELEASE); VirtualFree(topc, 0, MEM_RELEASE);

const big = VirtualAlloc(0, 0x40000000, MEM_RESERVE, PAGE_NOACCESS);
c('reserve 1 GiB', () => [big !== 0, big % GRAN]);
c('reserve 1.25 GiB more', () => err(() => VirtualAlloc(0, 0x50000000, MEM_RESERVE, PAGE_NOACCESS)));
VirtualFree(big, 0, MEM_RELEASE);
`,
    );

    // [msdn] MEM_TOP_DOWN: "Allocates memory at the highest possible address." So the allocation is 64 KiB
    // aligned, above a bottom-up one, inside user space, and no free aligned block above it could hold it.
    it('MEM_TOP_DOWN reserves at the highest possible address', () => {
      expect(r.get('top-down')).toEqual([true, 0, true, true]);
      expect(r.get('top-down: room left above it')).toBeLessThan(0x10000);
    });

    // [msdn] MEM_TOP_DOWN combines with MEM_RESERVE | MEM_COMMIT.
    it('MEM_TOP_DOWN with MEM_COMMIT commits at the top', () => {
      expect(r.get('top-down commit')).toEqual([0, true, W.MEM_COMMIT, 0x3000]);
    });

    // [wine-nt] test_NtAllocateVirtualMemory / test_NtAllocateVirtualMemoryEx_address_requirements: when no
    // free range can hold the allocation NtAllocateVirtualMemory returns STATUS_NO_MEMORY, which maps to
    // ERROR_NOT_ENOUGH_MEMORY ([wine-nt] error.c). 1 GiB + 1.25 GiB cannot fit in the 2 GiB x86 user space.
    it('a reservation no free range can hold fails with ERROR_NOT_ENOUGH_MEMORY', () => {
      expect(r.get('reserve 1 GiB')).toEqual([true, 0]);
      expect(r.get('reserve 1.25 GiB more')).toEqual([0, W.ERROR_NOT_ENOUGH_MEMORY]);
    });
  });
});

// ---------------------------------------------------------------------------------------
// Commit limit: a 16 MiB machine without a pagefile has a 16 MiB commit limit (SPEC section 1).
// ---------------------------------------------------------------------------------------
describe('VirtualAlloc beyond the commit limit (16 MiB RAM, no pagefile)', () => {
  const r = labCases(
    { profile: 'x86', ramBytes: 16 * MiB, pagefileBytes: 0 },
    `
const before = gms();
c('reserve+commit 64 MiB', () => err(() => VirtualAlloc(0, 64 * 1024 * 1024, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)));
const after = gms();
c('counters after the failed reserve+commit', () => [after.dwAvailVirtual - before.dwAvailVirtual, after.dwAvailPageFile - before.dwAvailPageFile]);
const res = VirtualAlloc(0, 64 * 1024 * 1024, MEM_RESERVE, PAGE_READWRITE);
c('reserve 64 MiB', () => [res !== 0, res % GRAN]);
c('commit 64 MiB inside the reservation', () => err(() => VirtualAlloc(res, 64 * 1024 * 1024, MEM_COMMIT, PAGE_READWRITE)));
c('the reservation after the failed commit', () => { const i = q(res); return [i.BaseAddress === res, i.RegionSize, i.State]; });
c('commit one page inside the reservation', () => VirtualAlloc(res, 0x1000, MEM_COMMIT, PAGE_READWRITE) === res);
VirtualFree(res, 0, MEM_RELEASE);
`,
  );

  // [wine-nt] error.c: STATUS_COMMITMENT_LIMIT → ERROR_COMMITMENT_LIMIT; Raymond Chen, "Under what conditions
  // could a commit of reserved memory fail?" (The Old New Thing, 2017-04-19): the commit limit.
  // [msdn] remarks: "Otherwise, the function fails and none of the pages are allocated."
  it('reserve+commit of more than the commit limit fails with ERROR_COMMITMENT_LIMIT and allocates nothing', () => {
    expect(r.get('reserve+commit 64 MiB')).toEqual([0, W.ERROR_COMMITMENT_LIMIT]);
    expect(r.get('counters after the failed reserve+commit')).toEqual([0, 0]);
  });

  // [msdn] MEM_RESERVE reserves "without allocating any actual physical storage in memory or in the paging
  // file", so a 64 MiB reservation succeeds; committing it exceeds the limit (ERROR_COMMITMENT_LIMIT) and
  // leaves the range reserved.
  it('committing a reservation beyond the commit limit fails with ERROR_COMMITMENT_LIMIT and leaves it reserved', () => {
    expect(r.get('reserve 64 MiB')).toEqual([true, 0]);
    expect(r.get('commit 64 MiB inside the reservation')).toEqual([0, W.ERROR_COMMITMENT_LIMIT]);
    expect(r.get('the reservation after the failed commit')).toEqual([true, 64 * MiB, W.MEM_RESERVE]);
    expect(r.get('commit one page inside the reservation')).toBe(true);
  });
});
