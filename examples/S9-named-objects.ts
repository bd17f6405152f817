// S9: named mappings: the same name again gives the existing object; an event's name fails
/*
 * Seed experiment S9 (SPEC section 4), from the seed's notes on CreateFileMapping's lpName:
 * "如果这个名字已存在 … 返回原有映射对象的句柄,GetLastError返回ERROR_ALREADY_EXISTS" and
 * "如果此参数的名字与系统事件的名字相同,则函数执行失败,GetLastError返回ERROR_INVALID_HANDLE".
 *
 * What to look for:
 *  - the first CreateFileMapping(…, "Yeming-Map-Page") creates the object (GetLastError() 0)
 *    and charges its commit;
 *  - the second, with the same name and a larger size, succeeds with a new handle to the same
 *    object and GetLastError() = ERROR_ALREADY_EXISTS (183): it charges nothing, its size
 *    argument is ignored (a view of it is still 64 KiB), and it sees what the first wrote;
 *  - CreateFileMapping and OpenFileMapping with the name of an event return NULL with
 *    GetLastError() = ERROR_INVALID_HANDLE (6): one name, one object, one type.
 *
 * Run:  mmlab examples S9
 */
import {
  CloseHandle,
  CreateEvent,
  CreateFileMapping,
  FILE_MAP_READ,
  FILE_MAP_WRITE,
  GetLastError,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  MEMORY_BASIC_INFORMATION,
  mem,
  OpenFileMapping,
  PAGE_READWRITE,
  SetLastError,
  UnmapViewOfFile,
  VirtualQuery,
} from 'mmlab/win32';
import { step, fail } from 'mmlab/lab';

const h1 = step('CreateFileMapping(INVALID_HANDLE_VALUE, PAGE_READWRITE, 0, 65536, "Yeming-Map-Page")', () =>
  CreateFileMapping(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 65536, 'Yeming-Map-Page'),
);
console.log(`first: handle ${h1}, GetLastError() = ${GetLastError()}`);
if (!h1) fail('CreateFileMapping');
const p1 = MapViewOfFile(h1, FILE_MAP_WRITE, 0, 0, 0);
if (!p1) fail('MapViewOfFile');
mem.setInt32(p1, 90);
console.log('pInt[0] = 90 through the first handle');

const h2 = step('CreateFileMapping(INVALID_HANDLE_VALUE, PAGE_READWRITE, 0, 1048576, "Yeming-Map-Page")', () =>
  CreateFileMapping(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 1048576, 'Yeming-Map-Page'),
);
console.log(`second: handle ${h2}, GetLastError() = ${GetLastError()}`);
if (!h2) fail('CreateFileMapping');
const p2 = MapViewOfFile(h2, FILE_MAP_READ, 0, 0, 0);
if (!p2) fail('MapViewOfFile');
const mbi = new MEMORY_BASIC_INFORMATION();
VirtualQuery(p2, mbi, 28);
console.log(`through the second handle: pInt[0] = ${mem.getInt32(p2)}, view size ${mbi.RegionSize}`);

const hEvent = CreateEvent(null, 1, 0, 'Yeming-Event');
if (!hEvent) fail('CreateEvent');
console.log(`CreateEvent(NULL, TRUE, FALSE, "Yeming-Event") = ${hEvent}`);
SetLastError(0);
const h3 = step('CreateFileMapping(INVALID_HANDLE_VALUE, PAGE_READWRITE, 0, 65536, "Yeming-Event")', () =>
  CreateFileMapping(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 65536, 'Yeming-Event'),
);
console.log(`CreateFileMapping with the event's name: ${h3}, GetLastError() = ${GetLastError()}`);
SetLastError(0);
const h4 = OpenFileMapping(FILE_MAP_READ, 0, 'Yeming-Event');
console.log(`OpenFileMapping with the event's name: ${h4}, GetLastError() = ${GetLastError()}`);

UnmapViewOfFile(p2);
UnmapViewOfFile(p1);
CloseHandle(h2);
step('CloseHandle(h1), the last handle', () => CloseHandle(h1));
CloseHandle(hEvent);
