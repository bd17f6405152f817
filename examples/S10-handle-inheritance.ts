// S10: a child process inherits a mapping handle and finds it through its command line
/*
 * Seed experiment S10 (SPEC section 4), the seed's first way to share: "父进程把自己创建的文件
 * 映射核心对象继承给子进程使用" (the parent lets its child inherit the mapping object). The
 * parent creates an unnamed pagefile-backed mapping with an inheritable handle
 * (SECURITY_ATTRIBUTES.bInheritHandle = TRUE), writes a message into a view, and starts its
 * child with CreateProcess(bInheritHandles = TRUE), putting the handle's value on the child's
 * command line. The child maps that handle (no name is involved), reads the message and
 * writes an answer, which the parent reads when the child has exited.
 *
 * What to look for: the child's handle has the same value as the parent's (inherited handles
 * keep their values), it maps without OpenFileMapping, and both see one set of pages. The
 * child's MapViewOfFile moves only the child's avail virtual.
 *
 * The child's program is a workspace file: CreateProcess runs only programs on drive C:\, so
 * this program writes it to C:\S10-child.ts first (source below) and deletes it at the end.
 *
 * Run:  mmlab examples S10
 */
import {
  CloseHandle,
  CreateFile,
  CreateFileMapping,
  CreateProcess,
  CREATE_ALWAYS,
  DeleteFile,
  ExitProcess,
  FILE_ATTRIBUTE_NORMAL,
  FILE_MAP_WRITE,
  GENERIC_WRITE,
  GetExitCodeProcess,
  GetHandleInformation,
  HANDLE_FLAG_INHERIT,
  INFINITE,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  mem,
  MEM_COMMIT,
  MEM_RELEASE,
  MEM_RESERVE,
  PAGE_READWRITE,
  PROCESS_INFORMATION,
  SECURITY_ATTRIBUTES,
  STARTUPINFO,
  UnmapViewOfFile,
  VirtualAlloc,
  VirtualFree,
  WaitForSingleObject,
  WriteFile,
} from 'mmlab/win32';
import { step, fail } from 'mmlab/lab';

/** The child. No `${}` in here: this text is a template literal. */
const CHILD = `// S10's child: maps the mapping handle its parent passed on the command line.
import { CloseHandle, ExitProcess, FILE_MAP_WRITE, GetCommandLine, GetLastError, GlobalMemoryStatus,
         MapViewOfFile, MEMORYSTATUS, mem, UnmapViewOfFile } from 'mmlab/win32';

const hMap = Number(GetCommandLine().split(' ')[1]);
console.log('child: command line "' + GetCommandLine() + '", so the handle is ' + hMap);
const before = new MEMORYSTATUS(), after = new MEMORYSTATUS();
GlobalMemoryStatus(before);
const p = MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0);
GlobalMemoryStatus(after);
if (!p) { console.log('child: MapViewOfFile failed, error ' + GetLastError()); ExitProcess(1); }
console.log('child: MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0): avail phys ' + (after.dwAvailPhys - before.dwAvailPhys) +
  ', avail pagefile ' + (after.dwAvailPageFile - before.dwAvailPageFile) + ', avail virtual ' + (after.dwAvailVirtual - before.dwAvailVirtual));
console.log('child: the view says "' + mem.readString(p) + '"');
mem.writeString(p + 1024, 'Hello back from the child');
UnmapViewOfFile(p);
CloseHandle(hMap);
`;

const SIZE = 65536;
const sa = new SECURITY_ATTRIBUTES();
sa.bInheritHandle = 1;
const hMap = step(`CreateFileMapping(INVALID_HANDLE_VALUE, &sa (inheritable), PAGE_READWRITE, 0, ${SIZE}, NULL)`, () =>
  CreateFileMapping(INVALID_HANDLE_VALUE, sa, PAGE_READWRITE, 0, SIZE, null),
);
if (!hMap) fail('CreateFileMapping');
const flags = { value: 0 };
GetHandleInformation(hMap, flags);
console.log(`hMap = ${hMap}, inheritable: ${(flags.value & HANDLE_FLAG_INHERIT) !== 0}`);

const pMap = MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0);
if (!pMap) fail('MapViewOfFile');
mem.writeString(pMap, 'Hello from the parent');
console.log('parent wrote "Hello from the parent"');

writeProgram('C:\\S10-child.ts', CHILD);
const pi = new PROCESS_INFORMATION();
const commandLine = `C:\\S10-child.ts ${hMap}`;
if (!CreateProcess(null, commandLine, null, null, 1, 0, null, null, new STARTUPINFO(), pi)) fail('CreateProcess');
console.log(`CreateProcess(NULL, "${commandLine}", …, bInheritHandles = TRUE, …): pid ${pi.dwProcessId}`);
WaitForSingleObject(pi.hProcess, INFINITE);
const code = { value: 0 };
GetExitCodeProcess(pi.hProcess, code);
console.log(`child exited with code ${code.value}`);
console.log(`parent reads "${mem.readString(pMap + 1024)}"`);
CloseHandle(pi.hThread);
CloseHandle(pi.hProcess);
DeleteFile('C:\\S10-child.ts');

UnmapViewOfFile(pMap);
CloseHandle(hMap);
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
