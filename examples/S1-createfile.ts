// S1: CreateFile on a 1 GiB file costs only the kernel object's pool: no virtual, no commit
/*
 * Seed experiment S1 (SPEC section 4), the seed's "试图打开一个1G的文件": open a 1 GiB
 * file with CreateFile and print how GlobalMemoryStatus moved.
 *
 * What to look for: avail virtual and avail pagefile do not move at all. avail phys moves
 * only by the nonpaged pool the FILE_OBJECT takes (0x200 bytes); pool is charged by the
 * page, so it drops by one page (4096) when the object starts a new pool page and by 0
 * when it fits in one already taken: "a small drop, different every run" as the seed says.
 * Opening the file reads none of it: 1 GiB or 1 byte costs the same.
 *
 * Run:  mmlab examples S1 [size]      size of C:\<size>.bin, default 1G (made sparse if missing)
 */
import {
  CloseHandle,
  CreateFile,
  FILE_ATTRIBUTE_NORMAL,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  GENERIC_READ,
  GENERIC_WRITE,
  INVALID_HANDLE_VALUE,
  OPEN_EXISTING,
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
console.log(`hFile = ${hFile}`);

step('CloseHandle(hFile)', () => CloseHandle(hFile));
