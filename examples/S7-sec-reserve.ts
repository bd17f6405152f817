// S7: SEC_RESERVE: no commit until VirtualAlloc; VirtualFree fails; only unmapping frees it
/*
 * Seed experiment S7 (SPEC section 4), the seed's "稀疏内存映射文件" (a sparsely committed
 * mapping, the seed's shared spreadsheet): CreateFileMapping(INVALID_HANDLE_VALUE, NULL,
 * PAGE_READWRITE | SEC_RESERVE, 0, 100000000, "Yeming-Map-Virtual"), MapViewOfFile, then
 * VirtualAlloc(MEM_COMMIT) over the view, VirtualFree(MEM_DECOMMIT), VirtualFree(MEM_RELEASE),
 * CloseHandle and UnmapViewOfFile, in the seed's order and with the seed's arguments.
 *
 * What to look for: CreateFileMapping moves nothing (SEC_RESERVE commits nothing, unlike S6);
 * MapViewOfFile takes only address space (100,003,840 bytes: the size in whole pages);
 * VirtualAlloc(MEM_COMMIT) inside the view commits the section's pages: avail pagefile drops
 * by 100,003,840. Both VirtualFree calls fail with ERROR_INVALID_PARAMETER (87): memory of a
 * view is the section's, not the process's. CloseHandle gives nothing back (the view still
 * holds the section); UnmapViewOfFile, the last reference, returns both the address space
 * and the commit.
 *
 * Run:  mmlab examples S7 [size]      bytes in the mapping, default 100000000
 */
import {
  CloseHandle,
  CreateFileMapping,
  FILE_MAP_WRITE,
  GetLastError,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  MEM_COMMIT,
  MEM_DECOMMIT,
  MEM_RELEASE,
  PAGE_READWRITE,
  SEC_RESERVE,
  UnmapViewOfFile,
  VirtualAlloc,
  VirtualFree,
} from 'mmlab/win32';
import { step, sizeArg, fail } from 'mmlab/lab';

const size = sizeArg(1, 100_000_000);

const hVirtualMap = step(
  `CreateFileMapping(INVALID_HANDLE_VALUE, PAGE_READWRITE | SEC_RESERVE, 0, ${size}, "Yeming-Map-Virtual")`,
  () => CreateFileMapping(INVALID_HANDLE_VALUE, null, PAGE_READWRITE | SEC_RESERVE, 0, size, 'Yeming-Map-Virtual'),
);
if (!hVirtualMap) fail('CreateFileMapping');

const pVirtualMap = step('MapViewOfFile(hVirtualMap, FILE_MAP_WRITE, 0, 0, 0)', () =>
  MapViewOfFile(hVirtualMap, FILE_MAP_WRITE, 0, 0, 0),
);
if (!pVirtualMap) fail('MapViewOfFile');
console.log(`base address = 0x${pVirtualMap.toString(16)}`);

const pP = step(`VirtualAlloc(pVirtualMap, ${size}, MEM_COMMIT, PAGE_READWRITE)`, () =>
  VirtualAlloc(pVirtualMap, size, MEM_COMMIT, PAGE_READWRITE),
);
if (!pP) fail('VirtualAlloc');

// The seed: "可以看见,用VirtualFree是不能够释放这个稀疏映射的".
const decommit = step(`VirtualFree(pP, ${size}, MEM_DECOMMIT)`, () => VirtualFree(pP, size, MEM_DECOMMIT));
console.log(`VirtualFree(MEM_DECOMMIT) = ${decommit}, GetLastError() = ${GetLastError()}`);
const release = step(`VirtualFree(pP, ${size}, MEM_RELEASE)`, () => VirtualFree(pP, size, MEM_RELEASE));
console.log(`VirtualFree(MEM_RELEASE) = ${release}, GetLastError() = ${GetLastError()}`);

step('CloseHandle(hVirtualMap)', () => CloseHandle(hVirtualMap));
const unmapped = step('UnmapViewOfFile(pVirtualMap)', () => UnmapViewOfFile(pVirtualMap));
if (!unmapped) fail('UnmapViewOfFile');
