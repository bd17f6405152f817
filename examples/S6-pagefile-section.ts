// S6: a pagefile-backed mapping of 100,000,000 bytes charges its commit at creation
/*
 * Seed experiment S6 (SPEC section 4), the seed's "基于页文件的内存映射":
 * CreateFileMapping(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 100000000, "Yeming-Map-Page").
 *
 * What to look for: unlike a data-file mapping (S2), a mapping backed by the pagefile is
 * committed when it is created, before any view exists: avail pagefile (commit limit minus
 * commit charge) drops at CreateFileMapping by the size rounded up to whole pages,
 * 100,003,840 bytes, while avail phys and avail virtual do not move. MapViewOfFile then
 * takes only address space; touching pages takes physical memory but no more commit (only
 * the page tables, as for any memory); the commit comes back when the last handle and view
 * are gone, here at CloseHandle after UnmapViewOfFile.
 *
 * Run:  mmlab examples S6 [size]      bytes in the mapping, default 100000000
 */
import {
  CloseHandle,
  CreateFileMapping,
  FILE_MAP_WRITE,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  mem,
  PAGE_READWRITE,
  UnmapViewOfFile,
} from 'mmlab/win32';
import { step, sizeArg, fail } from 'mmlab/lab';

const size = sizeArg(1, 100_000_000);

const hPageMap = step(`CreateFileMapping(INVALID_HANDLE_VALUE, PAGE_READWRITE, 0, ${size}, "Yeming-Map-Page")`, () =>
  CreateFileMapping(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, size, 'Yeming-Map-Page'),
);
if (!hPageMap) fail('CreateFileMapping');

const pPageMap = step('MapViewOfFile(hPageMap, FILE_MAP_WRITE, 0, 0, 0)', () =>
  MapViewOfFile(hPageMap, FILE_MAP_WRITE, 0, 0, 0),
);
if (!pPageMap) fail('MapViewOfFile');
console.log(`base address = 0x${pPageMap.toString(16)}`);

// Touch the first 1 MiB (256 pages): demand-zero faults take frames, the commit is already there.
const touched = Math.min(size, 1 << 20);
step(`write the first ${touched} bytes`, () => {
  for (let offset = 0; offset < touched; offset += 4096) mem.setInt32(pPageMap + offset, offset);
});

step('UnmapViewOfFile(pPageMap)', () => UnmapViewOfFile(pPageMap));
step('CloseHandle(hPageMap)', () => CloseHandle(hPageMap));
