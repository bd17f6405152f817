// S5: a second process opens "Yeming-Map" by name and sees the first one's writes at once
/*
 * Seed experiment S5 (SPEC section 4), the seed's "基于硬盘文件的内存映射": process 1 (this
 * program, the seed's 1.exe) maps C:\1G.bin as S3 does and sets pInt[100] = 90. Process 2
 * (the seed's 2.exe, started here with CreateProcess) calls OpenFileMapping(FILE_MAP_WRITE,
 * TRUE, "Yeming-Map"), maps the first 100,000,000 bytes and reads pInt[100]; then process 1
 * changes it to 91 and process 2, which only keeps reading its own view, sees 91.
 *
 * What to look for: process 2's MapViewOfFile moves only its own avail virtual (by the view
 * size rounded up to whole pages, 100,003,840 bytes); it reads 90, then 91 with no call in
 * between: both views map the same physical frames (one set of pages per file, NT's
 * prototype PTEs), so a store in one process is a store in the other.
 *
 * Process 2's program is a workspace file: CreateProcess runs only programs on drive C:\,
 * so this program writes it to C:\S5-reader.ts first (source below) and deletes it at the end.
 *
 * Run:  mmlab examples S5 [size] [viewSize]    C:\<size>.bin, default 1G (made sparse if
 *       missing); process 2 maps viewSize bytes, default 100000000
 */
import {
  CloseHandle,
  CreateEvent,
  CreateFile,
  CreateFileMapping,
  CreateProcess,
  CREATE_ALWAYS,
  DeleteFile,
  ExitProcess,
  FILE_ATTRIBUTE_NORMAL,
  FILE_MAP_WRITE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  GENERIC_READ,
  GENERIC_WRITE,
  GetExitCodeProcess,
  INFINITE,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  mem,
  MEM_COMMIT,
  MEM_RELEASE,
  MEM_RESERVE,
  OPEN_EXISTING,
  PAGE_READWRITE,
  PROCESS_INFORMATION,
  STARTUPINFO,
  UnmapViewOfFile,
  VirtualAlloc,
  VirtualFree,
  WAIT_OBJECT_0,
  WaitForSingleObject,
  WriteFile,
} from 'mmlab/win32';
import { step, sizeArg, sizeName, makeSparseFile, fail } from 'mmlab/lab';

/** Process 2, the seed's 2.exe. No `${}` in here: this text is a template literal. */
const READER = `// S5's second process (the seed's 2.exe): opens "Yeming-Map" by name and watches pInt[100].
import { CloseHandle, ExitProcess, FILE_MAP_WRITE, GetCommandLine, GetLastError, GetTickCount, GlobalMemoryStatus,
         MapViewOfFile, MEMORYSTATUS, mem, OpenEvent, OpenFileMapping, SetEvent, UnmapViewOfFile, EVENT_MODIFY_STATE } from 'mmlab/win32';

const viewSize = Number(GetCommandLine().split(' ')[1]);
const hMap = OpenFileMapping(FILE_MAP_WRITE, 1, 'Yeming-Map');
if (!hMap) { console.log('reader: no mapping object named Yeming-Map, error ' + GetLastError()); ExitProcess(1); }

const before = new MEMORYSTATUS(), after = new MEMORYSTATUS();
GlobalMemoryStatus(before);
const pMap = MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, viewSize);
GlobalMemoryStatus(after);
if (!pMap) { console.log('reader: MapViewOfFile failed, error ' + GetLastError()); ExitProcess(1); }
console.log('reader: MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, ' + viewSize + '): avail phys ' + (after.dwAvailPhys - before.dwAvailPhys) +
  ', avail pagefile ' + (after.dwAvailPageFile - before.dwAvailPageFile) + ', avail virtual ' + (after.dwAvailVirtual - before.dwAvailVirtual));
console.log('reader: base address = 0x' + pMap.toString(16));

const pInt = mem.int32(pMap);
const first = pInt.get(100);
console.log('reader: pInt[100] = ' + first);
SetEvent(OpenEvent(EVENT_MODIFY_STATE, 0, 'Yeming-Read'));

// Only reads of this process's own view from here on: no call tells it about the change.
const start = GetTickCount();
let now = first;
for (let spins = 1; now === first; spins++) {
  now = pInt.get(100);
  if (spins % 100000 === 0 && GetTickCount() - start > 10000) break;
}
console.log('reader: pInt[100] = ' + now + (now !== first ? ' (changed by the other process)' : ' (no change seen in 10 s)'));
UnmapViewOfFile(pMap);
CloseHandle(hMap);
ExitProcess(now === first ? 1 : 0);
`;

const size = sizeArg(1, 1 << 30);
const viewSize = sizeArg(2, 100_000_000);
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
const pInt = mem.int32(pMap);
pInt.set(100, 90);
console.log('pInt[100] = 90');

// Process 2 says when it has read 90 (an event only paces the two; the data goes through the view).
const hRead = CreateEvent(null, 0, 0, 'Yeming-Read');
writeProgram('C:\\S5-reader.ts', READER);
const pi = new PROCESS_INFORMATION();
if (!CreateProcess(null, `C:\\S5-reader.ts ${viewSize}`, null, null, 0, 0, null, null, new STARTUPINFO(), pi))
  fail('CreateProcess');
console.log(`started process 2 (pid ${pi.dwProcessId})`);
if (WaitForSingleObject(hRead, 30_000) !== WAIT_OBJECT_0) fail('waiting for process 2');

pInt.set(100, 91);
console.log('pInt[100] = 91');

WaitForSingleObject(pi.hProcess, INFINITE);
const code = { value: 0 };
GetExitCodeProcess(pi.hProcess, code);
console.log(`process 2 exited with code ${code.value}`);
CloseHandle(pi.hThread);
CloseHandle(pi.hProcess);
CloseHandle(hRead);
DeleteFile('C:\\S5-reader.ts');

step('UnmapViewOfFile(pMap)', () => UnmapViewOfFile(pMap));
step('CloseHandle(hMap)', () => CloseHandle(hMap));
step('CloseHandle(hFile)', () => CloseHandle(hFile));
ExitProcess(code.value);

/** Writes `source` to the workspace file `path` (CreateFile + WriteFile from a buffer of ours). */
function writeProgram(path: string, source: string): void {
  const bytes = new TextEncoder().encode(source);
  const buf = VirtualAlloc(0, bytes.length, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
  mem.write(buf, bytes);
  const h = CreateFile(path, GENERIC_WRITE, 0, null, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, null);
  const written = { value: 0 };
  if (h === INVALID_HANDLE_VALUE || !WriteFile(h, buf, bytes.length, written, null)) fail(`writing ${path}`);
  CloseHandle(h);
  VirtualFree(buf, 0, MEM_RELEASE);
}
