// S12: a mapping larger than its file grows the file; size 0 on an empty file fails
/*
 * Seed experiment S12 (SPEC section 4), the seed's notes on CreateFileMapping's size: "当这个值
 * 大于实际的文件大小时,系统会扩大文件到这个值 … 值为0默认为文件的大小,这时候如果文件大小为0,
 * 创建失败" (a maximum size larger than the file makes the system grow the file to that size;
 * 0 means the file's size, and then an empty file makes the call fail).
 *
 * What to look for:
 *  - a 4096-byte file, CreateFileMapping(hFile, PAGE_READWRITE, 0, 1 MiB): the call succeeds
 *    and GetFileSizeEx reports 1 MiB at once (no view is needed; the new part reads as zeros);
 *  - the same with PAGE_READONLY and a size beyond the file fails: a read-only mapping cannot
 *    grow its file (NULL, ERROR_NOT_ENOUGH_MEMORY = 8, from STATUS_SECTION_TOO_BIG);
 *  - an empty file with size 0: NULL, GetLastError() = ERROR_FILE_INVALID (1006).
 *
 * Run:  mmlab examples S12 [size]     the size to grow to, default 1M
 */
import {
  CloseHandle,
  CreateFile,
  CreateFileMapping,
  CREATE_ALWAYS,
  FILE_ATTRIBUTE_NORMAL,
  FILE_BEGIN,
  GENERIC_READ,
  GENERIC_WRITE,
  GetFileSizeEx,
  GetLastError,
  INVALID_HANDLE_VALUE,
  PAGE_READONLY,
  PAGE_READWRITE,
  SetEndOfFile,
  SetFilePointerEx,
  SetLastError,
} from 'mmlab/win32';
import { step, sizeArg, fail } from 'mmlab/lab';

const growTo = sizeArg(1, 1 << 20);

console.log('-- a mapping larger than its file');
const hFile = newFile('C:\\S12-grow.bin', 4096);
console.log(`C:\\S12-grow.bin: ${fileSize(hFile)} bytes`);
const hMap = step(`CreateFileMapping(hFile, PAGE_READWRITE, 0, ${growTo}, NULL)`, () =>
  CreateFileMapping(hFile, null, PAGE_READWRITE, 0, growTo, null),
);
if (!hMap) fail('CreateFileMapping');
console.log(`C:\\S12-grow.bin after CreateFileMapping: ${fileSize(hFile)} bytes`);
SetLastError(0);
const hReadOnly = CreateFileMapping(hFile, null, PAGE_READONLY, 0, growTo * 2, null);
console.log(
  `CreateFileMapping(hFile, PAGE_READONLY, 0, ${growTo * 2}, NULL) = ${hReadOnly}, GetLastError() = ${GetLastError()}`,
);
if (hReadOnly) CloseHandle(hReadOnly);
CloseHandle(hMap);
CloseHandle(hFile);

console.log('-- size 0 on an empty file');
const hEmpty = newFile('C:\\S12-empty.bin', 0);
SetLastError(0);
const hNone = step('CreateFileMapping(hEmpty, PAGE_READWRITE, 0, 0, NULL)', () =>
  CreateFileMapping(hEmpty, null, PAGE_READWRITE, 0, 0, null),
);
console.log(`CreateFileMapping on an empty file = ${hNone}, GetLastError() = ${GetLastError()}`);
if (hNone) CloseHandle(hNone);
CloseHandle(hEmpty);

/** Creates (or truncates) `path` to `size` bytes and returns a read-write handle to it. */
function newFile(path: string, size: number): number {
  const h = CreateFile(path, GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, null);
  if (h === INVALID_HANDLE_VALUE) fail(`CreateFile(${path})`);
  if (!SetFilePointerEx(h, size, null, FILE_BEGIN) || !SetEndOfFile(h)) fail(`sizing ${path}`);
  return h;
}

function fileSize(h: number): number {
  const size = { value: 0 };
  if (!GetFileSizeEx(h, size)) fail('GetFileSizeEx');
  return size.value;
}
