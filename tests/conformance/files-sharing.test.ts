/**
 * Conformance: CreateFile's sharing rules (ERROR_SHARING_VIOLATION), including the rule that a
 * live read-write data section counts as an open writer, overwriting and deleting a mapped
 * file, and ReadFile/WriteFile coherence with mapped views of the same file.
 *
 * Sources, cited above each case:
 *   [wine-file]  Wine dlls/kernel32/tests/file.c (runs on real Windows): test_file_sharing with
 *                its is_sharing_compatible / is_sharing_map_compatible rules, test_CopyFileA
 *                (ERROR_USER_MAPPED_FILE when overwriting a mapped file), test_MapFile
 *   [msdn]       Microsoft docs, "Creating and Opening Files" (the sharing table), DeleteFileW
 */
import { describe, expect, it } from 'vitest';
import { casesOn, useLab } from './cases.js';
import { F, filePrelude } from './file-values.js';
import { W } from './win32-values.js';

const ACCESS_MODES = [
  0,
  F.GENERIC_READ,
  F.GENERIC_WRITE,
  F.GENERIC_READ | F.GENERIC_WRITE,
  F.DELETE,
  F.GENERIC_READ | F.DELETE,
  F.GENERIC_WRITE | F.DELETE,
  F.GENERIC_READ | F.GENERIC_WRITE | F.DELETE,
  F.GENERIC_EXECUTE,
  F.GENERIC_EXECUTE | F.DELETE,
  F.FILE_READ_DATA,
  F.FILE_WRITE_DATA,
  F.FILE_APPEND_DATA,
  F.FILE_READ_EA,
  F.FILE_WRITE_EA,
  F.FILE_READ_DATA | F.FILE_EXECUTE,
  F.FILE_WRITE_DATA | F.FILE_EXECUTE,
  F.FILE_APPEND_DATA | F.FILE_EXECUTE,
  F.FILE_READ_EA | F.FILE_EXECUTE,
  F.FILE_WRITE_EA | F.FILE_EXECUTE,
  F.FILE_EXECUTE,
  F.FILE_DELETE_CHILD,
  F.FILE_READ_ATTRIBUTES,
  F.FILE_WRITE_ATTRIBUTES,
].map((v) => v >>> 0);
const SHARING_MODES = [0, 1, 2, 3, 4, 5, 6, 7];
const MAPPING_MODES = [W.PAGE_READONLY, W.PAGE_WRITECOPY, W.PAGE_READWRITE];

// [wine-file] map_file_access / is_sharing_compatible / is_sharing_map_compatible, as the test
// states what Windows does (modern Windows: the broken() NT4 allowance does not apply).
function mapFileAccess(a: number): number {
  if (a & F.GENERIC_READ) a |= F.FILE_GENERIC_READ;
  if (a & F.GENERIC_WRITE) a |= F.FILE_GENERIC_WRITE;
  if (a & F.GENERIC_EXECUTE) a |= F.FILE_GENERIC_EXECUTE;
  if (a & F.GENERIC_ALL) a |= F.FILE_ALL_ACCESS;
  return (a & ~(F.GENERIC_READ | F.GENERIC_WRITE | F.GENERIC_EXECUTE | F.GENERIC_ALL)) >>> 0;
}
function sharingCompatible(a1: number, s1: number, a2: number, s2: number): boolean {
  const data = F.FILE_READ_DATA | F.FILE_WRITE_DATA | F.FILE_APPEND_DATA | F.FILE_EXECUTE | F.DELETE;
  a1 = mapFileAccess(a1) & data;
  a2 = mapFileAccess(a2) & data;
  if (!a1) s1 = 7;
  if (!a2) s2 = 7;
  if (a1 & (F.FILE_READ_DATA | F.FILE_EXECUTE) && !(s2 & F.FILE_SHARE_READ)) return false;
  if (a1 & (F.FILE_WRITE_DATA | F.FILE_APPEND_DATA) && !(s2 & F.FILE_SHARE_WRITE)) return false;
  if (a1 & F.DELETE && !(s2 & F.FILE_SHARE_DELETE)) return false;
  if (a2 & (F.FILE_READ_DATA | F.FILE_EXECUTE) && !(s1 & F.FILE_SHARE_READ)) return false;
  if (a2 & (F.FILE_WRITE_DATA | F.FILE_APPEND_DATA) && !(s1 & F.FILE_SHARE_WRITE)) return false;
  if (a2 & F.DELETE && !(s1 & F.FILE_SHARE_DELETE)) return false;
  return true;
}
function mapCompatible(mapProtect: number, s2: number): boolean {
  return !((mapProtect === W.PAGE_READWRITE || mapProtect === W.PAGE_EXECUTE_READWRITE) && !(s2 & F.FILE_SHARE_WRITE));
}

