/**
 * Conformance: CreateFileMapping, OpenFileMapping, MapViewOfFile(Ex), UnmapViewOfFile,
 * FlushViewOfFile, and the Virtual* functions on views. Expected values are what real
 * Windows 10/11 returns, as Wine's kernel32 virtual.c and file.c tests record it (see the
 * case names; "wine:" points at the test function).
 */
import { readFileSync, statSync, writeFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { casesOn, useLab } from './cases.js';
import { W } from './win32-values.js';

/** Section-related values (winnt.h / winbase.h / winerror.h), independent of src/win32. */
const V = {
  FILE_MAP_COPY: 0x1,
  FILE_MAP_WRITE: 0x2,
  FILE_MAP_READ: 0x4,
  FILE_MAP_EXECUTE: 0x20,
  FILE_MAP_ALL_ACCESS: 0xf001f,
  SEC_FILE: 0x800000,
  SEC_IMAGE: 0x1000000,
  SEC_RESERVE: 0x4000000,
  SEC_COMMIT: 0x8000000,
  SEC_NOCACHE: 0x10000000,
  GENERIC_READ: 0x80000000,
  GENERIC_WRITE: 0x40000000,
  FILE_SHARE_READ: 1,
  FILE_SHARE_WRITE: 2,
  OPEN_EXISTING: 3,
  ERROR_FILE_NOT_FOUND: 2,
  ERROR_ACCESS_DENIED: 5,
  ERROR_ALREADY_EXISTS: 183,
  ERROR_BAD_EXE_FORMAT: 193,
  ERROR_FILE_INVALID: 1006,
  ERROR_MAPPED_ALIGNMENT: 1132,
} as const;

const consts = Object.entries(V)
  .map(([k, v]) => `const ${k} = ${v};`)
  .join('\n');

/** Helpers every section program uses (after the conformance prelude). */
const helpers = `
${consts}
const { CreateFileMapping, OpenFileMapping, MapViewOfFile, MapViewOfFileEx, UnmapViewOfFile, FlushViewOfFile, CreateFile, CloseHandle } = W;
const INVALID = -1;
function open(name: string, access = GENERIC_READ | GENERIC_WRITE): number {
  const h = CreateFile('C:\\\\' + name, access, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, null);
  if (h === -1) throw new Error('CreateFile ' + name + ': ' + GetLastError());
  return h;
}
function anon(prot: number, size: number, name: string | null = null): number {
  const h = CreateFileMapping(INVALID, null, prot, 0, size, name);
  if (!h) throw new Error('CreateFileMapping: ' + GetLastError());
  return h;
}
function map(h: number, access: number, size = 0, off = 0): number {
  const p = MapViewOfFile(h, access, 0, off, size);
  if (!p) throw new Error('MapViewOfFile: ' + GetLastError());
  return p;
}
const ok = (v: number) => (v ? 1 : 0);
`;

describe('CreateFileMapping', () => {
  const lab = useLab({ profile: 'x86' });
  beforeAll(() => {
    writeFileSync(join(lab.lab.workspace, 'empty.bin'), Buffer.alloc(0));
    writeFileSync(join(lab.lab.workspace, 'page.bin'), Buffer.alloc(4096, 7));
    writeFileSync(join(lab.lab.workspace, 'grow.bin'), Buffer.alloc(4096, 1));
    writeFileSync(join(lab.lab.workspace, 'odd.bin'), Buffer.alloc(0x3452, 2));
  });
  const r = casesOn(
    lab,
    helpers +
      `
for (const [n, prot] of [['0', 0], ['NOACCESS', PAGE_NOACCESS], ['EXECUTE', PAGE_EXECUTE], ['RO|RW', PAGE_READONLY | PAGE_READWRITE], ['RW|GUARD', PAGE_READWRITE | PAGE_GUARD], ['RW|NOCACHE', PAGE_READWRITE | PAGE_NOCACHE]] as const)
  c('anon prot ' + n, () => err(() => CreateFileMapping(INVALID, null, prot, 0, 4096, null)));
for (const [n, prot] of [['READONLY', PAGE_READONLY], ['READWRITE', PAGE_READWRITE], ['WRITECOPY', PAGE_WRITECOPY], ['EXECUTE_READ', PAGE_EXECUTE_READ], ['EXECUTE_READWRITE', PAGE_EXECUTE_READWRITE], ['EXECUTE_WRITECOPY', PAGE_EXECUTE_WRITECOPY]] as const)
  c('anon prot ok ' + n, () => { const [h, e] = err(() => CreateFileMapping(INVALID, null, prot, 0, 4096, null)); CloseHandle(h); return [ok(h), e]; });
c('anon size 0', () => err(() => CreateFileMapping(INVALID, null, PAGE_READWRITE, 0, 0, null)));
for (const [n, sec] of [['RESERVE|COMMIT', SEC_RESERVE | SEC_COMMIT], ['IMAGE', SEC_IMAGE], ['IMAGE|COMMIT', SEC_IMAGE | SEC_COMMIT], ['NOCACHE', SEC_NOCACHE], ['FILE', SEC_FILE], ['FILE|COMMIT', SEC_FILE | SEC_COMMIT]] as const)
  c('anon sec ' + n, () => err(() => CreateFileMapping(INVALID, null, PAGE_READWRITE | sec, 0, 4096, null)));
for (const [n, sec] of [['RESERVE', SEC_RESERVE], ['COMMIT', SEC_COMMIT], ['COMMIT|NOCACHE', SEC_COMMIT | SEC_NOCACHE]] as const)
  c('anon sec ok ' + n, () => { const [h, e] = err(() => CreateFileMapping(INVALID, null, PAGE_READWRITE | sec, 0, 4096, null)); CloseHandle(h); return [ok(h), e]; });

c('file empty size 0', () => { const f = open('empty.bin'); const r = err(() => CreateFileMapping(f, null, PAGE_READWRITE, 0, 0, null)); CloseHandle(f); return r; });
c('file read-only + READWRITE', () => { const f = open('page.bin', GENERIC_READ); const r = err(() => CreateFileMapping(f, null, PAGE_READWRITE, 0, 0, null)); CloseHandle(f); return r; });
c('file read-only + EXECUTE_READ', () => { const f = open('page.bin', GENERIC_READ); const r = err(() => CreateFileMapping(f, null, PAGE_EXECUTE_READ, 0, 0, null)); CloseHandle(f); return r; });
c('file read-only + READONLY', () => { const f = open('page.bin', GENERIC_READ); const [h, e] = err(() => CreateFileMapping(f, null, PAGE_READONLY, 0, 0, null)); CloseHandle(h); CloseHandle(f); return [ok(h), e]; });
c('file read-only + WRITECOPY', () => { const f = open('page.bin', GENERIC_READ); const [h, e] = err(() => CreateFileMapping(f, null, PAGE_WRITECOPY, 0, 0, null)); CloseHandle(h); CloseHandle(f); return [ok(h), e]; });
c('file READONLY larger than file', () => { const f = open('page.bin'); const r = err(() => CreateFileMapping(f, null, PAGE_READONLY, 0, 8192, null)); CloseHandle(f); return r; });
c('file SEC_IMAGE on data', () => { const f = open('page.bin'); const r = err(() => CreateFileMapping(f, null, PAGE_READONLY | SEC_IMAGE, 0, 0, null)); CloseHandle(f); return r; });
c('file SEC_RESERVE is ignored', () => { const f = open('page.bin'); const h = CreateFileMapping(f, null, PAGE_READONLY | SEC_RESERVE, 0, 0, null); const p = map(h, FILE_MAP_READ); const v = [q(p).State, mem.getUint8(p)]; UnmapViewOfFile(p); CloseHandle(h); CloseHandle(f); return v; });
c('file READWRITE larger grows it', () => { const f = open('grow.bin'); const [h, e] = err(() => CreateFileMapping(f, null, PAGE_READWRITE, 0, 0x100000, null)); const p = map(h, FILE_MAP_READ); const v = [ok(h), e, q(p).RegionSize, q(p).State]; UnmapViewOfFile(p); CloseHandle(h); CloseHandle(f); return v; });
c('not a file handle', () => { const h = anon(PAGE_READWRITE, 4096); const r = err(() => CreateFileMapping(h, null, PAGE_READWRITE, 0, 4096, null)); CloseHandle(h); return r; });
c('garbage handle', () => err(() => CreateFileMapping(0x1234, null, PAGE_READWRITE, 0, 4096, null)));

c('named: created', () => err(() => ok(CreateFileMapping(INVALID, null, PAGE_READWRITE, 0, 4096, 'Yeming-Map-Page'))));
c('named: again is the same object', () => {
  const h1 = OpenFileMapping(FILE_MAP_ALL_ACCESS, 0, 'Yeming-Map-Page');
  const p1 = map(h1, FILE_MAP_WRITE);
  mem.setInt32(p1, 90);
  const [h2, e] = err(() => CreateFileMapping(INVALID, null, PAGE_READWRITE, 0, 65536, 'Yeming-Map-Page'));
  const p2 = map(h2, FILE_MAP_READ);
  const v = [ok(h2), e, mem.getInt32(p2), q(p2).RegionSize];
  UnmapViewOfFile(p1); UnmapViewOfFile(p2); CloseHandle(h1); CloseHandle(h2);
  return v;
});
c('named: case-sensitive', () => { const [h, e] = err(() => CreateFileMapping(INVALID, null, PAGE_READWRITE, 0, 4096, 'YEMING-MAP-PAGE')); CloseHandle(h); return [ok(h), e]; });
c('open missing', () => err(() => OpenFileMapping(FILE_MAP_READ, 0, 'no such mapping')));
c('open other case', () => err(() => OpenFileMapping(FILE_MAP_READ, 0, 'yeming-map-page')));
c('named by an event', () => { const ev = W.CreateEvent(null, 1, 0, 'Yeming-Event'); const r = err(() => CreateFileMapping(INVALID, null, PAGE_READWRITE, 0, 4096, 'Yeming-Event')); const o = err(() => OpenFileMapping(FILE_MAP_READ, 0, 'Yeming-Event')); CloseHandle(ev); return [r, o]; });

c('byte-exact file section', () => {
  const f = open('odd.bin');
  const h = CreateFileMapping(f, null, PAGE_READONLY, 0, 0, null);
  const p = map(h, FILE_MAP_READ);
  const exact = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0x3452);
  const v = [q(p).RegionSize, ok(exact), err(() => MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0x3453)), mem.getUint8(p + 0x3451), mem.getUint8(p + 0x3452)];
  UnmapViewOfFile(p); UnmapViewOfFile(exact); CloseHandle(h); CloseHandle(f);
  return v;
});
`,
  );

  it('accepts exactly the six section protections; others fail with ERROR_INVALID_PARAMETER (wine: test_CreateFileMapping_protection)', () => {
    for (const n of ['0', 'NOACCESS', 'EXECUTE', 'RO|RW', 'RW|GUARD', 'RW|NOCACHE']) expect(r.get(`anon prot ${n}`), n).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    for (const n of ['READONLY', 'READWRITE', 'WRITECOPY', 'EXECUTE_READ', 'EXECUTE_READWRITE', 'EXECUTE_WRITECOPY']) expect(r.get(`anon prot ok ${n}`), n).toEqual([1, 0]);
  });
  it('a pagefile section needs a size', () => expect(r.get('anon size 0')).toEqual([0, W.ERROR_INVALID_PARAMETER]));
  it('follows the SEC_* rules (wine: sec_flag_tests)', () => {
    for (const n of ['RESERVE|COMMIT', 'IMAGE|COMMIT', 'NOCACHE', 'FILE', 'FILE|COMMIT']) expect(r.get(`anon sec ${n}`), n).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    expect(r.get('anon sec IMAGE')).toEqual([0, V.ERROR_BAD_EXE_FORMAT]);
    for (const n of ['RESERVE', 'COMMIT', 'COMMIT|NOCACHE']) expect(r.get(`anon sec ok ${n}`), n).toEqual([1, 0]);
    expect(r.get('file SEC_IMAGE on data')).toEqual([0, V.ERROR_BAD_EXE_FORMAT]);
    expect(r.get('file SEC_RESERVE is ignored')).toEqual([W.MEM_COMMIT, 7]);
  });
  it('checks the file: empty, access rights, larger than a read-only file', () => {
    expect(r.get('file empty size 0')).toEqual([0, V.ERROR_FILE_INVALID]);
    expect(r.get('file read-only + READWRITE')).toEqual([0, V.ERROR_ACCESS_DENIED]);
    expect(r.get('file read-only + EXECUTE_READ')).toEqual([0, V.ERROR_ACCESS_DENIED]);
    expect(r.get('file read-only + READONLY')).toEqual([1, 0]);
    expect(r.get('file read-only + WRITECOPY')).toEqual([1, 0]);
    expect(r.get('file READONLY larger than file')).toEqual([0, W.ERROR_NOT_ENOUGH_MEMORY]);
    expect(r.get('not a file handle')).toEqual([0, W.ERROR_INVALID_HANDLE]);
    expect(r.get('garbage handle')).toEqual([0, W.ERROR_INVALID_HANDLE]);
  });
  it('a larger read-write section grows the file at once', () => {
    expect(r.get('file READWRITE larger grows it')).toEqual([1, 0, 0x100000, W.MEM_COMMIT]);
    expect(statSync(join(lab.lab.workspace, 'grow.bin')).size).toBe(0x100000);
  });
  it('names: an existing name gives the existing object with ERROR_ALREADY_EXISTS; names are case-sensitive', () => {
    expect(r.get('named: created')).toEqual([1, 0]);
    // The existing object at its existing size: the second call's 64 KiB is ignored.
    expect(r.get('named: again is the same object')).toEqual([1, V.ERROR_ALREADY_EXISTS, 90, 4096]);
    expect(r.get('named: case-sensitive')).toEqual([1, 0]);
    expect(r.get('open missing')).toEqual([0, V.ERROR_FILE_NOT_FOUND]);
    expect(r.get('open other case')).toEqual([0, V.ERROR_FILE_NOT_FOUND]);
  });
  it('a name held by an event fails with ERROR_INVALID_HANDLE (MSDN: Sharing Files and Memory)', () => {
    expect(r.get('named by an event')).toEqual([
      [0, W.ERROR_INVALID_HANDLE],
      [0, W.ERROR_INVALID_HANDLE],
    ]);
  });
  it('file sections are byte-exact; views are page-rounded and read zero past the end of file (wine: test_NtMapViewOfSection)', () => {
    expect(r.get('byte-exact file section')).toEqual([0x4000, 1, [0, V.ERROR_ACCESS_DENIED], 2, 0]);
  });
});

describe('MapViewOfFile', () => {
  const lab = useLab({ profile: 'x86' });
  beforeAll(() => {
    const big = join(lab.lab.workspace, 'big4g.bin');
    writeFileSync(big, Buffer.alloc(0));
    truncateSync(big, 4 * 1024 ** 3);
  });
  const r = casesOn(
    lab,
    helpers +
      `
const rw = anon(PAGE_READWRITE, 0x20000);
const ro = anon(PAGE_READONLY, 0x20000);
const xr = anon(PAGE_EXECUTE_READ, 0x20000);
function viewProt(h: number, access: number): any {
  SetLastError(0xdeadbeef);
  const p = MapViewOfFile(h, access, 0, 0, 0x1000);
  if (!p) return [0, GetLastError()];
  const m = q(p);
  UnmapViewOfFile(p);
  return [m.Protect, m.AllocationProtect, m.RegionSize, m.Type];
}
for (const [n, a] of [['0', 0], ['COPY', FILE_MAP_COPY], ['WRITE', FILE_MAP_WRITE], ['WRITE|COPY', FILE_MAP_WRITE | FILE_MAP_COPY], ['READ', FILE_MAP_READ], ['READ|COPY', FILE_MAP_READ | FILE_MAP_COPY], ['ALL', FILE_MAP_ALL_ACCESS], ['EXEC|READ', FILE_MAP_EXECUTE | FILE_MAP_READ], ['EXEC|COPY', FILE_MAP_EXECUTE | FILE_MAP_COPY], ['0x08|COPY', 0x08 | FILE_MAP_COPY]] as const) {
  c('rw ' + n, () => viewProt(rw, a));
  c('ro ' + n, () => viewProt(ro, a));
  c('xr ' + n, () => viewProt(xr, a));
}
c('open WRITE-only handle', () => {
  const h = anon(PAGE_READWRITE, 4096, 'wonly');
  const w = OpenFileMapping(FILE_MAP_WRITE, 0, 'wonly');
  const r = [viewProt(w, FILE_MAP_READ), viewProt(w, FILE_MAP_WRITE)];
  CloseHandle(w); CloseHandle(h);
  return r;
});
c('offset not aligned', () => err(() => MapViewOfFile(rw, FILE_MAP_READ, 0, 0x1000, 0x1000)));
c('offset aligned', () => { const p = MapViewOfFile(rw, FILE_MAP_READ, 0, 0x10000, 0); const v = [ok(p), q(p).RegionSize]; UnmapViewOfFile(p); return v; });
c('offset past end', () => err(() => MapViewOfFile(rw, FILE_MAP_READ, 0, 0x20000, 0)));
c('size past end', () => err(() => MapViewOfFile(rw, FILE_MAP_READ, 0, 0, 0x20001)));
c('invalid handle', () => err(() => MapViewOfFile(0x1234, FILE_MAP_READ, 0, 0, 0)));
c('process handle', () => err(() => MapViewOfFile(-1, FILE_MAP_READ, 0, 0, 0)));
c('base', () => {
  const p = MapViewOfFileEx(rw, FILE_MAP_READ, 0, 0, 0x2000, 0x30000000);
  const v = [p, err(() => MapViewOfFileEx(rw, FILE_MAP_READ, 0, 0, 0x1000, 0x30000000)), err(() => MapViewOfFileEx(rw, FILE_MAP_READ, 0, 0, 0x1000, 0x30001000)),
             err(() => VirtualAlloc(0x30002000, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE))];
  UnmapViewOfFile(p);
  return v;
});
c('4 GiB file whole view in x86', () => {
  const f = open('big4g.bin');
  const h = CreateFileMapping(f, null, PAGE_READONLY, 0, 0, null);
  const whole = err(() => MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0));
  const p = MapViewOfFile(h, FILE_MAP_READ, 0, 0xfff00000, 0x100000);
  const slide = [ok(p), q(p).RegionSize, mem.getUint8(p + 0xfffff)];
  const odd = err(() => MapViewOfFile(h, FILE_MAP_READ, 0, 0x80008000, 0x1000));
  UnmapViewOfFile(p); CloseHandle(h); CloseHandle(f);
  return [ok(h), whole, slide, odd];
});
c('unmap interior', () => {
  const p = map(rw, FILE_MAP_WRITE, 0x3000);
  const u = err(() => UnmapViewOfFile(p + 0x1000 + 100));
  const m = q(p);
  return [u, m.State, m.Protect, m.AllocationBase, m.Type];
});
c('unmap non-view', () => { const a = VirtualAlloc(0, 0x4000, MEM_COMMIT, PAGE_READWRITE); const v = [err(() => UnmapViewOfFile(a)), err(() => UnmapViewOfFile(a + 0x3000)), err(() => UnmapViewOfFile(0))]; VirtualFree(a, 0, MEM_RELEASE); return v; });
c('unmap twice', () => { const p = map(rw, FILE_MAP_READ); UnmapViewOfFile(p); return err(() => UnmapViewOfFile(p)); });
c('flush', () => {
  const p = map(rw, FILE_MAP_WRITE);
  const v = [err(() => FlushViewOfFile(p, 0)), err(() => FlushViewOfFile(p + 10, 100)), err(() => FlushViewOfFile(p, 0x20001)), err(() => FlushViewOfFile(0x7000000, 0))];
  UnmapViewOfFile(p);
  return v;
});
c('noaccess view faults', () => { const p = map(rw, 0); const f = fault(() => mem.getUint8(p)); UnmapViewOfFile(p); return [f.code, f.address === p]; });
`,
  );

  it('maps the desired access to a protection as kernelbase does (wine: test_mapping)', () => {
    const page = 0x1000;
    const M = W.MEM_MAPPED;
    expect(r.get('rw 0')).toEqual([W.PAGE_NOACCESS, W.PAGE_NOACCESS, page, M]);
    expect(r.get('rw COPY')).toEqual([W.PAGE_WRITECOPY, W.PAGE_WRITECOPY, page, M]);
    expect(r.get('rw WRITE')).toEqual([W.PAGE_READWRITE, W.PAGE_READWRITE, page, M]);
    expect(r.get('rw WRITE|COPY')).toEqual([W.PAGE_READWRITE, W.PAGE_READWRITE, page, M]);
    expect(r.get('rw READ')).toEqual([W.PAGE_READONLY, W.PAGE_READONLY, page, M]);
    expect(r.get('rw READ|COPY')).toEqual([W.PAGE_READONLY, W.PAGE_READONLY, page, M]);
    expect(r.get('rw ALL')).toEqual([W.PAGE_READWRITE, W.PAGE_READWRITE, page, M]);
    expect(r.get('rw 0x08|COPY')).toEqual([W.PAGE_NOACCESS, W.PAGE_NOACCESS, page, M]);
    expect(r.get('rw EXEC|READ')).toEqual([0, V.ERROR_ACCESS_DENIED]);
    expect(r.get('rw EXEC|COPY')).toEqual([0, V.ERROR_ACCESS_DENIED]);
  });
  it('a read-only section cannot be mapped for writing, but copy-on-write is allowed', () => {
    expect(r.get('ro WRITE')).toEqual([0, V.ERROR_ACCESS_DENIED]);
    expect(r.get('ro ALL')).toEqual([0, V.ERROR_ACCESS_DENIED]);
    expect(r.get('ro COPY')).toEqual([W.PAGE_WRITECOPY, W.PAGE_WRITECOPY, 0x1000, W.MEM_MAPPED]);
    expect(r.get('ro READ')).toEqual([W.PAGE_READONLY, W.PAGE_READONLY, 0x1000, W.MEM_MAPPED]);
  });
  it('an executable section maps execute views', () => {
    expect(r.get('xr EXEC|READ')).toEqual([W.PAGE_EXECUTE_READ, W.PAGE_EXECUTE_READ, 0x1000, W.MEM_MAPPED]);
    expect(r.get('xr EXEC|COPY')).toEqual([W.PAGE_EXECUTE_WRITECOPY, W.PAGE_EXECUTE_WRITECOPY, 0x1000, W.MEM_MAPPED]);
    expect(r.get('xr WRITE')).toEqual([0, V.ERROR_ACCESS_DENIED]);
  });
  it('a FILE_MAP_WRITE-only handle maps write views but not read views', () => {
    expect(r.get('open WRITE-only handle')).toEqual([
      [0, V.ERROR_ACCESS_DENIED],
      [W.PAGE_READWRITE, W.PAGE_READWRITE, 0x1000, W.MEM_MAPPED],
    ]);
  });
  it('checks offsets, sizes, handles and base addresses', () => {
    expect(r.get('offset not aligned')).toEqual([0, V.ERROR_MAPPED_ALIGNMENT]);
    expect(r.get('offset aligned')).toEqual([1, 0x10000]);
    expect(r.get('offset past end')).toEqual([0, V.ERROR_ACCESS_DENIED]);
    expect(r.get('size past end')).toEqual([0, V.ERROR_ACCESS_DENIED]);
    expect(r.get('invalid handle')).toEqual([0, W.ERROR_INVALID_HANDLE]);
    expect(r.get('process handle')).toEqual([0, W.ERROR_INVALID_HANDLE]);
    expect(r.get('base')).toEqual([0x30000000, [0, W.ERROR_INVALID_ADDRESS], [0, V.ERROR_MAPPED_ALIGNMENT], [0, W.ERROR_INVALID_ADDRESS]]);
  });
  it('a 4 GiB file cannot be mapped whole in x86; sliding 64 KiB-aligned views work (SPEC S13)', () => {
    expect(r.get('4 GiB file whole view in x86')).toEqual([1, [0, W.ERROR_NOT_ENOUGH_MEMORY], [1, 0x100000, 0], [0, V.ERROR_MAPPED_ALIGNMENT]]);
  });
  it('unmaps the whole view from any address inside it; other addresses fail with ERROR_INVALID_ADDRESS', () => {
    expect(r.get('unmap interior')).toEqual([[1, 0xdeadbeef], W.MEM_FREE, W.PAGE_NOACCESS, 0, 0]);
    expect(r.get('unmap non-view')).toEqual([
      [0, W.ERROR_INVALID_ADDRESS],
      [0, W.ERROR_INVALID_ADDRESS],
      [0, W.ERROR_INVALID_ADDRESS],
    ]);
    expect(r.get('unmap twice')).toEqual([0, W.ERROR_INVALID_ADDRESS]);
  });
  it('FlushViewOfFile succeeds on a pagefile view and fails outside views', () => {
    expect(r.get('flush')).toEqual([
      [1, 0xdeadbeef],
      [1, 0xdeadbeef],
      [0, W.ERROR_INVALID_ADDRESS],
      [0, W.ERROR_INVALID_ADDRESS],
    ]);
  });
  it('a PAGE_NOACCESS view raises an access violation when touched', () => {
    expect(r.get('noaccess view faults')).toEqual([0xc0000005, true]);
  });
});

describe('Virtual* functions on views', () => {
  const lab = useLab({ profile: 'x86' });
  beforeAll(() => writeFileSync(join(lab.lab.workspace, 'data.bin'), Buffer.alloc(0x10000, 0x41)));
  const r = casesOn(
    lab,
    helpers +
      `
const res = anon(PAGE_READWRITE | SEC_RESERVE, 0x100000);
const v1 = map(res, FILE_MAP_WRITE);
const v2 = map(res, FILE_MAP_WRITE);
c('reserve: before commit', () => { const m = q(v1); return [m.State, m.Protect, m.AllocationProtect, m.RegionSize, m.Type]; });
c('reserve: touch uncommitted', () => fault(() => mem.getUint8(v1)).code);
c('reserve: commit in view 1', () => { const before = gms().dwAvailPageFile; const a = err(() => VirtualAlloc(v1, 0x10000, MEM_COMMIT, PAGE_READONLY)); return [a[0] === v1, before - gms().dwAvailPageFile]; });
c('reserve: view 1 after', () => { const m = q(v1); return [m.State, m.Protect, m.RegionSize]; });
c('reserve: view 2 after', () => { const m = q(v2); return [m.State, m.Protect, m.RegionSize]; });
c('reserve: write through view 2', () => { mem.setUint32(v2 + 8, 0x12345678); return mem.getUint32(v1 + 8); });
c('reserve: incompatible protection', () => err(() => VirtualAlloc(v1, 0x1000, MEM_COMMIT, PAGE_EXECUTE_READ)));
c('reserve: past the view', () => err(() => VirtualAlloc(v1 + 0xff000, 0x2000, MEM_COMMIT, PAGE_READWRITE)));
c('decommit a view', () => err(() => VirtualFree(v1, 0x1000, MEM_DECOMMIT)));
c('release a view', () => err(() => VirtualFree(v1, 0, MEM_RELEASE)));
c('reserve in a view', () => err(() => VirtualAlloc(v1 + 0x20000, 0x1000, MEM_RESERVE, PAGE_READWRITE)));

const f = open('data.bin');
const fm = CreateFileMapping(f, null, PAGE_READWRITE, 0, 0, null);
c('file view: commit', () => [err(() => VirtualAlloc(map(fm, FILE_MAP_WRITE), 0x1000, MEM_COMMIT, PAGE_READWRITE)), err(() => VirtualAlloc(map(fm, FILE_MAP_READ), 0x1000, MEM_COMMIT, PAGE_NOACCESS))]);
c('protect read view', () => { const p = map(fm, FILE_MAP_READ); return [vp(p, 0x1000, PAGE_READWRITE), vp(p, 0x1000, PAGE_WRITECOPY), vp(p, 0x1000, PAGE_EXECUTE_READ), vp(p, 0x1000, PAGE_READONLY)]; });
c('protect copy view to READWRITE', () => vp(map(fm, FILE_MAP_COPY), 0x1000, PAGE_READWRITE));
c('writecopy on a shared view', () => {
  const p = map(fm, FILE_MAP_WRITE);
  const other = map(fm, FILE_MAP_READ);
  const before = gms().dwAvailPageFile;
  const set = vp(p, 0x2000, PAGE_WRITECOPY);
  const charged = before - gms().dwAvailPageFile;
  mem.setUint8(p, 0x42);
  const m0 = q(p);
  const m1 = q(p + 0x1000);
  const again = vp(p, 0x1000, PAGE_WRITECOPY);
  return [set, charged, mem.getUint8(p), mem.getUint8(other), [m0.Protect, m0.RegionSize, m0.AllocationProtect], [m1.Protect], again, q(p).Protect];
});
c('copy view', () => {
  const before = gms().dwAvailPageFile;
  const p = map(fm, FILE_MAP_COPY, 0x4000);
  const charged = before - gms().dwAvailPageFile;
  const shared = map(fm, FILE_MAP_WRITE);
  mem.setUint8(p + 0x1000, 0x43);
  const v = [charged, mem.getUint8(p + 0x1000), mem.getUint8(shared + 0x1000), q(p + 0x1000).Protect, q(p).Protect, q(p + 0x2000).Protect];
  UnmapViewOfFile(p);
  return [...v, before - gms().dwAvailPageFile];
});
`,
  );

  it('SEC_RESERVE views are reserved until VirtualAlloc commits the pages for the section (SPEC S7)', () => {
    expect(r.get('reserve: before commit')).toEqual([W.MEM_RESERVE, 0, W.PAGE_READWRITE, 0x100000, W.MEM_MAPPED]);
    expect(r.get('reserve: touch uncommitted')).toBe(0xc0000005);
    expect(r.get('reserve: commit in view 1')).toEqual([true, 0x10000]);
    expect(r.get('reserve: view 1 after')).toEqual([W.MEM_COMMIT, W.PAGE_READONLY, 0x10000]);
    // Commitment is the section's; protection is each view's own.
    expect(r.get('reserve: view 2 after')).toEqual([W.MEM_COMMIT, W.PAGE_READWRITE, 0x10000]);
    expect(r.get('reserve: write through view 2')).toBe(0x12345678);
    expect(r.get('reserve: incompatible protection')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    expect(r.get('reserve: past the view')).toEqual([0, W.ERROR_INVALID_ADDRESS]);
  });
  it('VirtualFree cannot decommit or release a view; VirtualAlloc cannot reserve inside one', () => {
    expect(r.get('decommit a view')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    expect(r.get('release a view')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    expect(r.get('reserve in a view')).toEqual([0, W.ERROR_INVALID_ADDRESS]);
  });
  it('file views cannot be committed', () => {
    expect(r.get('file view: commit')).toEqual([
      [0, V.ERROR_ACCESS_DENIED],
      [0, V.ERROR_ACCESS_DENIED],
    ]);
  });
  it('VirtualProtect on a view allows no access the view lacks; copy-on-write counts as read (wine: test_mapping)', () => {
    expect(r.get('protect read view')).toEqual([
      [0, W.ERROR_INVALID_PARAMETER],
      [1, W.PAGE_READONLY],
      [0, W.ERROR_INVALID_PARAMETER],
      [1, W.PAGE_WRITECOPY],
    ]);
    expect(r.get('protect copy view to READWRITE')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
  });
  it('a page made copy-on-write in a shared view is charged, and its first write makes a private read-write copy', () => {
    expect(r.get('writecopy on a shared view')).toEqual([
      [1, W.PAGE_READWRITE],
      0x2000,
      0x42,
      0x41,
      [W.PAGE_READWRITE, 0x1000, W.PAGE_READWRITE],
      [W.PAGE_WRITECOPY],
      [1, W.PAGE_READWRITE],
      W.PAGE_READWRITE,
    ]);
    // The file never saw the private write.
    expect(readFileSync(join(lab.lab.workspace, 'data.bin'))[0]).toBe(0x41);
  });
  it('a FILE_MAP_COPY view is charged whole when mapped and given back at unmap (SPEC S8)', () => {
    expect(r.get('copy view')).toEqual([0x4000, 0x43, 0x41, W.PAGE_READWRITE, W.PAGE_WRITECOPY, W.PAGE_WRITECOPY, 0]);
  });
});
