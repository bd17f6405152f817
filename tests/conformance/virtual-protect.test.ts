/**
 * Conformance: VirtualProtect on private memory, and what the protections do to accesses, as real
 * Windows 10/11 does it for an x86 process.
 *
 * Sources, cited above each case:
 *   [wine-k32]  Wine dlls/kernel32/tests/virtual.c (runs on real Windows; `ok()` lines only)
 *   [wine-nt]   Wine dlls/ntdll/tests/virtual.c, test_NtProtectVirtualMemory, with the mapping of Wine
 *               dlls/ntdll/tests/error.c (STATUS_NOT_COMMITTED → ERROR_INVALID_ADDRESS,
 *               STATUS_INVALID_PAGE_PROTECTION → ERROR_INVALID_PARAMETER, STATUS_ACCESS_VIOLATION → ERROR_NOACCESS)
 *   [msdn]      Microsoft docs, sdk-api-src/content/memoryapi/nf-memoryapi-virtualprotect.md,
 *               "Memory Protection Constants" and "Creating Guard Pages"
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { casesOn, useLab } from './cases.js';
import { W } from './win32-values.js';

const AV = W.STATUS_ACCESS_VIOLATION;
const GUARD = W.STATUS_GUARD_PAGE_VIOLATION;

describe('VirtualProtect (x86 profile, default machine)', () => {
  const lab = useLab({ profile: 'x86' });

  // -------------------------------------------------------------------------------------
  // Committed-only, old protection, invalid arguments.
  // -------------------------------------------------------------------------------------
  describe('basics (Wine test_VirtualAlloc / test_VirtualProtect)', () => {
    const r = casesOn(
      lab,
      `
const a = VirtualAlloc(0, 0x10000, MEM_RESERVE, PAGE_NOACCESS);
c('protect an uncommitted range', () => vp(a, 0xfffc, PAGE_READONLY));
VirtualAlloc(a, 0x1000, MEM_COMMIT, PAGE_NOACCESS);
c('protect a partly committed range', () => vp(a, 0xfffc, PAGE_READONLY));
c('after the failed protect the committed page is unchanged', () => q(a).Protect);
c('NOACCESS to READONLY', () => vp(a, 0x1000, PAGE_READONLY));
c('READONLY to READWRITE', () => vp(a, 0x1000, PAGE_READWRITE));
c('after READWRITE: query', () => { const i = q(a); return [i.RegionSize, i.State, i.Protect, i.AllocationProtect]; });
c('protection 0', () => vp(a, 0x1000, 0));
c('PAGE_READWRITE|PAGE_EXECUTE_WRITECOPY', () => vp(a, 0x1000, PAGE_READWRITE | PAGE_EXECUTE_WRITECOPY));
c('PAGE_WRITECOPY on private memory', () => vp(a, 0x1000, PAGE_WRITECOPY));
c('NULL old-protection pointer', () => { SetLastError(0xdeadbeef); const ret = VirtualProtect(a, 0x1000, PAGE_READONLY, null); return [ret, GetLastError(), q(a).Protect]; });
VirtualFree(a, 0, MEM_RELEASE);
`,
    );

    // [wine-k32] test_VirtualAlloc: "VirtualProtect should fail on a not committed memory" → ERROR_INVALID_ADDRESS (NT);
    // [wine-nt] test_NtProtectVirtualMemory: STATUS_NOT_COMMITTED.
    it('protecting uncommitted pages fails with ERROR_INVALID_ADDRESS', () => {
      expect(r.get('protect an uncommitted range')).toEqual([0, W.ERROR_INVALID_ADDRESS]);
    });

    // [wine-k32] test_VirtualAlloc: "this should fail, since not the whole range is committed yet" → ERROR_INVALID_ADDRESS.
    // [msdn] remarks: "If the state of any page in the specified region is not committed, the function fails and
    // returns without modifying the access protection of any pages in the specified region."
    it('protecting a partly committed range fails with ERROR_INVALID_ADDRESS and changes nothing', () => {
      expect(r.get('protect a partly committed range')).toEqual([0, W.ERROR_INVALID_ADDRESS]);
      expect(r.get('after the failed protect the committed page is unchanged')).toBe(W.PAGE_NOACCESS);
    });

    // [wine-k32] test_VirtualAlloc: old_prot PAGE_NOACCESS, then PAGE_READONLY; the page then queries as
    // RegionSize 0x1000, MEM_COMMIT, PAGE_READWRITE.
    it('returns the previous protection in lpflOldProtect', () => {
      expect(r.get('NOACCESS to READONLY')).toEqual([1, W.PAGE_NOACCESS]);
      expect(r.get('READONLY to READWRITE')).toEqual([1, W.PAGE_READONLY]);
      expect(r.get('after READWRITE: query')).toEqual([0x1000, W.MEM_COMMIT, W.PAGE_READWRITE, W.PAGE_NOACCESS]);
    });

    // [wine-k32] test_VirtualAlloc "invalid protection values": VirtualProtect with 0 and with
    // PAGE_READWRITE | PAGE_EXECUTE_WRITECOPY → ERROR_INVALID_PARAMETER.
    it('protection 0 and combined protections fail with ERROR_INVALID_PARAMETER', () => {
      expect(r.get('protection 0')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
      expect(r.get('PAGE_READWRITE|PAGE_EXECUTE_WRITECOPY')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    });

    // [wine-k32] test_VirtualProtect: PAGE_WRITECOPY (0x08) on VirtualAlloc'd memory fails with ERROR_INVALID_PARAMETER.
    it('PAGE_WRITECOPY on private memory fails with ERROR_INVALID_PARAMETER', () => {
      expect(r.get('PAGE_WRITECOPY on private memory')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    });

    // [wine-k32] test_VirtualProtect: VirtualProtect(base, ..., PAGE_READONLY, NULL) fails with ERROR_NOACCESS and
    // the protection stays what it was. [msdn] lpflOldProtect: "If this parameter is NULL ..., the function fails."
    it('a NULL lpflOldProtect fails with ERROR_NOACCESS and leaves the protection alone', () => {
      expect(r.get('NULL old-protection pointer')).toEqual([0, W.ERROR_NOACCESS, W.PAGE_READWRITE]);
    });
  });

  // -------------------------------------------------------------------------------------
  // [wine-k32] test_VirtualProtect: the whole table of protection values.
  // -------------------------------------------------------------------------------------
  describe('protection values (Wine test_VirtualProtect table)', () => {
    const PROTS = [...Array.from({ length: 16 }, (_, i) => i), ...Array.from({ length: 15 }, (_, i) => (i + 1) << 4)];
    // prot_get of the table: nonzero (accepted) only for the six single base protections.
    const OK = new Set<number>([
      W.PAGE_NOACCESS,
      W.PAGE_READONLY,
      W.PAGE_READWRITE,
      W.PAGE_EXECUTE,
      W.PAGE_EXECUTE_READ,
      W.PAGE_EXECUTE_READWRITE,
    ]);
    const r = casesOn(
      lab,
      `
const base = VirtualAlloc(0, PG, MEM_RESERVE | MEM_COMMIT, PAGE_NOACCESS);
for (const p of ${JSON.stringify(PROTS)}) {
  c('protect ' + p, () => {
    const set = vp(base, PG, p);
    const i = q(base);
    const back = vp(base, PG, PAGE_NOACCESS);
    return { set, query: [i.BaseAddress === base, i.RegionSize, i.Protect, i.AllocationProtect, i.State, i.Type], back };
  });
}
VirtualFree(base, 0, MEM_RELEASE);
`,
    );

    for (const p of PROTS) {
      const label = '0x' + p.toString(16).padStart(2, '0');
      if (OK.has(p)) {
        // [wine-k32] test_VirtualProtect: succeeds, old protection PAGE_NOACCESS; VirtualQuery shows Protect == p,
        // AllocationProtect still PAGE_NOACCESS; setting PAGE_NOACCESS back returns p.
        it(`VirtualProtect to ${label} succeeds and returns the old protection`, () => {
          expect(r.get('protect ' + p)).toEqual({
            set: [1, W.PAGE_NOACCESS],
            query: [true, 0x1000, p, W.PAGE_NOACCESS, W.MEM_COMMIT, W.MEM_PRIVATE],
            back: [1, p],
          });
        });
      } else {
        // [wine-k32] test_VirtualProtect: fails with ERROR_INVALID_PARAMETER and the page keeps PAGE_NOACCESS.
        it(`VirtualProtect to ${label} fails with ERROR_INVALID_PARAMETER`, () => {
          expect(r.get('protect ' + p)).toEqual({
            set: [0, W.ERROR_INVALID_PARAMETER],
            query: [true, 0x1000, W.PAGE_NOACCESS, W.PAGE_NOACCESS, W.MEM_COMMIT, W.MEM_PRIVATE],
            back: [1, W.PAGE_NOACCESS],
          });
        });
      }
    }
  });

  // -------------------------------------------------------------------------------------
  // Ranges, and what the protections do to reads and writes.
  // -------------------------------------------------------------------------------------
  describe('ranges and accesses', () => {
    const r = casesOn(
      lab,
      `
const s = VirtualAlloc(0, 16 * PG, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
c('16 pages to READONLY', () => vp(s, 16 * PG, PAGE_READONLY));
c('first 8 pages to READWRITE', () => vp(s, 8 * PG, PAGE_READWRITE));
c('last 8 pages to EXECUTE_READWRITE', () => vp(s + 8 * PG, 8 * PG, PAGE_EXECUTE_READWRITE));
c('16 pages of two protections to EXECUTE_READ', () => vp(s, 16 * PG, PAGE_EXECUTE_READ));
c('after: one region', () => { const i = q(s); return [i.Protect, i.RegionSize]; });
c('1 byte at an unaligned address', () => vp(s + 1, 1, PAGE_READONLY));
c('1 byte at an unaligned address: query', () => { const i = q(s); return [i.BaseAddress === s, i.Protect, i.RegionSize]; });
c('2 bytes straddling a page boundary', () => vp(s + 0x2fff, 2, PAGE_READWRITE));
c('2 bytes straddling a page boundary: query', () => { const i = q(s + 0x2000); return [i.Protect, i.RegionSize]; });
VirtualFree(s, 0, MEM_RELEASE);

const z = VirtualAlloc(0, 4 * PG, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
c('z', () => z);
mem.setInt32(z, 0x1234); mem.setInt32(z + PG, 0x5678);
vp(z, PG, PAGE_NOACCESS);
c('NOACCESS: read', () => fault(() => mem.getInt32(z + 8)));
c('NOACCESS: write', () => fault(() => mem.setInt32(z + 8, 1)));
vp(z + PG, PG, PAGE_READONLY);
c('READONLY: read', () => fault(() => mem.getInt32(z + PG)));
c('READONLY: write', () => fault(() => mem.setInt32(z + PG + 4, 1)));
c('READONLY: the failed write changed nothing', () => mem.getInt32(z + PG + 4));
vp(z + 2 * PG, PG, PAGE_EXECUTE_READ);
c('EXECUTE_READ: read', () => fault(() => mem.getInt32(z + 2 * PG)));
c('EXECUTE_READ: write', () => fault(() => mem.setUint8(z + 2 * PG + 16, 1)));
vp(z + 3 * PG, PG, PAGE_EXECUTE_READWRITE);
c('EXECUTE_READWRITE: write then read', () => fault(() => { mem.setInt32(z + 3 * PG, 77); return mem.getInt32(z + 3 * PG); }));
c('NOACCESS back to READWRITE keeps the data', () => { vp(z, PG, PAGE_READWRITE); return mem.getInt32(z); });
VirtualFree(z, 0, MEM_RELEASE);
`,
    );
    let z: number;
    beforeAll(() => {
      z = r.get('z') as number;
    });

    // [wine-nt] test_NtProtectVirtualMemory: 16 pages READONLY (old RW); 8 to RW (old READONLY); the other 8 to
    // EXECUTE_READWRITE (old READONLY); all 16 to EXECUTE_READ returns the old protection of the first page (RW).
    // [msdn] lpflOldProtect receives "the previous access protection value of the first page in the specified region".
    it("a range spanning pages of different protections returns the first page's old protection", () => {
      expect(r.get('16 pages to READONLY')).toEqual([1, W.PAGE_READWRITE]);
      expect(r.get('first 8 pages to READWRITE')).toEqual([1, W.PAGE_READONLY]);
      expect(r.get('last 8 pages to EXECUTE_READWRITE')).toEqual([1, W.PAGE_READONLY]);
      expect(r.get('16 pages of two protections to EXECUTE_READ')).toEqual([1, W.PAGE_READWRITE]);
      expect(r.get('after: one region')).toEqual([W.PAGE_EXECUTE_READ, 16 * 0x1000]);
    });

    // [wine-nt] test_NtProtectVirtualMemory: address + 1, size 1 → one page (size rounded to a page, address
    // rounded down). [msdn] dwSize: "a 2-byte range straddling a page boundary causes the protection attributes
    // of both pages to be changed."
    it('the range covers every page holding one of its bytes', () => {
      expect(r.get('1 byte at an unaligned address')).toEqual([1, W.PAGE_EXECUTE_READ]);
      expect(r.get('1 byte at an unaligned address: query')).toEqual([true, W.PAGE_READONLY, 0x1000]);
      expect(r.get('2 bytes straddling a page boundary')).toEqual([1, W.PAGE_EXECUTE_READ]);
      expect(r.get('2 bytes straddling a page boundary: query')).toEqual([W.PAGE_READWRITE, 0x2000]);
    });

    // [msdn] Memory Protection Constants: PAGE_NOACCESS "Disables all access to the committed region of pages. An
    // attempt to read from, write to, or execute the committed region results in an access violation."
    it('PAGE_NOACCESS: reads and writes are access violations', () => {
      expect(r.get('NOACCESS: read')).toEqual({ code: AV, address: z + 8, access: 'read' });
      expect(r.get('NOACCESS: write')).toEqual({ code: AV, address: z + 8, access: 'write' });
    });

    // [msdn] Memory Protection Constants: PAGE_READONLY "An attempt to write to the committed region results in an
    // access violation"; PAGE_EXECUTE_READ likewise; PAGE_EXECUTE_READWRITE allows read and write.
    it('PAGE_READONLY and PAGE_EXECUTE_READ: reads work, writes are access violations that change nothing', () => {
      expect(r.get('READONLY: read')).toEqual({ ok: 0x5678 });
      expect(r.get('READONLY: write')).toEqual({ code: AV, address: z + 0x1000 + 4, access: 'write' });
      expect(r.get('READONLY: the failed write changed nothing')).toBe(0);
      expect(r.get('EXECUTE_READ: read')).toEqual({ ok: 0 });
      expect(r.get('EXECUTE_READ: write')).toEqual({ code: AV, address: z + 0x2000 + 16, access: 'write' });
      expect(r.get('EXECUTE_READWRITE: write then read')).toEqual({ ok: 77 });
    });

    // Protection changes do not touch the contents ([msdn] VirtualProtect only changes access protection).
    it('changing protection keeps the page contents', () => {
      expect(r.get('NOACCESS back to READWRITE keeps the data')).toBe(0x1234);
    });
  });

  // -------------------------------------------------------------------------------------
  // PAGE_GUARD.
  // -------------------------------------------------------------------------------------
  describe('PAGE_GUARD (Wine test_guard_page)', () => {
    const r = casesOn(
      lab,
      `
const g = VirtualAlloc(0, PG, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
c('guard: query', () => { const i = q(g); return [i.BaseAddress === g, i.AllocationProtect, i.RegionSize, i.State, i.Protect, i.Type]; });
c('guard: remove it', () => vp(g, PG, PAGE_READWRITE));
mem.setInt32(g, 1); mem.setInt32(g + 4, 2);
c('guard: set it again', () => vp(g, PG, PAGE_READWRITE | PAGE_GUARD));
c('guard: first write', () => fault(() => mem.setInt32(g, 5)));
c('guard: after the first write', () => { const i = q(g); return [i.Protect, i.AllocationProtect, mem.getInt32(g)]; });
c('guard: second write', () => fault(() => { mem.setInt32(g, 5); return mem.getInt32(g); }));
c('guard: set it a third time', () => vp(g, PG, PAGE_READWRITE | PAGE_GUARD));
c('guard: first read', () => fault(() => mem.getInt32(g + 4)));
c('guard: second read', () => fault(() => mem.getInt32(g + 4)));
VirtualFree(g, 0, MEM_RELEASE);

const h = VirtualAlloc(0, 2 * PG, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
c('two guard pages: touch the first', () => fault(() => mem.getUint8(h)));
c('two guard pages: after', () => { const a = q(h), b = q(h + PG); return [a.Protect, a.RegionSize, b.Protect, b.RegionSize]; });
VirtualFree(h, 0, MEM_RELEASE);
`,
    );

    // [wine-k32] test_guard_page: VirtualAlloc(MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD) queries as
    // AllocationProtect == Protect == PAGE_READWRITE | PAGE_GUARD, RegionSize one page, MEM_COMMIT, MEM_PRIVATE.
    it('a guard page queries as PAGE_READWRITE | PAGE_GUARD', () => {
      const rwg = W.PAGE_READWRITE | W.PAGE_GUARD;
      expect(r.get('guard: query')).toEqual([true, rwg, 0x1000, W.MEM_COMMIT, rwg, W.MEM_PRIVATE]);
    });

    // [wine-k32] test_guard_page: VirtualProtect(PAGE_READWRITE) returns old PAGE_READWRITE | PAGE_GUARD; setting
    // the guard again returns old PAGE_READWRITE.
    it('VirtualProtect sets and clears PAGE_GUARD and reports it in the old protection', () => {
      expect(r.get('guard: remove it')).toEqual([1, W.PAGE_READWRITE | W.PAGE_GUARD]);
      expect(r.get('guard: set it again')).toEqual([1, W.PAGE_READWRITE]);
    });

    // [wine-k32] test_guard_page: the first access raises STATUS_GUARD_PAGE_VIOLATION once; VirtualQuery then shows
    // Protect PAGE_READWRITE ("PAGE_GUARD should be removed now"); AllocationProtect keeps PAGE_GUARD. [msdn]
    // Creating Guard Pages: a one-shot alarm; the access is not carried out when the exception is handled, so
    // the value stays what it was.
    it('the first write raises STATUS_GUARD_PAGE_VIOLATION once and removes the guard', () => {
      expect(r.get('guard: first write')).toMatchObject({ code: GUARD });
      expect(r.get('guard: after the first write')).toEqual([W.PAGE_READWRITE, W.PAGE_READWRITE | W.PAGE_GUARD, 1]);
      expect(r.get('guard: second write')).toEqual({ ok: 5 });
    });

    // [wine-k32] test_guard_page: after the guard fired, VirtualProtect(PAGE_READWRITE | PAGE_GUARD) returns old
    // PAGE_READWRITE; a read (the second integer) fires it once more, then reads work.
    it('a read fires the guard too, once', () => {
      expect(r.get('guard: set it a third time')).toEqual([1, W.PAGE_READWRITE]);
      expect(r.get('guard: first read')).toMatchObject({ code: GUARD });
      expect(r.get('guard: second read')).toEqual({ ok: 2 });
    });

    // [msdn] Creating Guard Pages: guard status belongs to each page; [wine-nt] test_stack_size_thread: the stack's
    // guard region is several PAGE_GUARD pages of which the one touched loses the guard. Touching the first of two
    // guard pages leaves the second guarded.
    it('only the page touched loses its guard', () => {
      expect(r.get('two guard pages: touch the first')).toMatchObject({ code: GUARD });
      expect(r.get('two guard pages: after')).toEqual([
        W.PAGE_READWRITE,
        0x1000,
        W.PAGE_READWRITE | W.PAGE_GUARD,
        0x1000,
      ]);
    });
  });

  // -------------------------------------------------------------------------------------
  // PAGE_NOCACHE is per allocation on recent Windows.
  // -------------------------------------------------------------------------------------
  describe('PAGE_NOCACHE (Wine test_VirtualAlloc)', () => {
    const r = casesOn(
      lab,
      `
const n = VirtualAlloc(0, 0x2000, MEM_COMMIT, PAGE_READWRITE | PAGE_NOCACHE);
const sh = (i: any) => [i.AllocationProtect, i.RegionSize, i.State, i.Protect, i.Type];
c('nocache: query', () => sh(q(n)));
c('nocache: first page to READWRITE', () => vp(n, PG, PAGE_READWRITE));
c('nocache: after READWRITE', () => sh(q(n)));
c('nocache: first page to READONLY', () => vp(n, PG, PAGE_READONLY));
c('nocache: after READONLY', () => sh(q(n)));
VirtualFree(n, 0, MEM_RELEASE);
const m = VirtualAlloc(0, 0x2000, MEM_COMMIT, PAGE_READWRITE);
c('nocache: add NOCACHE to a page that has none', () => vp(m, PG, PAGE_READONLY | PAGE_NOCACHE));
c('nocache: after adding', () => sh(q(m)));
VirtualFree(m, 0, MEM_RELEASE);
`,
    );

    const RWNC = W.PAGE_READWRITE | W.PAGE_NOCACHE;

    // [wine-k32] test_VirtualAlloc "PAGE_NOCACHE cannot be set per page in recent Windows": an allocation made with
    // PAGE_READWRITE | PAGE_NOCACHE keeps NOCACHE through VirtualProtect. Windows 10/11 values are asserted; the
    // `broken()` alternatives of older Windows (NOCACHE dropped per page) are not.
    it('an allocation with PAGE_NOCACHE keeps it through VirtualProtect (Windows 10/11)', () => {
      expect(r.get('nocache: query')).toEqual([RWNC, 0x2000, W.MEM_COMMIT, RWNC, W.MEM_PRIVATE]);
      expect(r.get('nocache: first page to READWRITE')).toEqual([1, RWNC]);
      expect(r.get('nocache: after READWRITE')).toEqual([RWNC, 0x2000, W.MEM_COMMIT, RWNC, W.MEM_PRIVATE]);
      expect(r.get('nocache: first page to READONLY')).toEqual([1, RWNC]);
      expect(r.get('nocache: after READONLY')).toEqual([
        RWNC,
        0x1000,
        W.MEM_COMMIT,
        W.PAGE_READONLY | W.PAGE_NOCACHE,
        W.MEM_PRIVATE,
      ]);
    });

    // [wine-k32] test_VirtualAlloc: VirtualProtect(PAGE_READONLY | PAGE_NOCACHE) on an allocation made without it
    // succeeds (old PAGE_READWRITE) and the page queries as plain PAGE_READONLY on recent Windows.
    it('PAGE_NOCACHE cannot be added to one page of an allocation made without it (Windows 10/11)', () => {
      expect(r.get('nocache: add NOCACHE to a page that has none')).toEqual([1, W.PAGE_READWRITE]);
      expect(r.get('nocache: after adding')).toEqual([
        W.PAGE_READWRITE,
        0x1000,
        W.MEM_COMMIT,
        W.PAGE_READONLY,
        W.MEM_PRIVATE,
      ]);
    });
  });
});
