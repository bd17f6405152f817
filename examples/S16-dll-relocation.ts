// S16: a DLL at its preferred base, a second DLL with the same base relocated
/*
 * Seed experiment S16 (SPEC section 4): liba.dll and libb.dll were both linked for
 * 0x10000000 (the Visual C++ default). liba gets its base; libb cannot and is relocated:
 * the loader applies its .reloc fixups, which writes into its pages — copy-on-write pages,
 * so they become this process's private pages, charged to the pagefile. fixed.dll, linked
 * without relocations, cannot load anywhere but its base: LoadLibrary fails with
 * ERROR_INVALID_ADDRESS while liba is there, and succeeds once liba is freed.
 *
 * What to look for: libb's base is not 0x10000000; avail pagefile drops by its
 * copy-on-write pages plus its relocated code page; b_pointer (a pointer in .data) holds
 * b_value's relocated address.
 *
 * Needs the sample images on drive C:\ (the workspace). In the desktop lab: the Experiments
 * view's Images panel, "Copy sample images to C:\" (files already there are kept). From the
 * command line: copy them from the mmlab checkout into the workspace folder and run there:
 *
 *   cp fixtures/images/{app.exe,app.exe.ts,liba.dll,libb.dll,fixed.dll,app64.dll} ~/lab/
 *   mmlab examples S16 --workspace ~/lab
 */
import {
  CloseHandle,
  FreeLibrary,
  GetLastError,
  GetProcAddress,
  GlobalMemoryStatusEx,
  LoadLibrary,
  MEMORYSTATUSEX,
  mem,
  ExitProcess,
  CreateFile,
  GENERIC_READ,
  FILE_SHARE_READ,
  OPEN_EXISTING,
  INVALID_HANDLE_VALUE,
} from 'mmlab/win32';

const sample = CreateFile('C:\\liba.dll', GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
if (sample === INVALID_HANDLE_VALUE) {
  console.log(
    'C:\\liba.dll is missing: copy the sample images to C:\\ first (desktop lab: Experiments, Images panel; CLI: copy fixtures/images/* of the mmlab checkout into the workspace).',
  );
  ExitProcess(1);
}
CloseHandle(sample);
const hex = (n: number) => `0x${n.toString(16)}`;
const availPagefile = () => {
  const m = new MEMORYSTATUSEX();
  GlobalMemoryStatusEx(m);
  return m.ullAvailPageFile;
};
const a = LoadLibrary('liba.dll');
console.log(`liba.dll loaded at ${hex(a)} (its preferred base)`);
const before = availPagefile();
const b = LoadLibrary('libb.dll');
console.log(`libb.dll loaded at ${hex(b)}: relocated; avail pagefile ${(availPagefile() - before) / 1024} KiB`);
const value = GetProcAddress(b, 'b_value');
console.log(`b_value at ${hex(value)}; b_pointer holds ${hex(mem.getUint32(GetProcAddress(b, 'b_pointer')))}`);
const fixed = LoadLibrary('fixed.dll');
console.log(
  `LoadLibrary(fixed.dll) with liba at its base = ${fixed}, GetLastError ${GetLastError()} (487 ERROR_INVALID_ADDRESS)`,
);
FreeLibrary(a);
console.log(`after FreeLibrary(liba): LoadLibrary(fixed.dll) = ${hex(LoadLibrary('fixed.dll'))}`);
