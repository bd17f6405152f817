/**
 * Module services: LoadLibrary, FreeLibrary, GetModuleHandle, GetProcAddress,
 * GetModuleFileName — kernel32's loader functions, with the errors Windows gives (as
 * Wine's kernel32 module.c / loader.c tests record them):
 *
 *   LoadLibrary(NULL) or ""            ERROR_INVALID_PARAMETER (trailing spaces are dropped)
 *   LoadLibrary of a missing DLL       ERROR_MOD_NOT_FOUND (126)
 *   ... of a file that is no image     ERROR_BAD_EXE_FORMAT (193)
 *   ... whose import is missing        ERROR_MOD_NOT_FOUND / ERROR_PROC_NOT_FOUND (127)
 *   ... without relocations, base taken ERROR_INVALID_ADDRESS (487)
 *   GetModuleHandle / FreeLibrary / GetProcAddress of no loaded module  ERROR_MOD_NOT_FOUND
 *   FreeLibrary(NULL)                  ERROR_INVALID_HANDLE
 *   GetProcAddress of no such export   ERROR_PROC_NOT_FOUND
 *   GetModuleFileName, buffer too small  nSize, the name cut to nSize - 1 and the NUL, ERROR_INSUFFICIENT_BUFFER
 *
 * tests/conformance/modules.test.ts checks each against its source.
 *
 * The work is ps/loader.ts. A module handle is its base address; GetModuleHandle(NULL)
 * is the EXE's (0 with ERROR_MOD_NOT_FOUND in a process that runs a script, not an image).
 */
import { exeOf, findModule, freeLibrary, getProcAddress, loadLibrary, moduleAt, modulesOf, type LoadedModule } from '../../ps/loader.js';
import type { Process } from '../../ps/process.js';
import { ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, ERROR_MOD_NOT_FOUND, ERROR_PROC_NOT_FOUND, ERROR_SUCCESS } from '../../win32/errors.js';
import type { Service } from '../service.js';
import { fail } from '../win32-error.js';

/** The module a handle names: its base; NULL is the EXE. */
function moduleOf(p: Process, h: unknown): LoadedModule {
  const m = h === 0 || h === null || h === undefined ? exeOf(p) : typeof h === 'number' ? moduleAt(p, h) : undefined;
  if (!m) fail(ERROR_MOD_NOT_FOUND);
  return m;
}

export const moduleServices: Record<string, Service> = {
  LoadLibrary: {
    failValue: 0,
    run: (k, p, [name]) => {
      if (typeof name !== 'string') fail(ERROR_INVALID_PARAMETER);
      // LoadLibraryExW drops trailing spaces ("kernel32   "); an empty name is
      // ERROR_INVALID_PARAMETER (Windows 8 and later; ERROR_MOD_NOT_FOUND before).
      const trimmed = name.replace(/ +$/, '');
      if (!trimmed) fail(ERROR_INVALID_PARAMETER);
      return { ret: loadLibrary(k, p, trimmed).base };
    },
  },
  FreeLibrary: {
    failValue: 0,
    run: (k, p, [h]) => {
      // kernelbase: FreeLibrary(NULL) is ERROR_INVALID_HANDLE; LdrUnloadDll of anything else
      // that is no loaded module is STATUS_DLL_NOT_FOUND (ERROR_MOD_NOT_FOUND).
      if (h === 0 || h === null || h === undefined) fail(ERROR_INVALID_HANDLE);
      if (typeof h !== 'number') fail(ERROR_MOD_NOT_FOUND);
      freeLibrary(k, p, moduleOf(p, h));
      return { ret: 1 };
    },
  },
  GetModuleHandle: {
    failValue: 0,
    quiet: true,
    run: (_k, p, [name]) => {
      if (name === null || name === undefined) return { ret: moduleOf(p, 0).base };
      if (typeof name !== 'string') fail(ERROR_INVALID_PARAMETER);
      const m = findModule(p, name);
      if (!m) fail(ERROR_MOD_NOT_FOUND);
      return { ret: m.base };
    },
  },
  GetProcAddress: {
    failValue: 0,
    run: (k, p, [h, what]) => {
      const m = moduleOf(p, h);
      // A number is an ordinal (the low word of the pointer, as with MAKEINTRESOURCE).
      if (typeof what === 'number') {
        if (!Number.isInteger(what) || what <= 0 || what > 0xffff) fail(ERROR_PROC_NOT_FOUND);
      } else if (typeof what !== 'string') fail(ERROR_PROC_NOT_FOUND);
      return { ret: getProcAddress(k, p, m, what) };
    },
  },
  GetModuleFileName: {
    failValue: 0,
    quiet: true,
    run: (_k, p, [h, size]) => {
      const m = moduleOf(p, h);
      const n = typeof size === 'number' ? size >>> 0 : 0;
      // Too small a buffer (Vista and later): the name is cut to n - 1 characters and the NUL,
      // n is returned with ERROR_INSUFFICIENT_BUFFER; a buffer of 0 characters is not written.
      if (n === 0) return { ret: 0, lastError: ERROR_INSUFFICIENT_BUFFER };
      if (m.path.length >= n) return { ret: n, out: { fileName: m.path.slice(0, n - 1) }, lastError: ERROR_INSUFFICIENT_BUFFER };
      return { ret: m.path.length, out: { fileName: m.path }, lastError: ERROR_SUCCESS };
    },
  },
  /** For the lab's companion programs: the loaded modules of the caller, in load order. */
  EnumProcessModules: {
    failValue: 0,
    quiet: true,
    run: (_k, p) => ({ ret: 1, out: { modules: modulesOf(p).map((m) => ({ base: m.base, size: m.size, name: m.baseName, path: m.path })) } }),
  },
};
