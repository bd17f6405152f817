/**
 * Conformance: the loader functions (LoadLibrary, FreeLibrary, GetModuleHandle,
 * GetProcAddress, GetModuleFileName) and ReadProcessMemory / WriteProcessMemory, with the
 * return values and GetLastError codes of Windows 10/11 for an x86 process.
 *
 * Sources, cited above each case:
 *   [wine-mod]  Wine dlls/kernel32/tests/module.c (runs on real Windows; `ok()` lines only):
 *               testGetModuleFileName, testGetModuleFileName_Wrong, testLoadLibraryA,
 *               testLoadLibraryA_Wrong, testGetProcAddress_Wrong, testLoadLibraryEx
 *   [wine-ldr]  Wine dlls/kernel32/tests/loader.c, test_Loader: malformed images → ERROR_BAD_EXE_FORMAT
 *   [wine-vm]   Wine dlls/kernel32/tests/virtual.c, test_VirtualAllocEx (Read/WriteProcessMemory)
 *   [kb]        Wine dlls/kernelbase (loader.c FreeLibrary, GetModuleFileNameW, LoadLibraryExW;
 *               memory.c WriteProcessMemory), which follows Windows: FreeLibrary(NULL) is
 *               ERROR_INVALID_HANDLE; GetModuleFileNameW cuts to nSize − 1 characters and the NUL,
 *               returns nSize and ERROR_INSUFFICIENT_BUFFER (Vista and later), and sets
 *               ERROR_SUCCESS when the name fits; WriteProcessMemory looks at the protection of
 *               the first page: writable or copy-on-write is written, executable is made
 *               writable for the write, anything else (read-only, no access, not committed) is
 *               STATUS_ACCESS_VIOLATION → ERROR_NOACCESS; an address VirtualQueryEx refuses is
 *               ERROR_INVALID_PARAMETER
 *   [msdn]      Microsoft docs: GetModuleFileNameW ("If the buffer is too small … the string is
 *               truncated to nSize characters including the terminating null character, the
 *               function returns nSize, and the function sets the last error to
 *               ERROR_INSUFFICIENT_BUFFER"), LoadLibraryW ("If no file name extension is
 *               specified … the default library extension .dll is appended … a trailing point
 *               character (.) to indicate that the module name has no extension")
 *
 * Programs of two kinds run the cases: an ordinary lab program (a process without an EXE, so
 * GetModuleHandle(NULL) is not asked of it), and the companion program of an EXE (a copy of
 * the sample app.exe named conf.exe), for the cases about the process's own image.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, installSamples } from '../images/lab.js';
import { byName, casesOn, CaseResults, LAB_TIMEOUT, prelude, useLab } from './cases.js';
import { W } from './win32-values.js';

/** winerror.h values this file needs beyond win32-values.ts. */
const ERROR_SHARING_VIOLATION = 32;
const ERROR_MOD_NOT_FOUND = 126;
const ERROR_PROC_NOT_FOUND = 127;
const ERROR_BAD_EXE_FORMAT = 193;
const ERROR_PARTIAL_COPY = 299;
const DEADBEEF = 0xdeadbeef;

/** Names the case programs take from 'mmlab/win32' besides the prelude's. */
const MODULE_API = `
const { LoadLibrary, FreeLibrary, GetModuleHandle, GetProcAddress, GetModuleFileName, CreateFile, CloseHandle,
        ReadProcessMemory, WriteProcessMemory, GetCurrentProcessId, OpenProcess } = W;
const hex = (n: number) => '0x' + (n >>> 0).toString(16);
/** GetModuleFileName into a "buffer" that starts as '*' (so an untouched buffer shows). */
function gmfn(h: number | null, size: number): any[] {
  SetLastError(0xdeadbeef);
  const o = { value: '*' };
  const ret = GetModuleFileName(h, o, size);
  return [ret, o.value, GetLastError()];
}
`;

