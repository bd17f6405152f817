// S14: FlushViewOfFile rounds to whole pages, and when it returns the data is on disk
/*
 * Seed experiment S14 (SPEC section 4), the seed's "保存文件修改": FlushViewOfFile(PVOID, SIZE_T)
 * "'进程空间地址'指的是需要更改的第一个字节地址,系统会变成页面的地址; '字节数',系统会变成页面
 * 大小的倍数。写入磁盘后,函数返回" (the address is rounded down to its page, the byte count up
 * to whole pages, and the call returns once the data is written to disk).
 *
 * The program writes three marks through a view: at bytes 100 and 4000 of page 1 and at
 * byte 100 of page 3, then flushes only the 10 bytes at page 1 + 100.
 *
 * What to look for: the flush writes all of page 1, including the mark at byte 4000 that lies
 * outside the 10 bytes asked for; page 3 is not part of the flush (it reaches the file later,
 * from the modified page writer or at unmap). The data flushed is on disk when the call
 * returns: run with a hold time and kill the whole host (kill -9 the mmlab process) while it
 * holds, and page 1 of C:\S14.bin still has both marks.
 *
 * Run:  mmlab examples S14 [size] [holdMs]   size of C:\S14.bin, default 64K (made sparse if
 *       missing); holdMs: how long to wait after the flush before unmapping, default 0
 */
import {
  CloseHandle,
  CreateFile,
  CreateFileMapping,
  FILE_ATTRIBUTE_NORMAL,
  FILE_MAP_WRITE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  FlushViewOfFile,
  GENERIC_READ,
  GENERIC_WRITE,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  mem,
  OPEN_EXISTING,
  PAGE_READWRITE,
  Sleep,
  UnmapViewOfFile,
} from 'mmlab/win32';
import { step, sizeArg, makeSparseFile, fail } from 'mmlab/lab';

const PAGE = 4096;
const size = sizeArg(1, 0x10000);
const holdMs = sizeArg(2, 0);
const path = 'C:\\S14.bin';
makeSparseFile(path, size);

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
const pMap = MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0);
if (!pMap) fail('MapViewOfFile');

// A run number, so a rerun on the same file writes marks that differ from the last run's.
const run = mem.getInt32(pMap) + 1;
mem.setInt32(pMap, run);
mem.writeString(pMap + PAGE + 100, `mark A ${run}`);
mem.writeString(pMap + PAGE + 4000, `mark B ${run}`);
mem.writeString(pMap + 3 * PAGE + 100, `mark C ${run}`);
console.log(
  `run ${run}: wrote "mark A ${run}" at page 1 + 100, "mark B ${run}" at page 1 + 4000, "mark C ${run}" at page 3 + 100`,
);

const flushed = step('FlushViewOfFile(pMap + 4096 + 100, 10)', () => FlushViewOfFile(pMap + PAGE + 100, 10));
if (!flushed) fail('FlushViewOfFile');
// Everything below this line may be lost if the host dies; page 1 may not.
console.log(`flushed: page 1 (bytes ${PAGE} to ${2 * PAGE - 1} of ${path}) is on disk`);
if (holdMs > 0) {
  console.log(`holding the view for ${holdMs} ms`);
  Sleep(holdMs);
}

step('UnmapViewOfFile(pMap)', () => UnmapViewOfFile(pMap));
CloseHandle(hMap);
CloseHandle(hFile);
