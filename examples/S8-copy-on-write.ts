// S8: FILE_MAP_COPY: whole view charged at map, private copies on first write, file unchanged
/*
 * Seed experiment S8 (SPEC section 4), the seed's "当使用FILE_MAP_COPY建立映射时": writes
 * through a copy-on-write view go to private copies and are lost at unmap; then the seed's
 * recipe to keep them: "用FILE_MAP_WRITE建立另外一个映射 … 扫描第一个映射的PAGE_READWRITE页面
 * … 将页面内容拷贝到第二次映射的空间里,然后再调用FlushViewOfFile".
 *
 * What to look for:
 *  - MapViewOfFile(FILE_MAP_COPY) charges the whole view to commit at once: avail pagefile
 *    drops by the view size (each page may need a private copy, and the copy must have a
 *    place in the pagefile), avail virtual by the same;
 *  - the first write to a page makes the private copy (a copy-on-write fault): avail phys
 *    drops, avail pagefile does not (already charged; only a page table may be added), and
 *    VirtualQuery shows that page PAGE_READWRITE while the others stay PAGE_WRITECOPY;
 *  - ReadFile still reads the old values, and after UnmapViewOfFile the changes are gone and
 *    the commit is given back;
 *  - with the recipe (a second FILE_MAP_WRITE view, copy the PAGE_READWRITE pages of the
 *    copy view into it, FlushViewOfFile) the file holds the changes.
 *
 * The file C:\S8.bin (default 1 MiB) is made if missing: int32 number i at byte 4 * i.
 *
 * Run:  mmlab examples S8 [size]      size of C:\S8.bin (a multiple of 4096), default 1M
 */
import {
  CloseHandle,
  CreateFile,
  CreateFileMapping,
  CREATE_NEW,
  ERROR_FILE_EXISTS,
  FILE_ATTRIBUTE_NORMAL,
  FILE_BEGIN,
  FILE_MAP_COPY,
  FILE_MAP_WRITE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  FlushViewOfFile,
  GENERIC_READ,
  GENERIC_WRITE,
  GetLastError,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  MEMORY_BASIC_INFORMATION,
  mem,
  MEM_COMMIT,
  MEM_RELEASE,
  MEM_RESERVE,
  OPEN_EXISTING,
  PAGE_READWRITE,
  ReadFile,
  SetFilePointerEx,
  UnmapViewOfFile,
  VirtualAlloc,
  VirtualFree,
  VirtualQuery,
  WriteFile,
} from 'mmlab/win32';
import { step, sizeArg, fail } from 'mmlab/lab';

const PAGE = 4096;
/** Pages this example writes through the copy view: every 16th. */
const STRIDE = 16;
const size = sizeArg(1, 1 << 20);
const path = 'C:\\S8.bin';
makeNumberedFile(path, size);

const hFile = CreateFile(
  path,
  GENERIC_READ | GENERIC_WRITE,
  FILE_SHARE_READ | FILE_SHARE_WRITE,
  null,
  OPEN_EXISTING,
  FILE_ATTRIBUTE_NORMAL,
  null,
);
if (hFile === INVALID_HANDLE_VALUE) fail('CreateFile');
const hMap = CreateFileMapping(hFile, null, PAGE_READWRITE, 0, 0, null);
if (!hMap) fail('CreateFileMapping');

console.log('-- 1. a copy-on-write view: the changes are private and lost at unmap');
let pCopy = step('MapViewOfFile(hMap, FILE_MAP_COPY, 0, 0, 0)', () => MapViewOfFile(hMap, FILE_MAP_COPY, 0, 0, 0));
if (!pCopy) fail('MapViewOfFile(FILE_MAP_COPY)');
const written = step(`write one int32 in every ${STRIDE}th page`, () => writeChanges(pCopy));
console.log(`wrote ${written} pages; VirtualQuery: ${describeProtections(pCopy)}`);
console.log(`through the view: [0] = ${mem.getInt32(pCopy)}; in the file (ReadFile): [0] = ${readInt(0)}`);
step('UnmapViewOfFile(pCopy)', () => UnmapViewOfFile(pCopy));
console.log(
  `after unmap, in the file: [0] = ${readInt(0)}, [${(STRIDE * PAGE) / 4}] = ${readInt((STRIDE * PAGE) / 4)}`,
);

