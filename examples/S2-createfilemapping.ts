// S2: CreateFileMapping of the 1 GiB file makes only an object: no physical, commit or virtual
/*
 * Seed experiment S2 (SPEC section 4), the seed's "建立内存映射文件后的空间": after S1's
 * CreateFile, CreateFileMapping(hFile, NULL, PAGE_READWRITE, 0, 0, "Yeming-Map").
 *
 * What to look for: CreateFileMapping moves none of the three counters. A mapping object
 * backed by a data file reserves no address space (that is MapViewOfFile's job), commits
 * nothing (the file itself is the backing store, so nothing needs pagefile space) and reads
 * nothing. The only memory it takes is the section object's pool (0x180 bytes), which is
 * charged by the page: avail phys moves by 0, or by one page when a new pool page starts.
 *
 * Run:  mmlab examples S2 [size]      size of C:\<size>.bin, default 1G (made sparse if missing)
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
  INVALID_HANDLE_VALUE,
  OPEN_EXISTING,
  PAGE_READWRITE,
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

// Size 0, 0: the mapping is as large as the file.
const hMap = step('CreateFileMapping(hFile, PAGE_READWRITE, 0, 0, "Yeming-Map")', () =>
  CreateFileMapping(hFile, null, PAGE_READWRITE, 0, 0, 'Yeming-Map'),
);
if (!hMap) fail('CreateFileMapping');
console.log(`hMap = ${hMap}`);

step('CloseHandle(hMap)', () => CloseHandle(hMap));
step('CloseHandle(hFile)', () => CloseHandle(hFile));
