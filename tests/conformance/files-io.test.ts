/**
 * Conformance: ReadFile, WriteFile, SetFilePointer(Ex), SetEndOfFile, GetFileSize(Ex),
 * FlushFileBuffers and GetFileType on real workspace files, including offsets above 4 GiB
 * on sparse files, as Windows 10/11 does them.
 *
 * Sources, cited above each case:
 *   [wine-file]  Wine dlls/kernel32/tests/file.c (runs on real Windows): test_read_write (NULL
 *                and protected buffers), test_offset_in_overlapped_structure, test_GetFileType
 *   [ros]        ReactOS dll/win32/kernel32/client/file/fileinfo.c: SetFilePointer (a 32-bit
 *                caller may not move past 4 GiB: ERROR_INVALID_PARAMETER; a low part of
 *                0xFFFFFFFF clears the last error), SetFilePointerEx, GetFileSize
 *   [msdn]       Microsoft docs: SetFilePointer, GetFileSize, ReadFile, WriteFile, SetEndOfFile
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { casesOn, useLab } from './cases.js';
import { F, filePrelude } from './file-values.js';

const GiB = 2 ** 30;
const FOUR_G = 2 ** 32;

describe('file I/O', () => {
  const lab = useLab({ profile: 'x86' });
  const r = casesOn(
    lab,
    filePrelude() +
      String.raw`
const n = { value: 0 };
// ---- [wine-file] test_read_write
{
  const h = CreateFile('C:\\rw.bin', GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, FILE_FLAG_RANDOM_ACCESS, null);
  const rw = (fn: () => number) => { SetLastError(12345678); n.value = 12345678; const ret = fn(); return [ret, GetLastError(), n.value]; };
  c('WriteFile NULL, 0 bytes', () => rw(() => WriteFile(h, null, 0, n, null)));
  c('WriteFile NULL, 10 bytes', () => rw(() => WriteFile(h, null, 10, n, null)));
  const t = buf(0x1000); put(t, 'this is the test data');
  WriteFile(h, t, 21, n, null);
  SetFilePointer(h, 0, null, FILE_BEGIN);
  c('ReadFile NULL, 0 bytes', () => rw(() => ReadFile(h, null, 0, n, null)));
  c('ReadFile NULL, 10 bytes', () => rw(() => ReadFile(h, null, 10, n, null)));
  const m = VirtualAlloc(0, 0x4000, MEM_COMMIT, PAGE_READWRITE);
  c('WriteFile 0x4000 from committed memory', () => rw(() => WriteFile(h, m, 0x4000, n, null)));
  VirtualProtect(m + 0x2000, 0x2000, PAGE_NOACCESS, { value: 0 });
  c('WriteFile, second half PAGE_NOACCESS', () => rw(() => WriteFile(h, m, 0x4000, n, null)));
  c('WriteFile to a bad handle', () => rw(() => WriteFile(0xdead, m, 0x4000, n, null)));
  VirtualProtect(m, 0x2000, PAGE_NOACCESS, { value: 0 });
  c('WriteFile, all PAGE_NOACCESS', () => rw(() => WriteFile(h, m, 0x4000, n, null)));
  SetFilePointer(h, 0, null, FILE_BEGIN);
  c('ReadFile into PAGE_NOACCESS', () => rw(() => ReadFile(h, m, 0x4000, n, null)));
  VirtualProtect(m, 0x2000, PAGE_READONLY, { value: 0 });
  c('ReadFile into PAGE_READONLY', () => rw(() => ReadFile(h, m, 0x4000, n, null)));
  VirtualProtect(m, 0x2000, PAGE_READWRITE, { value: 0 });
  c('ReadFile, second half PAGE_NOACCESS', () => rw(() => ReadFile(h, m, 0x4000, n, null)));
  SetFilePointer(h, 0x1234, null, FILE_BEGIN);
  SetEndOfFile(h);
  SetFilePointer(h, 0, null, FILE_BEGIN);
  c('ReadFile, short file, buffer end inaccessible', () => rw(() => ReadFile(h, m, 0x4000, n, null)));
  c('ReadFile, short file, accessible part', () => rw(() => ReadFile(h, m, 0x2000, n, null)));
  c('ReadFile NULL, 1 byte at end of file', () => rw(() => ReadFile(h, null, 1, n, null)));
  c('ReadFile at end of file', () => rw(() => ReadFile(h, m, 0x100, n, null)));
  c('file pointer after reading to the end', () => SetFilePointer(h, 0, null, FILE_CURRENT));
  SetFilePointer(h, 0x1230, null, FILE_BEGIN);
  c('ReadFile across the end of file', () => rw(() => ReadFile(h, m, 0x100, n, null)));
  c('ReadFile with no count out-parameter', () => { SetFilePointer(h, 0, null, FILE_BEGIN); return ReadFile(h, m, 4, null, null); });
  CloseHandle(h);
}
// ---- data round trip, unaligned and across pages; through a guard page
{
  const h = CreateFile('C:\\data.bin', GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
  const src = buf(0x10000), dst = buf(0x10000);
  for (let i = 0; i < 0x9000; i++) mem.setUint8(src + i, (i * 7 + 3) & 0xff);
  c('WriteFile 0x8001 bytes from an odd address', () => [WriteFile(h, src + 0x7ff, 0x8001, n, null), n.value, GetFileSize(h, null)]);
  SetFilePointer(h, 0, null, FILE_BEGIN);
  c('ReadFile back to another odd address', () => {
    const ok = ReadFile(h, dst + 0x123, 0x8001, n, null);
    let same = true;
    for (let i = 0; i < 0x8001; i++) if (mem.getUint8(dst + 0x123 + i) !== mem.getUint8(src + 0x7ff + i)) { same = false; break; }
    return [ok, n.value, same];
  });
  const g = VirtualAlloc(0, 0x2000, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
  SetFilePointer(h, 0, null, FILE_BEGIN);
  c('ReadFile into a guard page', () => { SetLastError(0); return [ReadFile(h, g, 16, n, null), GetLastError(), n.value]; });
  c('guard page still armed after the failed ReadFile', () => fault(() => mem.getUint8(g)));
  CloseHandle(h);
}
// ---- buffers in mapped views (pagefile-backed section and a copy-on-write file view)
{
  const h = CreateFile('C:\\viewbuf.bin', GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
  const src = buf(0x1000); put(src, 'into a view');
  WriteFile(h, src, 11, n, null);
  const sec = CreateFileMapping(-1, null, PAGE_READWRITE, 0, 0x20000, null);
  const v = MapViewOfFile(sec, FILE_MAP_WRITE, 0, 0, 0);
  SetFilePointer(h, 0, null, FILE_BEGIN);
  c('ReadFile into an untouched pagefile-backed view', () => [ReadFile(h, v + 0x10ff8, 11, n, null), n.value, text(v + 0x10ff8, 11)]);
  c('WriteFile from an untouched part of the view', () => [WriteFile(h, v + 0x18000, 16, n, null), n.value]);
  const ro = MapViewOfFile(sec, FILE_MAP_READ, 0, 0, 0);
  SetFilePointer(h, 0, null, FILE_BEGIN);
  c('ReadFile into a read-only view', () => err(() => ReadFile(h, ro, 4, n, null)));
  c('WriteFile from a read-only view', () => err(() => WriteFile(h, ro, 4, n, null)));
  SetFilePointer(h, 0, null, FILE_BEGIN);
  WriteFile(h, src, 11, n, null); // the read-only view wrote zeros over the start
  const m = CreateFileMapping(h, null, PAGE_WRITECOPY, 0, 0, null);
  const cow = MapViewOfFile(m, 1 /* FILE_MAP_COPY */, 0, 0, 0);
  SetFilePointer(h, 0, null, FILE_BEGIN);
  c('ReadFile into a copy-on-write view of the same file', () => [ReadFile(h, cow + 5, 6, n, null), text(cow, 11)]);
  c('the file keeps its bytes', () => { SetFilePointer(h, 0, null, FILE_BEGIN); ReadFile(h, src + 0x100, 11, n, null); return text(src + 0x100, 11); });
  UnmapViewOfFile(cow); CloseHandle(m);
  UnmapViewOfFile(ro); UnmapViewOfFile(v); CloseHandle(sec); CloseHandle(h);
}
// ---- FILE_APPEND_DATA only: every write appends
{
  const o = open('C:\\append.bin', GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_ALWAYS);
  const b = buf(0x1000); put(b, '0123456789');
  WriteFile(o.h, b, 10, n, null);
  CloseHandle(o.h);
  const a = open('C:\\append.bin', FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
  SetFilePointer(a.h, 2, null, FILE_BEGIN);
  put(b, 'ab');
  c('append-only handle writes at the end', () => [WriteFile(a.h, b, 2, n, null), SetFilePointer(a.h, 0, null, FILE_CURRENT)]);
  CloseHandle(a.h);
  const rd = open('C:\\append.bin', GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
  ReadFile(rd.h, b + 100, 20, n, null);
  c('append-only result', () => text(b + 100, n.value));
  CloseHandle(rd.h);
}
// ---- OVERLAPPED offsets on a synchronous handle [wine-file] test_offset_in_overlapped_structure
{
  const h = CreateFile('C:\\ov.bin', GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
  const b = buf(0x1000);
  for (let i = 0; i < 256; i++) mem.setUint8(b + i, i);
  WriteFile(h, b, 256, n, null);
  put(b + 0x800, 'TeSt\0');
  const ov = new OVERLAPPED(); ov.Offset = 0x10;
  c('WriteFile at an OVERLAPPED offset', () => [WriteFile(h, b + 0x800, 5, n, ov), n.value, SetFilePointer(h, 0, null, FILE_CURRENT), ov.Internal, ov.InternalHigh]);
  ov.Offset = 512;
  c('WriteFile past the end at an OVERLAPPED offset', () => [WriteFile(h, b + 0x800, 5, n, ov), SetFilePointer(h, 0, null, FILE_CURRENT), GetFileSize(h, null)]);
  ov.Offset = 0x10;
  c('ReadFile at an OVERLAPPED offset', () => [ReadFile(h, b + 0x900, 5, n, ov), n.value, SetFilePointer(h, 0, null, FILE_CURRENT), text(b + 0x900, 4)]);
  CloseHandle(h);
}
// ---- FILE_FLAG_OVERLAPPED handles and OVERLAPPED.hEvent
{
  const h = CreateFile('C:\\async.bin', GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0x40000000 /* FILE_FLAG_OVERLAPPED */, null);
  const b = buf(0x1000); put(b, 'async data');
  c('overlapped handle: WriteFile without an OVERLAPPED', () => err(() => WriteFile(h, b, 10, n, null)));
  const ev = W.CreateEvent(null, 1, 0, null);
  const ov = new OVERLAPPED(); ov.Offset = 100; ov.hEvent = ev;
  c('overlapped handle: WriteFile at an offset', () => [WriteFile(h, b, 10, n, ov), n.value, ov.InternalHigh, WaitForSingleObject(ev, 0)]);
  c('overlapped handle: the file pointer does not move', () => SetFilePointer(h, 0, null, FILE_CURRENT));
  W.SetEvent(ev);
  ov.Offset = 102;
  c('overlapped handle: ReadFile leaves the event set', () => [ReadFile(h, b + 0x100, 8, n, ov), n.value, text(b + 0x100, 8), WaitForSingleObject(ev, 0)]);
  c('overlapped handle: ReadFile without an OVERLAPPED', () => err(() => ReadFile(h, b, 1, n, null)));
  ov.hEvent = h;
  c('an hEvent that is not an event', () => err(() => ReadFile(h, b, 1, n, ov)));
  CloseHandle(ev); CloseHandle(h);
}
// ---- SetFilePointer: 32-bit and 64-bit moves [ros]
{
  const h = CreateFile('C:\\ptr.bin', GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
  const sfp = (low: number, hi: { value: number } | null, how: number) => { SetLastError(0xdeadbeef); const ret = SetFilePointer(h, low, hi, how); return hi ? [ret, GetLastError(), hi.value] : [ret, GetLastError()]; };
  c('FILE_BEGIN 10', () => sfp(10, null, FILE_BEGIN));
  c('FILE_CURRENT -5', () => sfp(-5, null, FILE_CURRENT));
  c('FILE_CURRENT -6 (before the start)', () => sfp(-6, null, FILE_CURRENT));
  c('position unchanged after ERROR_NEGATIVE_SEEK', () => sfp(0, null, FILE_CURRENT));
  c('FILE_END -1 on an empty file', () => sfp(-1, null, FILE_END));
  c('FILE_END +100 (past the end)', () => sfp(100, null, FILE_END));
  c('size unchanged by seeking past the end', () => GetFileSize(h, null));
  c('move method 3', () => sfp(0, null, 3));
  c('high part 1: 4 GiB + 16', () => sfp(0x10, { value: 1 }, FILE_BEGIN));
  c('FILE_CURRENT 0 with a high part', () => sfp(0, { value: 0 }, FILE_CURRENT));
  c('FILE_CURRENT 0 without a high part, beyond 4 GiB', () => sfp(0, null, FILE_CURRENT));
  c('position unchanged after the 32-bit refusal', () => sfp(0, { value: 0 }, FILE_CURRENT));
  c('low 0xFFFFFFFF high 0: position 0xFFFFFFFF', () => sfp(0xffffffff, { value: 0 }, FILE_BEGIN));
  c('low -1 without a high part is -1', () => sfp(-1, null, FILE_BEGIN));
  c('high -1: negative 64-bit distance', () => sfp(0, { value: -1 }, FILE_BEGIN));
  c('FILE_CURRENT low -0x10 with high -1 is a move of -16', () => { sfp(0x20, { value: 1 }, FILE_BEGIN); return sfp(-0x10, { value: -1 }, FILE_CURRENT); });
  const li = new LARGE_INTEGER();
  const sfpx = (d: number, how: number) => { SetLastError(0xdeadbeef); li.QuadPart = -1; const ret = SetFilePointerEx(h, d, li, how); return [ret, GetLastError(), li.QuadPart, li.HighPart, li.LowPart]; };
  c('SetFilePointerEx 5 GiB + 7', () => sfpx(5 * 2 ** 30 + 7, FILE_BEGIN));
  c('SetFilePointerEx FILE_CURRENT -7', () => sfpx(-7, FILE_CURRENT));
  c('SetFilePointerEx to -1', () => sfpx(-1, FILE_BEGIN));
  c('SetFilePointerEx move method 3', () => sfpx(0, 3));
  c('SetFilePointerEx with a LARGE_INTEGER distance and no out-parameter', () => { const d = new LARGE_INTEGER(); d.HighPart = 2; d.LowPart = 5; SetLastError(0xdeadbeef); return [SetFilePointerEx(h, d, null, FILE_BEGIN), GetLastError(), SetFilePointer(h, 0, { value: 0 }, FILE_CURRENT)]; });
  c('SetFilePointer on a bad handle', () => sfp(0, null, FILE_BEGIN) && (() => { SetLastError(0xdeadbeef); return [SetFilePointer(0xdead, 0, null, FILE_BEGIN), GetLastError()]; })());
  CloseHandle(h);
}
// ---- sizes and SetEndOfFile; a sparse file above 4 GiB
{
  const h = CreateFile('C:\\big.bin', GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
  const hi = { value: 0xdead };
  const gfs = () => { SetLastError(0xdeadbeef); hi.value = 0xdead; const ret = GetFileSize(h, hi); return [ret, GetLastError(), hi.value]; };
  c('GetFileSize, empty', () => gfs());
  SetFilePointer(h, 0x10, { value: 1 }, FILE_BEGIN);
  c('SetEndOfFile at 4 GiB + 16', () => err(() => SetEndOfFile(h)));
  c('GetFileSize, 4 GiB + 16', () => gfs());
  c('GetFileSize without a high part, 4 GiB + 16', () => { SetLastError(0xdeadbeef); return [GetFileSize(h, null), GetLastError()]; });
  const li = new LARGE_INTEGER();
  c('GetFileSizeEx, 4 GiB + 16', () => [GetFileSizeEx(h, li), li.QuadPart, li.HighPart, li.LowPart]);
  // far data: 5 GiB + 1 MiB, through the file pointer and back
  const b = buf(0x1000); put(b, 'far away');
  const off = new LARGE_INTEGER(); off.QuadPart = 5 * 2 ** 30 + 2 ** 20;
  SetFilePointerEx(h, off, null, FILE_BEGIN);
  c('WriteFile at 5 GiB + 1 MiB', () => [WriteFile(h, b, 8, n, null), n.value, GetFileSize(h, hi), hi.value]);
  SetFilePointerEx(h, off, null, FILE_BEGIN);
  c('ReadFile at 5 GiB + 1 MiB', () => [ReadFile(h, b + 0x100, 8, n, null), n.value, text(b + 0x100, 8)]);
  const ov = new OVERLAPPED(); ov.Offset = 0x1000; ov.OffsetHigh = 1;
  c('ReadFile in the hole at 4 GiB + 4 KiB reads zeros', () => { mem.fill(b + 0x200, 16, 0x55); return [ReadFile(h, b + 0x200, 16, n, ov), n.value, mem.getUint8(b + 0x200), mem.getUint8(b + 0x20f)]; });
  SetFilePointer(h, 0xffffffff, { value: 0 }, FILE_BEGIN);
  SetEndOfFile(h);
  c('GetFileSize of 0xFFFFFFFF bytes clears the last error', () => gfs());
  SetFilePointer(h, 6, null, FILE_BEGIN);
  c('SetEndOfFile shrinks', () => [SetEndOfFile(h), GetFileSize(h, null)]);
  SetFilePointer(h, 0x10, { value: 2 }, FILE_BEGIN);
  SetEndOfFile(h);
  CloseHandle(h);
  const ro = open('C:\\big.bin', GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
  c('SetEndOfFile on a read-only handle', () => err(() => SetEndOfFile(ro.h)));
  c('FlushFileBuffers on a read-only handle', () => err(() => FlushFileBuffers(ro.h)));
  c('GetFileSize on a handle without data access', () => { const q = open('C:\\big.bin', 0, 7, OPEN_EXISTING); const s = GetFileSize(q.h, hi); CloseHandle(q.h); return [s, hi.value]; });
  CloseHandle(ro.h);
  const wo = open('C:\\big.bin', GENERIC_WRITE, 0, OPEN_EXISTING);
  c('FlushFileBuffers on a write handle', () => err(() => FlushFileBuffers(wo.h)));
  CloseHandle(wo.h);
  const ap = open('C:\\big.bin', FILE_APPEND_DATA, 0, OPEN_EXISTING);
  c('FlushFileBuffers on an append-only handle', () => err(() => FlushFileBuffers(ap.h)));
  CloseHandle(ap.h);
}
// ---- bad handles and other objects
{
  const ev = W.CreateEvent ? W.CreateEvent(null, 1, 0, null) : 0;
  const bad = (fn: (h: number) => number, h: number) => { SetLastError(0xdeadbeef); return [fn(h) >>> 0, GetLastError()]; };
  for (const [label, h] of [['bad handle', 0xdead], ['NULL', 0], ['INVALID_HANDLE_VALUE', -1], ['the process handle', GetCurrentProcess()], ['an event', ev]] as const) {
    if (h === 0 && label === 'an event') continue;
    c('GetFileType: ' + label, () => bad((x) => GetFileType(x), h));
    c('GetFileSize: ' + label, () => bad((x) => GetFileSize(x, null), h));
    c('ReadFile: ' + label, () => bad((x) => ReadFile(x, buf(0x1000), 1, n, null), h));
    c('SetEndOfFile: ' + label, () => bad((x) => SetEndOfFile(x), h));
    c('FlushFileBuffers: ' + label, () => bad((x) => FlushFileBuffers(x), h));
  }
  const f = open('C:\\data.bin', 0, 7, OPEN_EXISTING);
  c('GetFileType: a file', () => bad((x) => GetFileType(x), f.h));
  CloseHandle(f.h);
}
`,
  );

  // [wine-file] test_read_write: results are [return, last error, *lpNumberOfBytes].
  it('NULL and protected buffers fail as on Windows, before any byte moves', () => {
    const kept = 12345678;
    expect(r.get('WriteFile NULL, 0 bytes')).toEqual([1, kept, 0]);
    expect(r.get('WriteFile NULL, 10 bytes')).toEqual([0, F.ERROR_INVALID_USER_BUFFER, 0]);
    expect(r.get('ReadFile NULL, 0 bytes')).toEqual([1, kept, 0]);
    expect(r.get('ReadFile NULL, 10 bytes')).toEqual([0, F.ERROR_NOACCESS, 0]);
    expect(r.get('WriteFile 0x4000 from committed memory')).toEqual([1, kept, 0x4000]);
    expect(r.get('WriteFile, second half PAGE_NOACCESS')).toEqual([0, F.ERROR_INVALID_USER_BUFFER, 0]);
    // "handle is checked before buffer on NT"
    expect(r.get('WriteFile to a bad handle')).toEqual([0, F.ERROR_INVALID_HANDLE, 0]);
    expect(r.get('WriteFile, all PAGE_NOACCESS')).toEqual([0, F.ERROR_INVALID_USER_BUFFER, 0]);
    expect(r.get('ReadFile into PAGE_NOACCESS')).toEqual([0, F.ERROR_NOACCESS, 0]);
    expect(r.get('ReadFile into PAGE_READONLY')).toEqual([0, F.ERROR_NOACCESS, 0]);
    expect(r.get('ReadFile, second half PAGE_NOACCESS')).toEqual([0, F.ERROR_NOACCESS, 0]);
    // The whole buffer is probed, even the part the short file would not fill.
    expect(r.get('ReadFile, short file, buffer end inaccessible')).toEqual([0, F.ERROR_NOACCESS, 0]);
    expect(r.get('ReadFile, short file, accessible part')).toEqual([1, kept, 0x1234]);
    expect(r.get('ReadFile NULL, 1 byte at end of file')).toEqual([0, F.ERROR_NOACCESS, 0]);
  });

  // [msdn] ReadFile: at the end of a file a synchronous read succeeds with 0 bytes.
  it('reads stop at the end of the file', () => {
    expect(r.get('ReadFile at end of file')).toEqual([1, 12345678, 0]);
    expect(r.get('file pointer after reading to the end')).toBe(0x1234);
    expect(r.get('ReadFile across the end of file')).toEqual([1, 12345678, 4]);
    expect(r.get('ReadFile with no count out-parameter')).toBe(1);
  });

  it('data round-trips byte-exact from any address, across pages', () => {
    expect(r.get('WriteFile 0x8001 bytes from an odd address')).toEqual([1, 0x8001, 0x8001]);
    expect(r.get('ReadFile back to another odd address')).toEqual([1, 0x8001, true]);
  });

  it('a guard page in the buffer fails the read without being consumed', () => {
    expect(r.get('ReadFile into a guard page')).toEqual([0, F.ERROR_NOACCESS, 0]);
    expect(r.get('guard page still armed after the failed ReadFile')).toMatchObject({ code: 0x80000001 });
  });

  it('buffers may be mapped views: pages fault in through the section, protections hold', () => {
    expect(r.get('ReadFile into an untouched pagefile-backed view')).toEqual([1, 11, 'into a view']);
    expect(r.get('WriteFile from an untouched part of the view')).toEqual([1, 16]);
    expect(r.get('ReadFile into a read-only view')).toEqual([0, F.ERROR_NOACCESS]);
    expect(r.get('WriteFile from a read-only view')).toEqual([1, 0xdeadbeef]);
    // The private copy takes the bytes; the file keeps its own (written at 5: 'into ' + 'into a').
    expect(r.get('ReadFile into a copy-on-write view of the same file')).toEqual([1, 'into into a']);
    expect(r.get('the file keeps its bytes')).toBe('into a view');
  });

  // [msdn] FILE_APPEND_DATA without FILE_WRITE_DATA: writes go to the end of the file.
  it('an append-only handle appends', () => {
    expect(r.get('append-only handle writes at the end')).toEqual([1, 12]);
    expect(r.get('append-only result')).toBe('0123456789ab');
  });

  // [wine-file] test_offset_in_overlapped_structure: the offset in OVERLAPPED is used and the
  // file pointer ends after the bytes moved.
  it('an OVERLAPPED offset is used and moves the file pointer', () => {
    expect(r.get('WriteFile at an OVERLAPPED offset')).toEqual([1, 5, 0x15, 0, 5]);
    expect(r.get('WriteFile past the end at an OVERLAPPED offset')).toEqual([1, 517, 517]);
    expect(r.get('ReadFile at an OVERLAPPED offset')).toEqual([1, 5, 0x15, 'TeSt']);
  });

  // [msdn] ReadFile/WriteFile: on a handle opened with FILE_FLAG_OVERLAPPED lpOverlapped is
  // required (NtReadFile without a byte offset on an asynchronous file: STATUS_INVALID_PARAMETER)
  // and the file pointer is not used; the OVERLAPPED's event is set when the I/O completes.
  it('an overlapped handle needs an OVERLAPPED, ignores the file pointer and sets the event', () => {
    expect(r.get('overlapped handle: WriteFile without an OVERLAPPED')).toEqual([0, F.ERROR_INVALID_PARAMETER]);
    expect(r.get('overlapped handle: WriteFile at an offset')).toEqual([1, 10, 10, 0]);
    expect(r.get('overlapped handle: the file pointer does not move')).toBe(0);
    expect(r.get('overlapped handle: ReadFile leaves the event set')).toEqual([1, 8, 'ync data', 0]);
    expect(r.get('overlapped handle: ReadFile without an OVERLAPPED')).toEqual([0, F.ERROR_INVALID_PARAMETER]);
    expect(r.get('an hEvent that is not an event')).toEqual([0, F.ERROR_INVALID_HANDLE]);
  });

  // [ros] SetFilePointer; [msdn] "If lpDistanceToMoveHigh is NULL and the new file position does
  // not fit in a 32-bit value, the function fails"; ERROR_NEGATIVE_SEEK before the start.
  it('SetFilePointer follows the 32-bit high-part rules', () => {
    const BAD = F.INVALID_SET_FILE_POINTER;
    expect(r.get('FILE_BEGIN 10')).toEqual([10, 0xdeadbeef]);
    expect(r.get('FILE_CURRENT -5')).toEqual([5, 0xdeadbeef]);
    expect(r.get('FILE_CURRENT -6 (before the start)')).toEqual([BAD, F.ERROR_NEGATIVE_SEEK]);
    expect(r.get('position unchanged after ERROR_NEGATIVE_SEEK')).toEqual([5, 0xdeadbeef]);
    expect(r.get('FILE_END -1 on an empty file')).toEqual([BAD, F.ERROR_NEGATIVE_SEEK]);
    expect(r.get('FILE_END +100 (past the end)')).toEqual([100, 0xdeadbeef]);
    expect(r.get('size unchanged by seeking past the end')).toBe(0);
    expect(r.get('move method 3')).toEqual([BAD, F.ERROR_INVALID_PARAMETER]);
    expect(r.get('high part 1: 4 GiB + 16')).toEqual([0x10, 0xdeadbeef, 1]);
    expect(r.get('FILE_CURRENT 0 with a high part')).toEqual([0x10, 0xdeadbeef, 1]);
    expect(r.get('FILE_CURRENT 0 without a high part, beyond 4 GiB')).toEqual([BAD, F.ERROR_INVALID_PARAMETER]);
    expect(r.get('position unchanged after the 32-bit refusal')).toEqual([0x10, 0xdeadbeef, 1]);
    // A position whose low part is 0xFFFFFFFF succeeds with last error 0 (NO_ERROR).
    expect(r.get('low 0xFFFFFFFF high 0: position 0xFFFFFFFF')).toEqual([BAD, 0, 0]);
    expect(r.get('low -1 without a high part is -1')).toEqual([BAD, F.ERROR_NEGATIVE_SEEK]);
    expect(r.get('high -1: negative 64-bit distance')).toEqual([BAD, F.ERROR_NEGATIVE_SEEK, -1]);
    expect(r.get('FILE_CURRENT low -0x10 with high -1 is a move of -16')).toEqual([0x10, 0xdeadbeef, 1]);
  });

  it('SetFilePointerEx moves by 64-bit distances', () => {
    const p = 5 * GiB + 7;
    // 5 GiB = 0x1_4000_0000: HighPart 1, LowPart 0x40000000.
    expect(r.get('SetFilePointerEx 5 GiB + 7')).toEqual([1, 0xdeadbeef, p, 1, 0x40000007]);
    expect(r.get('SetFilePointerEx FILE_CURRENT -7')).toEqual([1, 0xdeadbeef, 5 * GiB, 1, 0x40000000]);
    expect(r.get('SetFilePointerEx to -1')).toEqual([0, F.ERROR_NEGATIVE_SEEK, -1, -1, 0xffffffff]);
    expect(r.get('SetFilePointerEx move method 3')).toEqual([0, F.ERROR_INVALID_PARAMETER, -1, -1, 0xffffffff]);
    expect(r.get('SetFilePointerEx with a LARGE_INTEGER distance and no out-parameter')).toEqual([1, 0xdeadbeef, 5]);
    expect(r.get('SetFilePointer on a bad handle')).toEqual([F.INVALID_SET_FILE_POINTER, F.ERROR_INVALID_HANDLE]);
  });

  // [msdn] GetFileSize: the high DWORD in lpFileSizeHigh; a low DWORD of 0xFFFFFFFF is only an
  // error if GetLastError says so.
  it('GetFileSize and GetFileSizeEx report 64-bit sizes', () => {
    expect(r.get('GetFileSize, empty')).toEqual([0, 0xdeadbeef, 0]);
    expect(r.get('SetEndOfFile at 4 GiB + 16')).toEqual([1, 0xdeadbeef]);
    expect(r.get('GetFileSize, 4 GiB + 16')).toEqual([0x10, 0xdeadbeef, 1]);
    expect(r.get('GetFileSize without a high part, 4 GiB + 16')).toEqual([0x10, 0xdeadbeef]);
    expect(r.get('GetFileSizeEx, 4 GiB + 16')).toEqual([1, FOUR_G + 16, 1, 16]);
    expect(r.get('GetFileSize of 0xFFFFFFFF bytes clears the last error')).toEqual([0xffffffff, 0, 0]);
    expect(r.get('SetEndOfFile shrinks')).toEqual([1, 6]);
    // FileStandardInformation needs no access right.
    expect(r.get('GetFileSize on a handle without data access')).toEqual([0x10, 2]);
  });

  it('offsets above 4 GiB work and the file stays sparse', () => {
    expect(r.get('WriteFile at 5 GiB + 1 MiB')).toEqual([1, 8, 0x40000000 + 2 ** 20 + 8, 1]);
    expect(r.get('ReadFile at 5 GiB + 1 MiB')).toEqual([1, 8, 'far away']);
    expect(r.get('ReadFile in the hole at 4 GiB + 4 KiB reads zeros')).toEqual([1, 16, 0, 0]);
    // The file ends at 8 GiB + 16 (last SetEndOfFile) and holds almost nothing on disk.
    const st = statSync(join(lab.lab.workspace, 'big.bin'));
    expect(st.size).toBe(2 * FOUR_G + 16);
    expect(st.blocks * 512).toBeLessThan(1 << 20);
  });

  it('size changes and flushes need write access', () => {
    expect(r.get('SetEndOfFile on a read-only handle')).toEqual([0, F.ERROR_ACCESS_DENIED]);
    expect(r.get('FlushFileBuffers on a read-only handle')).toEqual([0, F.ERROR_ACCESS_DENIED]);
    expect(r.get('FlushFileBuffers on a write handle')).toEqual([1, 0xdeadbeef]);
    expect(r.get('FlushFileBuffers on an append-only handle')).toEqual([1, 0xdeadbeef]);
  });

  it('file functions refuse handles that are not files with ERROR_INVALID_HANDLE', () => {
    for (const label of ['bad handle', 'NULL', 'INVALID_HANDLE_VALUE', 'the process handle', 'an event']) {
      if (!r.values.has('GetFileType: ' + label)) continue;
      expect(r.get('GetFileType: ' + label)).toEqual([F.FILE_TYPE_UNKNOWN, F.ERROR_INVALID_HANDLE]);
      expect(r.get('GetFileSize: ' + label)).toEqual([F.INVALID_FILE_SIZE, F.ERROR_INVALID_HANDLE]);
      expect(r.get('ReadFile: ' + label)).toEqual([0, F.ERROR_INVALID_HANDLE]);
      expect(r.get('SetEndOfFile: ' + label)).toEqual([0, F.ERROR_INVALID_HANDLE]);
      expect(r.get('FlushFileBuffers: ' + label)).toEqual([0, F.ERROR_INVALID_HANDLE]);
    }
    // [wine-file] test_GetFileType: a disk file is FILE_TYPE_DISK.
    expect(r.get('GetFileType: a file')).toEqual([F.FILE_TYPE_DISK, 0xdeadbeef]);
  });

  it('what the program wrote is in the host file', () => {
    const fd = openSync(join(lab.lab.workspace, 'data.bin'), 'r');
    try {
      const b = Buffer.alloc(16);
      readSync(fd, b, 0, 16, 0);
      expect([...b]).toEqual([...Array(16).keys()].map((i) => ((i + 0x7ff) * 7 + 3) & 0xff));
    } finally {
      closeSync(fd);
    }
  });
});

// Buffers larger than RAM: every page of the buffer is faulted in by the kernel while it
// copies (demand-zero for ReadFile, pagefile reads for WriteFile), and a fault short of
// memory parks the call until the balance-set manager has made room.
describe('file I/O with buffers larger than physical memory', () => {
  const MB = 24;
  const lab = useLab({ profile: 'x86', ramBytes: 16 * 2 ** 20, pagefileBytes: 64 * 2 ** 20 });
  const r = casesOn(
    lab,
    filePrelude() +
      String.raw`
const MB = ${MB};
const n = { value: 0 };
const src = VirtualAlloc(0, MB << 20, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
for (let p = 0; p < (MB << 20); p += 4) mem.setUint32(src + p, (p * 2654435761) >>> 0);
const h = CreateFile('C:\\big-buffer.bin', GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
c('WriteFile of a buffer larger than RAM', () => [WriteFile(h, src, MB << 20, n, null), n.value, GetLastError()]);
VirtualFree(src, 0, MEM_RELEASE);
const dst = VirtualAlloc(0, MB << 20, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
SetFilePointer(h, 0, null, FILE_BEGIN);
c('ReadFile into a buffer larger than RAM', () => [ReadFile(h, dst, MB << 20, n, null), n.value]);
c('every byte read back', () => { let bad = -1; for (let p = 0; p < (MB << 20); p += 4) if (mem.getUint32(dst + p) !== (p * 2654435761) >>> 0) { bad = p; break; } return bad; });
CloseHandle(h);
`,
  );

  it('moves every byte both ways', () => {
    expect(r.get('WriteFile of a buffer larger than RAM')).toEqual([1, MB << 20, 0]);
    expect(r.get('ReadFile into a buffer larger than RAM')).toEqual([1, MB << 20]);
    expect(r.get('every byte read back')).toBe(-1);
    expect(statSync(join(lab.lab.workspace, 'big-buffer.bin')).size).toBe(MB << 20);
  });
});
