// S15: an EXE run twice: code pages shared, .data copy-on-write, a debugger's write to code
/*
 * Seed experiment S15 (SPEC section 4): Windows runs an EXE from a memory-mapped image
 * file (SEC_IMAGE). Two instances of app.exe both map it at 0x00400000 and use the same
 * page frames for its code and data; the first write to a .data page gives the writer a
 * private copy; a debugger's WriteProcessMemory into the code of one instance (a
 * breakpoint) gives that instance a private copy of that one page.
 *
 * What to look for: both instances print base 0x400000 and the section protections
 * (.text 0x20 EXECUTE_READ, .data 0x8 WRITECOPY, Shared 0x4 READWRITE); after the first
 * instance writes g_data its page reads 0x4 (READWRITE: a private copy) while the other's
 * stays 0x8; the breakpoint shows 0xCC in the second instance's code and not in the
 * first's. In the lab's Processes view, the image's pages are MEM_IMAGE; in Physical
 * memory, the shared code frame has share count 2.
 *
 * Needs the sample images on drive C:\ (the workspace). In the desktop lab: the Experiments
 * view's Images panel, "Copy sample images to C:\" (files already there are kept). From the
 * command line: copy them from the mmlab checkout into the workspace folder and run there:
 *
 *   cp fixtures/images/{app.exe,app.exe.ts,liba.dll,libb.dll,fixed.dll,app64.dll} ~/lab/
 *   mmlab examples S15 --workspace ~/lab
 */
import {
  CloseHandle,
  CreateProcess,
  PROCESS_INFORMATION,
  ReadProcessMemory,
  VirtualAlloc,
  WaitForSingleObject,
  WriteProcessMemory,
  mem,
  GetLastError,
  ExitProcess,
  Sleep,
  INFINITE,
  MEM_COMMIT,
  MEM_RESERVE,
  PAGE_READWRITE,
  CreateFile,
  GENERIC_READ,
  FILE_SHARE_READ,
  OPEN_EXISTING,
  INVALID_HANDLE_VALUE,
} from 'mmlab/win32';

const sample = CreateFile('C:\\app.exe', GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
if (sample === INVALID_HANDLE_VALUE) {
  console.log(
    'C:\\app.exe is missing: copy the sample images to C:\\ first (desktop lab: Experiments, Images panel; CLI: copy fixtures/images/* of the mmlab checkout into the workspace).',
  );
  ExitProcess(1);
}
CloseHandle(sample);
const first = new PROCESS_INFORMATION();
const second = new PROCESS_INFORMATION();
CreateProcess('C:\\app.exe', 'app.exe --write --stay 1500', null, null, false, 0, null, null, null, first);
Sleep(300);
CreateProcess('C:\\app.exe', 'app.exe --stay 1500', null, null, false, 0, null, null, null, second);
Sleep(300);

// The debugger: int 3 (0xCC) over the first byte of the second instance's code.
const buf = VirtualAlloc(0, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
mem.setUint8(buf, 0xcc);
const done = { value: 0 };
const ok = WriteProcessMemory(second.hProcess, 0x401000, buf, 1, done);
console.log(`WriteProcessMemory(second, 0x401000, 0xCC) = ${ok} (error ${GetLastError()}), ${done.value} byte`);
ReadProcessMemory(first.hProcess, 0x401000, buf + 1, 1, done);
ReadProcessMemory(second.hProcess, 0x401000, buf + 2, 1, done);
console.log(
  `code byte at 0x401000: first instance 0x${mem.getUint8(buf + 1).toString(16)}, second 0x${mem.getUint8(buf + 2).toString(16)}`,
);
for (const p of [first, second]) {
  WaitForSingleObject(p.hProcess, INFINITE);
  CloseHandle(p.hProcess);
  CloseHandle(p.hThread);
}
