// S13: a file larger than the address space, read through sliding 64 KiB views (Count0s)
/*
 * Seed experiment S13 (SPEC section 4), the seed's "对于大文件,可以用多次映射的方法达到访问的
 * 目的" (reach a big file by mapping it piece by piece) and Richter's Count0s: count the zero
 * bytes of a 4 GiB file in the x86 profile, where a process has 2 GiB of address space.
 *
 * What to look for:
 *  - MapViewOfFile of the whole file fails: no free region of the address space is that
 *    large (NULL, ERROR_NOT_ENOUGH_MEMORY = 8);
 *  - a view whose file offset is not a multiple of the allocation granularity (64 KiB, from
 *    GetSystemInfo) fails with ERROR_MAPPED_ALIGNMENT (1132);
 *  - views of 64 KiB at offsets 0, 64 KiB, 128 KiB … (the offset's high DWORD in
 *    dwFileOffsetHigh past 4 GiB) reach every byte: the count is exact. Each view is
 *    unmapped before the next, so avail virtual and avail phys stay level however big the
 *    file is: the pages read go to the standby list and are reused.
 *
 * Eight nonzero bytes are written first (one in each eighth of the file) so that the count
 * shows every part was really read: zeros = size - 8.
 *
 * Run:  mmlab examples S13 [size] [view]   C:\S13-<size>.bin, default 4G (made sparse if missing);
 *       view size default 64K (a multiple of 64K)
 */
import {
  CloseHandle,
  CreateFile,
  CreateFileMapping,
  FILE_ATTRIBUTE_NORMAL,
  FILE_FLAG_SEQUENTIAL_SCAN,
  FILE_MAP_READ,
  FILE_MAP_WRITE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  GENERIC_READ,
  GENERIC_WRITE,
  GetFileSizeEx,
  GetLastError,
  GetSystemInfo,
  GetTickCount,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  mem,
  OPEN_EXISTING,
  PAGE_READONLY,
  PAGE_READWRITE,
  SetLastError,
  SYSTEM_INFO,
  UnmapViewOfFile,
} from 'mmlab/win32';
import { step, status, sizeArg, sizeName, makeSparseFile, fail } from 'mmlab/lab';

const TWO_32 = 0x1_0000_0000;
const size = sizeArg(1, 4 * 1024 ** 3);
const sinf = new SYSTEM_INFO();
GetSystemInfo(sinf);
const view = sizeArg(2, sinf.dwAllocationGranularity);
const path = `C:\\S13-${sizeName(size)}.bin`;
makeSparseFile(path, size);

// The markers: byte 12345 of each eighth of the file is 1.
const markers = Array.from({ length: 8 }, (_, k) => Math.floor((size * k) / 8 / view) * view + (12345 % view));
{
  const h = CreateFile(
    path,
    GENERIC_READ | GENERIC_WRITE,
    FILE_SHARE_READ | FILE_SHARE_WRITE,
    null,
    OPEN_EXISTING,
    FILE_ATTRIBUTE_NORMAL,
    null,
  );
  if (h === INVALID_HANDLE_VALUE) fail('CreateFile');
  const m = CreateFileMapping(h, null, PAGE_READWRITE, 0, 0, null);
  if (!m) fail('CreateFileMapping');
  for (const at of markers) {
    const base = at - (at % sinf.dwAllocationGranularity);
    const p = MapViewOfFile(m, FILE_MAP_WRITE, Math.floor(base / TWO_32), base % TWO_32, sinf.dwAllocationGranularity);
    if (!p) fail('MapViewOfFile (marker)');
    mem.setUint8(p + (at - base), 1);
    UnmapViewOfFile(p);
  }
  CloseHandle(m);
  CloseHandle(h);
  console.log(`wrote 1 at ${markers.length} offsets: ${markers.join(', ')}`);
}

// Count0s, as Richter writes it: a read-only mapping, the file handle closed at once.
const hFile = CreateFile(path, GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, null);
if (hFile === INVALID_HANDLE_VALUE) fail('CreateFile');
const hFileMapping = CreateFileMapping(hFile, null, PAGE_READONLY, 0, 0, null);
if (!hFileMapping) fail('CreateFileMapping');
const fileSize = { value: 0 };
GetFileSizeEx(hFile, fileSize);
CloseHandle(hFile);

SetLastError(0);
const whole = step('MapViewOfFile(hFileMapping, FILE_MAP_READ, 0, 0, 0) (the whole file)', () =>
  MapViewOfFile(hFileMapping, FILE_MAP_READ, 0, 0, 0),
);
console.log(
  `the whole file: ${whole ? `mapped at 0x${whole.toString(16)}` : `NULL, GetLastError() = ${GetLastError()}`}`,
);
if (whole) UnmapViewOfFile(whole);
SetLastError(0);
const odd = MapViewOfFile(hFileMapping, FILE_MAP_READ, 0, 4096, 4096);
console.log(`offset 4096: ${odd ? `mapped at 0x${odd.toString(16)}` : `NULL, GetLastError() = ${GetLastError()}`}`);
if (odd) UnmapViewOfFile(odd);

const start = GetTickCount();
let zeros = 0;
let views = 0;
const count = () => {
  let left = fileSize.value;
  let offset = 0;
  let nextReport = fileSize.value / 8;
  while (left > 0) {
    const bytes = Math.min(view, left);
    const pbFile = MapViewOfFile(hFileMapping, FILE_MAP_READ, Math.floor(offset / TWO_32), offset % TWO_32, bytes);
    if (!pbFile) fail(`MapViewOfFile at ${offset}`);
    // One read of the whole view through the MMU, then a plain loop (a call per byte would
    // measure JavaScript calls, not memory-mapped files).
    const data = mem.read(pbFile, bytes);
    for (let i = 0; i < bytes; i++) if (data[i] === 0) zeros++;
    UnmapViewOfFile(pbFile);
    views++;
    offset += bytes;
    left -= bytes;
    if (offset >= nextReport) {
      console.log(
        `  ${sizeName(offset)} read: avail phys ${status().dwAvailPhys}, avail virtual ${status().dwAvailVirtual}`,
      );
      nextReport += fileSize.value / 8;
    }
  }
};
step(`Count0s: ${sizeName(view)} views over ${sizeName(fileSize.value)}`, count);
console.log(
  `zeros: ${zeros} of ${fileSize.value} bytes (${fileSize.value - zeros} nonzero), ${views} views, ${GetTickCount() - start} ms`,
);
CloseHandle(hFileMapping);