console.log("-- 2. the seed's recipe: copy the changed pages into a FILE_MAP_WRITE view and flush it");
pCopy = step('MapViewOfFile(hMap, FILE_MAP_COPY, 0, 0, 0)', () => MapViewOfFile(hMap, FILE_MAP_COPY, 0, 0, 0));
if (!pCopy) fail('MapViewOfFile(FILE_MAP_COPY)');
step(`write one int32 in every ${STRIDE}th page`, () => writeChanges(pCopy));
const pWrite = step('MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)', () => MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0));
if (!pWrite) fail('MapViewOfFile(FILE_MAP_WRITE)');
// The pages written in the copy view are the ones whose protection changed to PAGE_READWRITE.
const copied = step('copy the PAGE_READWRITE pages of pCopy to pWrite', () => {
  let pages = 0;
  const mbi = new MEMORY_BASIC_INFORMATION();
  for (let offset = 0; offset < size; offset += mbi.RegionSize) {
    VirtualQuery(pCopy + offset, mbi, 28);
    if (mbi.Protect === PAGE_READWRITE) {
      mem.copy(pWrite + offset, pCopy + offset, mbi.RegionSize);
      pages += mbi.RegionSize / PAGE;
    }
  }
  return pages;
});
console.log(`copied ${copied} pages`);
if (!step('FlushViewOfFile(pWrite, 0)', () => FlushViewOfFile(pWrite, 0))) fail('FlushViewOfFile');
step('UnmapViewOfFile(pWrite)', () => UnmapViewOfFile(pWrite));
step('UnmapViewOfFile(pCopy)', () => UnmapViewOfFile(pCopy));
console.log(`now in the file: [0] = ${readInt(0)}, [${(STRIDE * PAGE) / 4}] = ${readInt((STRIDE * PAGE) / 4)}`);
CloseHandle(hMap);
CloseHandle(hFile);

/** Stores -(page number) - 1 at the start of every STRIDE-th page of the view; returns how many. */
function writeChanges(view: number): number {
  let pages = 0;
  for (let page = 0; page * PAGE < size; page += STRIDE, pages++) mem.setInt32(view + page * PAGE, -page - 1);
  return pages;
}

/** The view's regions as VirtualQuery reports them: "4096 PAGE_READWRITE, 61440 PAGE_WRITECOPY, …" (first few). */
function describeProtections(view: number): string {
  const names: Record<number, string> = { 0x04: 'PAGE_READWRITE', 0x08: 'PAGE_WRITECOPY' };
  const parts: string[] = [];
  const mbi = new MEMORY_BASIC_INFORMATION();
  for (let offset = 0; offset < size && parts.length < 4; offset += mbi.RegionSize) {
    VirtualQuery(view + offset, mbi, 28);
    parts.push(`${mbi.RegionSize} ${names[mbi.Protect] ?? mbi.Protect}`);
  }
  return parts.join(', ') + (parts.length === 4 ? ', …' : '');
}

/** int32 number i of the file, by ReadFile (the file's own view of its pages). */
function readInt(i: number): number {
  const buf = VirtualAlloc(0, 4, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
  const got = { value: 0 };
  if (!SetFilePointerEx(hFile, i * 4, null, FILE_BEGIN) || !ReadFile(hFile, buf, 4, got, null)) fail('ReadFile');
  const v = mem.getInt32(buf);
  VirtualFree(buf, 0, MEM_RELEASE);
  return v;
}

/** Makes `path` (if missing) with int32 number i at byte 4 * i, written 64 KiB at a time. */
function makeNumberedFile(path: string, size: number): void {
  const h = CreateFile(path, GENERIC_WRITE, 0, null, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, null);
  if (h === INVALID_HANDLE_VALUE) {
    if (GetLastError() === ERROR_FILE_EXISTS) return;
    fail(`CreateFile(${path})`);
  }
  const chunk = 0x10000;
  const buf = VirtualAlloc(0, chunk, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
  const ints = mem.int32(buf);
  for (let offset = 0; offset < size; offset += chunk) {
    const n = Math.min(chunk, size - offset);
    for (let i = 0; i < n / 4; i++) ints.set(i, offset / 4 + i);
    if (!WriteFile(h, buf, n, { value: 0 }, null)) fail(`writing ${path}`);
  }
  VirtualFree(buf, 0, MEM_RELEASE);
  CloseHandle(h);
  console.log(`made ${path}: ${size} bytes, int32 number i at byte 4 * i`);
}