describe('file sharing', () => {
  const lab = useLab({ profile: 'x86' });
  const r = casesOn(
    lab,
    filePrelude() +
      String.raw`
const A = ${JSON.stringify(ACCESS_MODES)};
const S = ${JSON.stringify(SHARING_MODES)};
const MAPS = ${JSON.stringify(MAPPING_MODES)};
const NAME = 'C:\\share.bin';
function fresh(): void {
  const o = open(NAME, GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);
  const b = buf(0x1000); put(b, 'some file data');
  WriteFile(o.h, b, 14, null, null);
  CloseHandle(o.h);
}
// One character per (a2, s2): 1 opened with last error 0, 0 ERROR_SHARING_VIOLATION, ? anything else.
function row(): string {
  let s = '';
  for (const a2 of A) for (const s2 of S) {
    SetLastError(0xdeadbeef);
    const h2 = CreateFile(NAME, a2, s2, null, OPEN_EXISTING, 0, null);
    const e = GetLastError();
    if (h2 !== -1) { s += e === 0 ? '1' : '?'; CloseHandle(h2); }
    else s += e === ERROR_SHARING_VIOLATION ? '0' : '?';
  }
  return s;
}
fresh();
{
  const rows: string[] = [];
  for (const a1 of A) for (const s1 of S) {
    const h = CreateFile(NAME, a1, s1, null, OPEN_EXISTING, 0, null);
    rows.push(h === -1 ? 'first open failed: ' + GetLastError() : row());
    if (h !== -1) CloseHandle(h);
  }
  c('matrix', () => rows);
}
for (const m of MAPS) {
  fresh();
  const h = CreateFile(NAME, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
  SetLastError(0xdeadbeef);
  const map = CreateFileMapping(h, null, m, 0, 0, null);
  const mapErr = GetLastError();
  CloseHandle(h);
  c('map ' + m + ': created', () => [map !== 0, mapErr]);
  c('map ' + m + ': opens', () => row());
  c('map ' + m + ': CREATE_ALWAYS', () => cf(NAME, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_ALWAYS));
  c('map ' + m + ': TRUNCATE_EXISTING', () => cf(NAME, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, TRUNCATE_EXISTING));
  c('map ' + m + ': DELETE_ON_CLOSE open', () => cf(NAME, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE));
  CloseHandle(map);
}
fresh();
{
  // [wine-file] end of test_file_sharing
  const h = CreateFile(NAME, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, null, OPEN_ALWAYS, 0, null);
  c('RW/share-read then read/share-read', () => cf(NAME, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING));
  c('RW/share-read then read/share-RW', () => cf(NAME, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING));
  c('CREATE_ALWAYS while open without share-write', () => cf(NAME, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_ALWAYS));
  c('CREATE_ALWAYS with GENERIC_READ while open without share-write', () => cf(NAME, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_ALWAYS));
  c('CREATE_ALWAYS refused: data kept', () => { const o = open(NAME, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING); const s = GetFileSize(o.h, null); CloseHandle(o.h); return s; });
  c('DeleteFile while open without FILE_SHARE_DELETE', () => err(() => DeleteFile(NAME)));
  CloseHandle(h);
}

// ---- a writable view keeps the file "open for writing" after both handles are closed
fresh();
{
  const h = CreateFile(NAME, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, null);
  const map = CreateFileMapping(h, null, PAGE_READWRITE, 0, 0, null);
  const v = MapViewOfFile(map, FILE_MAP_WRITE, 0, 0, 0);
  CloseHandle(map);
  const b = buf(0x1000);
  const n = { value: 0 };
  // coherence both ways: ReadFile sees the view's bytes, the view sees WriteFile's bytes
  put(v, 'VIEW');
  SetFilePointer(h, 0, null, FILE_BEGIN);
  c('ReadFile sees a write through the view', () => [ReadFile(h, b, 14, n, null), n.value, text(b, 14)]);
  put(b, 'WF');
  SetFilePointer(h, 5, null, FILE_BEGIN);
  c('the view sees WriteFile', () => [WriteFile(h, b, 2, n, null), text(v, 14)]);
  SetFilePointer(h, 4, null, FILE_BEGIN);
  c('SetEndOfFile below the section', () => err(() => SetEndOfFile(h)));
  SetFilePointer(h, 14, null, FILE_BEGIN);
  c('SetEndOfFile at the section end', () => err(() => SetEndOfFile(h)));
  SetFilePointer(h, 100, null, FILE_BEGIN);
  c('SetEndOfFile above the section', () => [SetEndOfFile(h), GetFileSize(h, null)]);
  SetFilePointer(h, 14, null, FILE_BEGIN);
  c('SetEndOfFile back to the section end', () => [SetEndOfFile(h), GetFileSize(h, null)]);
  CloseHandle(h);
  c('writable view only: open without share-write', () => cf(NAME, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING));
  c('writable view only: open with share-write', () => cf(NAME, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING));
  c('DeleteFile of a mapped file', () => err(() => DeleteFile(NAME)));
  UnmapViewOfFile(v);
  c('after unmap: open without share-write', () => cf(NAME, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING));
  c('after unmap: DeleteFile', () => err(() => DeleteFile(NAME)));
  c('after DeleteFile: gone', () => cf(NAME, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING));
}

// ---- a read-only view is no writer
fresh();
{
  const h = CreateFile(NAME, GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
  const map = CreateFileMapping(h, null, PAGE_READONLY, 0, 0, null);
  const v = MapViewOfFile(map, FILE_MAP_READ, 0, 0, 0);
  CloseHandle(map);
  CloseHandle(h);
  c('read-only view only: open without share-write', () => cf(NAME, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING));
  c('read-only view only: DeleteFile', () => err(() => DeleteFile(NAME)));
  UnmapViewOfFile(v);
}
`,
  );

  // [wine-file] test_file_sharing, first loop: every pair of (access, sharing) opens.
  it('two opens follow the sharing table (24 access x 8 sharing modes each way)', () => {
    const rows = r.get('matrix') as string[];
    expect(rows).toHaveLength(ACCESS_MODES.length * SHARING_MODES.length);
    let i = 0;
    const mismatches: string[] = [];
    for (const a1 of ACCESS_MODES)
      for (const s1 of SHARING_MODES) {
        const row = rows[i++]!;
        let j = 0;
        for (const a2 of ACCESS_MODES)
          for (const s2 of SHARING_MODES) {
            const want = sharingCompatible(a1, s1, a2, s2) ? '1' : '0';
            if (row[j] !== want)
              mismatches.push(`${a1.toString(16)}/${s1} then ${a2.toString(16)}/${s2}: got ${row[j]}, want ${want}`);
            j++;
          }
      }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  // [wine-file] test_file_sharing, mapping loop: with only the mapping left (file handle closed),
  // a PAGE_READWRITE mapping refuses every open without FILE_SHARE_WRITE, whatever its access.
  it('a live read-write section counts as an open writer', () => {
    for (const m of MAPPING_MODES) {
      expect(r.get(`map ${m}: created`)).toEqual([true, 0]);
      const row = r.get(`map ${m}: opens`) as string;
      let j = 0;
      const wrong: string[] = [];
      for (const a2 of ACCESS_MODES)
        for (const s2 of SHARING_MODES) {
          const want = mapCompatible(m, s2) ? '1' : '0';
          if (row[j] !== want) wrong.push(`map ${m} then ${a2.toString(16)}/${s2}: got ${row[j]}, want ${want}`);
          j++;
        }
      expect(wrong.slice(0, 10)).toEqual([]);
    }
  });

  // [wine-file] test_file_sharing: "try CREATE_ALWAYS over an existing mapping" is
  // ERROR_USER_MAPPED_FILE for a data section; "try DELETE_ON_CLOSE over an existing mapping" opens.
  it('overwriting a mapped file fails with ERROR_USER_MAPPED_FILE; DELETE_ON_CLOSE still opens', () => {
    for (const m of MAPPING_MODES) {
      expect(r.get(`map ${m}: CREATE_ALWAYS`)).toEqual([-1, F.ERROR_USER_MAPPED_FILE]);
      expect(r.get(`map ${m}: TRUNCATE_EXISTING`)).toEqual([-1, F.ERROR_USER_MAPPED_FILE]);
      expect(r.get(`map ${m}: DELETE_ON_CLOSE open`)).toEqual(['handle', 0]);
    }
  });

  it('an open without FILE_SHARE_WRITE blocks writers, overwrites and deletes', () => {
    expect(r.get('RW/share-read then read/share-read')).toEqual([-1, F.ERROR_SHARING_VIOLATION]);
    expect(r.get('RW/share-read then read/share-RW')).toEqual(['handle', 0]);
    // [wine-file] test_CopyFileA: copying over a destination open without write sharing is
    // ERROR_SHARING_VIOLATION; an overwrite writes, so even a GENERIC_READ CREATE_ALWAYS is refused.
    expect(r.get('CREATE_ALWAYS while open without share-write')).toEqual([-1, F.ERROR_SHARING_VIOLATION]);
    expect(r.get('CREATE_ALWAYS with GENERIC_READ while open without share-write')).toEqual([
      -1,
      F.ERROR_SHARING_VIOLATION,
    ]);
    expect(r.get('CREATE_ALWAYS refused: data kept')).toBe(14);
    // DeleteFile opens for DELETE: a handle without FILE_SHARE_DELETE refuses it.
    expect(r.get('DeleteFile while open without FILE_SHARE_DELETE')).toEqual([0, F.ERROR_SHARING_VIOLATION]);
  });

  it('ReadFile and WriteFile see the same bytes as a mapped view', () => {
    expect(r.get('ReadFile sees a write through the view')).toEqual([1, 14, 'VIEW file data']);
    expect(r.get('the view sees WriteFile')).toEqual([1, 'VIEW WFle data']);
  });

  // SetEndOfFile: MmCanFileBeTruncated refuses a size below a live section (STATUS_USER_MAPPED_FILE).
  it('SetEndOfFile may not cut below a live section', () => {
    expect(r.get('SetEndOfFile below the section')).toEqual([0, F.ERROR_USER_MAPPED_FILE]);
    expect(r.get('SetEndOfFile at the section end')).toEqual([1, 0xdeadbeef]);
    expect(r.get('SetEndOfFile above the section')).toEqual([1, 100]);
    expect(r.get('SetEndOfFile back to the section end')).toEqual([1, 14]);
  });

  it('a writable view alone still counts as a writer; a mapped file cannot be deleted', () => {
    expect(r.get('writable view only: open without share-write')).toEqual([-1, F.ERROR_SHARING_VIOLATION]);
    expect(r.get('writable view only: open with share-write')).toEqual(['handle', 0]);
    // DeleteFile of a mapped file: STATUS_CANNOT_DELETE -> ERROR_ACCESS_DENIED.
    expect(r.get('DeleteFile of a mapped file')).toEqual([0, F.ERROR_ACCESS_DENIED]);
    expect(r.get('after unmap: open without share-write')).toEqual(['handle', 0]);
    expect(r.get('after unmap: DeleteFile')).toEqual([1, 0xdeadbeef]);
    expect(r.get('after DeleteFile: gone')).toEqual([-1, F.ERROR_FILE_NOT_FOUND]);
  });

  it('a read-only view is not a writer, but still keeps the file from being deleted', () => {
    expect(r.get('read-only view only: open without share-write')).toEqual(['handle', 0]);
    expect(r.get('read-only view only: DeleteFile')).toEqual([0, F.ERROR_ACCESS_DENIED]);
  });
});
