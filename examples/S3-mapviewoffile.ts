// S3: MapViewOfFile of the whole 1 GiB file: avail virtual drops by 1 GiB, nothing else moves
/*
 * Seed experiment S3 (SPEC section 4), the seed's "映射内存映射文件后的空间": after S1 and S2,
 * MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0) maps the whole file.
 *
 * What to look for: avail virtual drops by exactly the size of the view (1 GiB): the view is
 * a reserved region of the address space. avail phys and avail pagefile do not move: no page
 * of the file is read until it is touched, and a view of a data file is backed by the file,
 * so it charges no commit. Then the first touch of one page: a page fault reads it from the
 * file (avail phys drops by that page and by the page table the kernel makes for it; the page
 * table, and only it, is charged to commit). UnmapViewOfFile gives the address space back.
 *
 * Run:  mmlab examples S3 [size]      size of C:\<size>.bin, default 1G (made sparse if missing)
 */
import {
  CloseHandle,
  CreateFile,
  CreateFileMapping,
  FILE_ATTRIBUTE_NORMAL,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  GENERIC_READ,
  GENERIC_WRITE,
  FILE_MAP_WRITE,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  mem,
  OPEN_EXISTING,
  PAGE_READWRITE,
  UnmapViewOfFile,
} from 'mmlab/win32';
import { step, sizeArg, sizeName, makeSparseFile, fail } from 'mmlab/lab';

const size = sizeArg(1, 1 << 30);
const path = `C:\\${sizeName(size)}.bin`;
makeSparseFile(path, size);

const hFile = step(`CreateFile(${path})`, () =>
  CreateFile(
    path,
    GENERIC_READ | GENERIC_WRITE,
    FILE_SHARE_READ | FILE_SHARE_WRITE,
    null,
    OPEN_EXISTING,
    FILE_ATTRIBUTE_NORMAL,
    null,
  ),
);
if (hFile === INVALID_HANDLE_VALUE) fail('CreateFile');
const hMap = step('CreateFileMapping(hFile, PAGE_READWRITE, 0, 0, "Yeming-Map")', () =>
  CreateFileMapping(hFile, null, PAGE_READWRITE, 0, 0, 'Yeming-Map'),
);
if (!hMap) fail('CreateFileMapping');

const pMap = step('MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)', () => MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0));
if (!pMap) fail('MapViewOfFile');
console.log(`base address = 0x${pMap.toString(16)}`);

// The first touch: one page comes in from the file (a hard fault), not the whole view.
const first = step('read pMap[0] (first touch)', () => mem.getInt32(pMap));
console.log(`pMap[0] = ${first}`);

step('UnmapViewOfFile(pMap)', () => UnmapViewOfFile(pMap));
step('CloseHandle(hMap)', () => CloseHandle(hMap));
step('CloseHandle(hFile)', () => CloseHandle(hFile));
