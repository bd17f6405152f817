// S11: close the file and mapping handles early: the view keeps working until the last unmap
/*
 * Seed experiment S11 (SPEC section 4), the seed's advice "在CreateFileMapping后马上关闭文件句柄;
 * 在MapViewOfFile后马上关闭内存映射句柄;最后再撤销映射" (close the file handle right after
 * CreateFileMapping, the mapping handle right after MapViewOfFile, and unmap last).
 *
 * What to look for: the two CloseHandle calls free nothing that the view needs (the view
 * holds the section, the section holds the file), so the view still reads and writes the file.
 * While the view exists the file is still open, with the access it was opened with: a
 * CreateFile that asks for exclusive use fails with ERROR_SHARING_VIOLATION (32).
 * UnmapViewOfFile, the last reference, frees everything: the address space, the section,
 * the file object and its pool (the step table adds up to what the page tables took, the only
 * thing a process keeps until it exits), and it closes the file: the same exclusive
 * CreateFile now succeeds, and ReadFile shows the view's writes.
 *
 * Run:  mmlab examples S11 [size]     size of C:\S11-<size>.bin, default 1M (made sparse if missing)
 */
import {
  CloseHandle,
  CreateFile,
  CreateFileMapping,
  FILE_ATTRIBUTE_NORMAL,
  FILE_BEGIN,
  FILE_MAP_WRITE,
  GENERIC_READ,
  GENERIC_WRITE,
  GetLastError,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
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
} from 'mmlab/win32';
import { step, sizeArg, sizeName, makeSparseFile, fail } from 'mmlab/lab';

const size = sizeArg(1, 1 << 20);
const path = `C:\\S11-${sizeName(size)}.bin`;
makeSparseFile(path, size);

const hFile = step(`CreateFile(${path}, GENERIC_READ | GENERIC_WRITE, 0)`, () =>
  CreateFile(path, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, null),
);
if (hFile === INVALID_HANDLE_VALUE) fail('CreateFile');
const hMap = step('CreateFileMapping(hFile, PAGE_READWRITE, 0, 0, NULL)', () =>
  CreateFileMapping(hFile, null, PAGE_READWRITE, 0, 0, null),
);
if (!hMap) fail('CreateFileMapping');
step('CloseHandle(hFile), right after CreateFileMapping', () => CloseHandle(hFile));
const pMap = step('MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)', () => MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0));
if (!pMap) fail('MapViewOfFile');
step('CloseHandle(hMap), right after MapViewOfFile', () => CloseHandle(hMap));

// Both handles are gone; the view still works. Number every page: int32 0 of page k = k + 1.
const pages = Math.ceil(size / 4096);
step(`write the first int32 of each of the ${pages} pages`, () => {
  for (let k = 0; k < pages; k++) mem.setInt32(pMap + k * 4096, k + 1);
});
console.log(
  `read back: page 0 = ${mem.getInt32(pMap)}, page ${pages - 1} = ${mem.getInt32(pMap + (pages - 1) * 4096)}`,
);

const exclusive = () =>
  CreateFile(path, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, null);
const early = exclusive();
console.log(
  `CreateFile(${path}, no sharing) while the view exists: ${early === INVALID_HANDLE_VALUE ? `INVALID_HANDLE_VALUE, GetLastError() = ${GetLastError()}` : early}`,
);
if (early !== INVALID_HANDLE_VALUE) CloseHandle(early);

step('UnmapViewOfFile(pMap), the last reference', () => UnmapViewOfFile(pMap));

const hAgain = exclusive();
if (hAgain === INVALID_HANDLE_VALUE) fail(`CreateFile(${path}, no sharing) after the unmap`);
console.log(`CreateFile(${path}, no sharing) after the unmap: handle ${hAgain}`);
const buf = VirtualAlloc(0, 4, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
const got = { value: 0 };
SetFilePointerEx(hAgain, (pages - 1) * 4096, null, FILE_BEGIN);
if (!ReadFile(hAgain, buf, 4, got, null)) fail('ReadFile');
console.log(`ReadFile: page ${pages - 1} = ${mem.getInt32(buf)}`);
VirtualFree(buf, 0, MEM_RELEASE);
CloseHandle(hAgain);