describe('loader functions in a program process (x86)', () => {
  const lab = useLab({ profile: 'x86' });
  beforeAll(() => {
    installSamples(lab.lab);
    const ws = lab.lab.workspace;
    writeFileSync(join(ws, 'notpe.dll'), 'This is a text file, not a DLL.\r\n'.repeat(64));
    // An MZ header whose e_lfanew points past the end of the file: no NT headers.
    const mz = Buffer.alloc(0x40);
    mz.write('MZ', 0, 'latin1');
    mz.writeUInt32LE(0x1000, 0x3c);
    writeFileSync(join(ws, 'mzonly.dll'), mz);
    copyFileSync(join(FIXTURES, 'liba.dll'), join(ws, 'locked.dll'));
  });

  const r = casesOn(
    lab,
    MODULE_API +
      `
// ---- GetModuleHandle
c('GetModuleHandle of a DLL never loaded', () => err(() => GetModuleHandle('liba.dll')));
c('GetModuleHandle of no such name', () => err(() => GetModuleHandle('non_ex_pv.dll')));
// ---- LoadLibrary: the errors
c('LoadLibrary of a missing DLL', () => err(() => LoadLibrary('non_ex_pv.dll')));
c('LoadLibrary of a missing path', () => err(() => LoadLibrary('C:\\\\nowhere\\\\non_ex_pv.dll')));
c('LoadLibrary of a text file', () => err(() => LoadLibrary('C:\\\\notpe.dll')));
c('LoadLibrary of an MZ header without NT headers', () => err(() => LoadLibrary('C:\\\\mzonly.dll')));
c('LoadLibrary(NULL)', () => err(() => LoadLibrary(null)));
c('LoadLibrary("")', () => err(() => LoadLibrary('')));
c('LoadLibrary of a file open for writing', () => {
  const h = CreateFile('C:\\\\locked.dll', 0xc0000000, 3, null, 3, 0, null); // GENERIC_READ|WRITE, FILE_SHARE_READ|WRITE
  const res = err(() => LoadLibrary('C:\\\\locked.dll'));
  CloseHandle(h);
  return res;
});
// ---- LoadLibrary: names
const a = LoadLibrary('liba.dll');
c('LoadLibrary liba.dll', () => hex(a));
c('LoadLibrary "LIBA" (no extension, other case)', () => err(() => hex(LoadLibrary('LIBA'))));
c('LoadLibrary "liba   " (trailing spaces)', () => err(() => hex(LoadLibrary('liba   '))));
c('LoadLibrary "C:\\\\liba" (a path without extension)', () => err(() => hex(LoadLibrary('C:\\\\liba'))));
c('LoadLibrary "liba." (a trailing dot: no extension)', () => err(() => LoadLibrary('liba.')));
c('GetModuleHandle after the loads', () => err(() => hex(GetModuleHandle('liba'))));
// ---- GetProcAddress
c('GetProcAddress of a missing name', () => err(() => GetProcAddress(a, 'non_ex_call')));
c('GetProcAddress on a bad module', () => err(() => GetProcAddress(0xdeadbeef, 'non_ex_call')));
c('GetProcAddress of a missing ordinal', () => err(() => GetProcAddress(a, 999)));
c('GetProcAddress of an export', () => err(() => hex(GetProcAddress(a, 'a_add'))));
// ---- GetModuleFileName
c('GetModuleFileName, buffer large enough', () => gmfn(a, 260));
c('GetModuleFileName, buffer of half the length', () => gmfn(a, 5));
c('GetModuleFileName, buffer of exactly the length', () => gmfn(a, 11));
c('GetModuleFileName, buffer of the length + 1', () => gmfn(a, 12));
c('GetModuleFileName, buffer of 0', () => gmfn(a, 0));
c('GetModuleFileName of a bad module', () => gmfn(0xffffffff, 260));
c('GetModuleFileName of a module never loaded', () => gmfn(0x20000000, 260));
// ---- FreeLibrary: four loads above, four frees, then no more
c('FreeLibrary 1-3', () => [FreeLibrary(a), FreeLibrary(a), FreeLibrary(a)]);
c('still loaded after 3 of 4 frees', () => hex(GetModuleHandle('liba.dll')));
c('FreeLibrary 4', () => err(() => FreeLibrary(a)));
c('FreeLibrary of a freed module', () => err(() => FreeLibrary(a)));
c('GetModuleHandle of a freed module', () => err(() => GetModuleHandle('liba.dll')));
c('GetModuleFileName of a freed module', () => gmfn(a, 260));
c('FreeLibrary(NULL)', () => err(() => FreeLibrary(0)));
c('FreeLibrary of a bad handle', () => err(() => FreeLibrary(0x12340000)));
`,
  );

  // [wine-mod] testLoadLibraryA_Wrong / testGetProcAddress_Wrong and LdrGetDllHandle: STATUS_DLL_NOT_FOUND.
  it('GetModuleHandle of a module that is not loaded is NULL with ERROR_MOD_NOT_FOUND', () => {
    expect(r.get('GetModuleHandle of a DLL never loaded')).toEqual([0, ERROR_MOD_NOT_FOUND]);
    expect(r.get('GetModuleHandle of no such name')).toEqual([0, ERROR_MOD_NOT_FOUND]);
  });

  // [wine-mod] testLoadLibraryA_Wrong: "non_ex_pv.dll should be not loadable", ERROR_MOD_NOT_FOUND;
  // a full path that names no file is STATUS_DLL_NOT_FOUND from LdrLoadDll too.
  it('LoadLibrary of a missing DLL fails with ERROR_MOD_NOT_FOUND', () => {
    expect(r.get('LoadLibrary of a missing DLL')).toEqual([0, ERROR_MOD_NOT_FOUND]);
    expect(r.get('LoadLibrary of a missing path')).toEqual([0, ERROR_MOD_NOT_FOUND]);
  });

  // [wine-ldr] test_Loader: files that are no valid image fail with ERROR_BAD_EXE_FORMAT
  // (NtCreateSection(SEC_IMAGE): STATUS_INVALID_IMAGE_NOT_MZ / STATUS_INVALID_IMAGE_FORMAT).
  it('LoadLibrary of a file that is no PE image fails with ERROR_BAD_EXE_FORMAT', () => {
    expect(r.get('LoadLibrary of a text file')).toEqual([0, ERROR_BAD_EXE_FORMAT]);
    expect(r.get('LoadLibrary of an MZ header without NT headers')).toEqual([0, ERROR_BAD_EXE_FORMAT]);
  });

  // [kb] LoadLibraryExW: a NULL name is ERROR_INVALID_PARAMETER; [wine-mod] testLoadLibraryEx: an
  // empty name is ERROR_INVALID_PARAMETER from Windows 8 on (ERROR_MOD_NOT_FOUND before).
  it('LoadLibrary of NULL or an empty name fails with ERROR_INVALID_PARAMETER', () => {
    expect(r.get('LoadLibrary(NULL)')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
    expect(r.get('LoadLibrary("")')).toEqual([0, W.ERROR_INVALID_PARAMETER]);
  });

  // [wine-mod] testLoadLibraryEx: "try to open a file that is locked" — open for writing with
  // FILE_SHARE_READ | FILE_SHARE_WRITE — ERROR_SHARING_VIOLATION (the loader opens it without FILE_SHARE_WRITE).
  it('LoadLibrary of a file someone has open for writing fails with ERROR_SHARING_VIOLATION', () => {
    expect(r.get('LoadLibrary of a file open for writing')).toEqual([0, ERROR_SHARING_VIOLATION]);
  });

  // [wine-mod] testLoadLibraryA: "kernel32   " loads kernel32 (trailing spaces dropped), last error
  // untouched; [msdn] LoadLibrary: ".dll" is appended to a name without extension, a trailing dot
  // means none; module names match without regard to case; testLoadLibraryEx: a full path without
  // extension loads the DLL.
  it('LoadLibrary finds a loaded DLL by its name in any case, without extension, with trailing spaces', () => {
    expect(r.get('LoadLibrary liba.dll')).toBe('0x10000000');
    expect(r.get('LoadLibrary "LIBA" (no extension, other case)')).toEqual(['0x10000000', DEADBEEF]);
    expect(r.get('LoadLibrary "liba   " (trailing spaces)')).toEqual(['0x10000000', DEADBEEF]);
    expect(r.get('LoadLibrary "C:\\liba" (a path without extension)')).toEqual(['0x10000000', DEADBEEF]);
    expect(r.get('LoadLibrary "liba." (a trailing dot: no extension)')).toEqual([0, ERROR_MOD_NOT_FOUND]);
    expect(r.get('GetModuleHandle after the loads')).toEqual(['0x10000000', DEADBEEF]);
  });

  // [wine-mod] testGetProcAddress_Wrong: a missing name ERROR_PROC_NOT_FOUND; a bad module
  // (0xdeadbeef) ERROR_MOD_NOT_FOUND. A missing ordinal: STATUS_PROCEDURE_NOT_FOUND from
  // LdrGetProcedureAddress (Wine dlls/ntdll/loader.c) → ERROR_PROC_NOT_FOUND. Success leaves the
  // last error alone ([wine-mod] testLoadLibraryA: "GetLastError should be 0xdeadbeef").
  it('GetProcAddress fails with ERROR_PROC_NOT_FOUND, or ERROR_MOD_NOT_FOUND on a bad module', () => {
    expect(r.get('GetProcAddress of a missing name')).toEqual([0, ERROR_PROC_NOT_FOUND]);
    expect(r.get('GetProcAddress on a bad module')).toEqual([0, ERROR_MOD_NOT_FOUND]);
    expect(r.get('GetProcAddress of a missing ordinal')).toEqual([0, ERROR_PROC_NOT_FOUND]);
    expect(r.get('GetProcAddress of an export')).toEqual(['0x10001000', DEADBEEF]);
  });

  // [wine-mod] testGetModuleFileName: with room, the length without the NUL and the last error
  // reset to ERROR_SUCCESS; with half the room, nSize is returned ("len1A / 2 == len2A").
  // [msdn]/[kb] Vista and later: cut to nSize − 1 characters and the NUL, ERROR_INSUFFICIENT_BUFFER —
  // also when the name is exactly nSize characters (no room for the NUL); nSize 0 writes nothing.
  it('GetModuleFileName returns the length, or nSize with ERROR_INSUFFICIENT_BUFFER and a cut name', () => {
    expect(r.get('GetModuleFileName, buffer large enough')).toEqual([11, 'C:\\liba.dll', W.ERROR_SUCCESS]);
    expect(r.get('GetModuleFileName, buffer of half the length')).toEqual([5, 'C:\\l', W.ERROR_INSUFFICIENT_BUFFER]);
    expect(r.get('GetModuleFileName, buffer of exactly the length')).toEqual([
      11,
      'C:\\liba.dl',
      W.ERROR_INSUFFICIENT_BUFFER,
    ]);
    expect(r.get('GetModuleFileName, buffer of the length + 1')).toEqual([11, 'C:\\liba.dll', W.ERROR_SUCCESS]);
    expect(r.get('GetModuleFileName, buffer of 0')).toEqual([0, '*', W.ERROR_INSUFFICIENT_BUFFER]);
  });

  // [wine-mod] testGetModuleFileName_Wrong: a wrong handle returns 0 and leaves the buffer alone;
  // [kb] LdrGetDllFullName: STATUS_DLL_NOT_FOUND → ERROR_MOD_NOT_FOUND.
  it('GetModuleFileName of a bad module returns 0 with ERROR_MOD_NOT_FOUND and writes nothing', () => {
    expect(r.get('GetModuleFileName of a bad module')).toEqual([0, '*', ERROR_MOD_NOT_FOUND]);
    expect(r.get('GetModuleFileName of a module never loaded')).toEqual([0, '*', ERROR_MOD_NOT_FOUND]);
  });

  // [wine-mod] testLoadLibraryEx: "First time should pass, second fail" — each LoadLibrary is undone
  // by one FreeLibrary; the last unloads the module; freeing it again fails (LdrUnloadDll:
  // STATUS_DLL_NOT_FOUND → ERROR_MOD_NOT_FOUND). [kb] FreeLibrary(NULL): ERROR_INVALID_HANDLE.
  it('FreeLibrary undoes one load each; an unloaded, bad or NULL handle fails', () => {
    expect(r.get('FreeLibrary 1-3')).toEqual([1, 1, 1]);
    expect(r.get('still loaded after 3 of 4 frees')).toBe('0x10000000');
    expect(r.get('FreeLibrary 4')).toEqual([1, DEADBEEF]);
    expect(r.get('FreeLibrary of a freed module')).toEqual([0, ERROR_MOD_NOT_FOUND]);
    expect(r.get('GetModuleHandle of a freed module')).toEqual([0, ERROR_MOD_NOT_FOUND]);
    expect(r.get('GetModuleFileName of a freed module')).toEqual([0, '*', ERROR_MOD_NOT_FOUND]);
    expect(r.get('FreeLibrary(NULL)')).toEqual([0, W.ERROR_INVALID_HANDLE]);
    expect(r.get('FreeLibrary of a bad handle')).toEqual([0, ERROR_MOD_NOT_FOUND]);
  });
});

describe('loader functions in a process made from an EXE (x86)', () => {
  const lab = useLab({ profile: 'x86' });
  let r: CaseResults;
  const body =
    MODULE_API +
    `
const exe = GetModuleHandle(null);
c('GetModuleHandle(NULL)', () => err(() => hex(GetModuleHandle(null))));
c('GetModuleHandle of the EXE by name', () => err(() => hex(GetModuleHandle('CONF.EXE'))));
c('GetModuleHandle of the EXE without extension', () => err(() => GetModuleHandle('conf')));
c('GetModuleHandle of an imported DLL', () => err(() => hex(GetModuleHandle('liba.dll'))));
c('GetProcAddress(NULL) of a missing name', () => err(() => GetProcAddress(null, 'non_ex_call')));
c('GetProcAddress(NULL) of the EXE export', () => err(() => hex(GetProcAddress(null, 'g_data'))));
c('GetModuleFileName(NULL)', () => gmfn(null, 260));
c('GetModuleFileName(NULL), half the length', () => gmfn(null, 5));
c('LoadLibrary of the EXE itself', () => err(() => hex(LoadLibrary('C:\\\\conf.exe'))));
`;

  beforeAll(async () => {
    installSamples(lab.lab);
    const ws = lab.lab.workspace;
    copyFileSync(join(FIXTURES, 'app.exe'), join(ws, 'conf.exe'));
    writeFileSync(join(ws, 'conf.exe.ts'), prelude('x86') + body);
    const p = await lab.engine.start({ fileName: 'conf.exe', source: '', image: 'C:\\conf.exe' });
    const exitCode = await p.exited;
    const json = p.stdout.flatMap((line) => {
      try {
        return [JSON.parse(line) as unknown];
      } catch {
        return [];
      }
    });
    r = new CaseResults({ exitCode, stdout: p.stdout, stderr: p.stderr, json }, byName(json));
  }, LAB_TIMEOUT);
  afterEach(() => expect(r.run.exitCode).toBe(0));

  // [kb] GetModuleHandleExW: NULL is the PEB's ImageBaseAddress, the EXE at its preferred base;
  // names match without regard to case; "conf" means "conf.dll" ([msdn] GetModuleHandle).
  it('GetModuleHandle(NULL) is the EXE; the EXE and its DLLs are found by name', () => {
    expect(r.get('GetModuleHandle(NULL)')).toEqual(['0x400000', DEADBEEF]);
    expect(r.get('GetModuleHandle of the EXE by name')).toEqual(['0x400000', DEADBEEF]);
    expect(r.get('GetModuleHandle of the EXE without extension')).toEqual([0, ERROR_MOD_NOT_FOUND]);
    expect(r.get('GetModuleHandle of an imported DLL')).toEqual(['0x10000000', DEADBEEF]);
  });

  // [wine-mod] testGetProcAddress_Wrong: GetProcAddress(NULL, "non_ex_call") → ERROR_PROC_NOT_FOUND
  // (NULL is the EXE, which has no such export).
  it('GetProcAddress(NULL) looks in the EXE', () => {
    expect(r.get('GetProcAddress(NULL) of a missing name')).toEqual([0, ERROR_PROC_NOT_FOUND]);
    expect(r.get('GetProcAddress(NULL) of the EXE export')).toEqual(['0x402000', DEADBEEF]);
  });

  // [wine-mod] testGetModuleFileName(NULL): the EXE's path; half the room gives nSize.
  it('GetModuleFileName(NULL) is the EXE path', () => {
    expect(r.get('GetModuleFileName(NULL)')).toEqual([11, 'C:\\conf.exe', W.ERROR_SUCCESS]);
    expect(r.get('GetModuleFileName(NULL), half the length')).toEqual([5, 'C:\\c', W.ERROR_INSUFFICIENT_BUFFER]);
  });

  // ReactOS kernel32 LoadLibraryExW: "Check if that module is our exe … That's us!": the EXE's own base.
  it('LoadLibrary of the EXE itself returns the EXE', () => {
    expect(r.get('LoadLibrary of the EXE itself')).toEqual(['0x400000', DEADBEEF]);
  });
});

describe('ReadProcessMemory / WriteProcessMemory (x86)', () => {
  const lab = useLab({ profile: 'x86' });
  const r = casesOn(
    lab,
    MODULE_API +
      `
const h = OpenProcess(0x1f0fff, false, GetCurrentProcessId()); // PROCESS_ALL_ACCESS
const src = VirtualAlloc(0, 0x3000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
for (let i = 0; i < 0x3000; i++) mem.setUint8(src + i, i & 0xff);
/** WriteProcessMemory of n bytes of src to a: [ret, GetLastError(), bytes written]. */
function wpm(a: number, n: number, from = src): any[] {
  SetLastError(0xdeadbeef);
  const done = { value: 0x5555 };
  const ret = WriteProcessMemory(h, a, from, n, done);
  return [ret, GetLastError(), done.value];
}
function rpm(a: number, n: number, to: number): any[] {
  SetLastError(0xdeadbeef);
  const done = { value: 0x5555 };
  const ret = ReadProcessMemory(h, a, to, n, done);
  return [ret, GetLastError(), done.value];
}
const page = (prot: number) => VirtualAlloc(0, 0x1000, MEM_COMMIT | MEM_RESERVE, prot);
const rw = page(PAGE_READWRITE);
c('to read/write memory', () => [...wpm(rw, 0x100), mem.getUint8(rw + 0x42)]);
const ro = page(PAGE_READONLY);
c('to read-only memory', () => [...wpm(ro, 16), mem.getUint8(ro), q(ro).Protect]);
const na = page(PAGE_NOACCESS);
c('to no-access memory', () => wpm(na, 16));
const reserved = VirtualAlloc(0, 0x10000, MEM_RESERVE, PAGE_READWRITE);
c('to reserved, uncommitted memory', () => wpm(reserved, 16));
VirtualFree(reserved, 0, MEM_RELEASE);
c('to free memory', () => wpm(reserved, 16));
c('above the user address space', () => wpm(0x80000000, 16));
const ex = page(PAGE_EXECUTE_READ);
c('to execute/read memory', () => [...wpm(ex, 16), mem.getUint8(ex + 15), q(ex).Protect]);
const exNone = page(PAGE_EXECUTE);
c('to execute-only memory', () => [...wpm(exNone, 4), q(exNone).Protect]);
const two = VirtualAlloc(0, 0x2000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
VirtualProtect(two + 0x1000, 0x1000, PAGE_READONLY, { value: 0 });
c('across read/write into read-only memory', () => [...wpm(two + 0xff0, 0x20), mem.getUint8(two + 0xfff), mem.getUint8(two + 0x1000)]);
c('from a no-access source buffer', () => { const b = page(PAGE_NOACCESS); return wpm(rw, 16, b); });
c('read of readable memory', () => [...rpm(rw, 16, src + 0x2000), mem.getUint8(src + 0x2000 + 15)]);
c('read of free memory', () => { const f = VirtualAlloc(0, 0x10000, MEM_RESERVE, PAGE_READWRITE); VirtualFree(f, 0, MEM_RELEASE); return rpm(f, 16, src); });
c('read of no-access memory', () => rpm(na, 16, src));
c('read into a read-only buffer', () => rpm(rw, 16, ro));
`,
  );

  // [wine-vm] test_VirtualAllocEx: a write to committed read/write memory writes all of it.
  it('writes read/write memory', () => {
    expect(r.get('to read/write memory')).toEqual([1, DEADBEEF, 0x100, 0x42]);
  });

  // [kb] WriteProcessMemory: not writable (read-only, no access, not committed, free) →
  // STATUS_ACCESS_VIOLATION → ERROR_NOACCESS, nothing written, *lpNumberOfBytesWritten 0.
  it('fails on read-only, no-access, uncommitted and free memory with ERROR_NOACCESS', () => {
    expect(r.get('to read-only memory')).toEqual([0, W.ERROR_NOACCESS, 0, 0, W.PAGE_READONLY]);
    expect(r.get('to no-access memory')).toEqual([0, W.ERROR_NOACCESS, 0]);
    expect(r.get('to reserved, uncommitted memory')).toEqual([0, W.ERROR_NOACCESS, 0]);
    expect(r.get('to free memory')).toEqual([0, W.ERROR_NOACCESS, 0]);
  });

  // [kb] WriteProcessMemory: VirtualQueryEx fails first (STATUS_INVALID_PARAMETER above the user space).
  it('fails above the user address space with ERROR_INVALID_PARAMETER', () => {
    expect(r.get('above the user address space')).toEqual([0, W.ERROR_INVALID_PARAMETER, 0]);
  });

  // [kb] WriteProcessMemory: PAGE_EXECUTE / PAGE_EXECUTE_READ private pages are made
  // PAGE_EXECUTE_READWRITE for the write and given their protection back.
  it('writes executable memory and gives it its protection back', () => {
    expect(r.get('to execute/read memory')).toEqual([1, DEADBEEF, 16, 15, W.PAGE_EXECUTE_READ]);
    expect(r.get('to execute-only memory')).toEqual([1, DEADBEEF, 4, W.PAGE_EXECUTE]);
  });

  // [kb] WriteProcessMemory: the first page is writable, so NtWriteVirtualMemory writes until the
  // read-only page and returns STATUS_PARTIAL_COPY (ERROR_PARTIAL_COPY) with the bytes it wrote.
  it('writes up to a page it cannot write, then fails with ERROR_PARTIAL_COPY and the bytes written', () => {
    expect(r.get('across read/write into read-only memory')).toEqual([0, ERROR_PARTIAL_COPY, 0x10, 0x0f, 0]);
  });

  // [wine-vm] test_VirtualAllocEx "test invalid source buffers": ERROR_NOACCESS (ERROR_PARTIAL_COPY
  // on Vista), bytes_written 0; ReadProcessMemory into a no-access buffer: ERROR_NOACCESS, 0 bytes.
  // Reading memory that cannot be read: ERROR_PARTIAL_COPY with 0 bytes (NtReadVirtualMemory).
  it('reports ERROR_NOACCESS for a bad buffer of the caller, ERROR_PARTIAL_COPY for unreadable memory', () => {
    expect(r.get('from a no-access source buffer')).toEqual([0, W.ERROR_NOACCESS, 0]);
    expect(r.get('read of readable memory')).toEqual([1, DEADBEEF, 16, 15]);
    expect(r.get('read of free memory')).toEqual([0, ERROR_PARTIAL_COPY, 0]);
    expect(r.get('read of no-access memory')).toEqual([0, ERROR_PARTIAL_COPY, 0]);
    expect(r.get('read into a read-only buffer')).toEqual([0, W.ERROR_NOACCESS, 0]);
  });

  it('does not leave a case without a value', () => {
    expect(r.run.exitCode).toBe(0);
  });
});
