/**
 * sync-values.ts: the values the object-manager and synchronisation suites assert with,
 * written down from the Windows SDK headers (winerror.h, winbase.h, winnt.h) independently
 * of src/win32, as win32-values.ts does for memory; and `syncPrelude()`, the lines a case
 * body starts with to get these functions and constants by their Win32 names.
 */
import { ALL_VALUES } from './win32-values.js';

/** winerror.h */
export const SYNC_ERR = {
  ERROR_SUCCESS: 0,
  ERROR_FILE_NOT_FOUND: 2,
  ERROR_PATH_NOT_FOUND: 3,
  ERROR_ACCESS_DENIED: 5,
  ERROR_INVALID_HANDLE: 6,
  ERROR_INVALID_PARAMETER: 87,
  ERROR_ALREADY_EXISTS: 183,
  ERROR_NOT_OWNER: 288,
  ERROR_TOO_MANY_POSTS: 298,
  ERROR_NOACCESS: 998,
  ERROR_PRIVILEGE_NOT_HELD: 1314,
} as const;

/** winbase.h / winnt.h: wait results, access rights, handle flags. */
export const SYNC = {
  WAIT_OBJECT_0: 0,
  WAIT_ABANDONED_0: 0x80,
  WAIT_TIMEOUT: 258,
  WAIT_FAILED: 0xffffffff,
  INFINITE: 0xffffffff,
  MAXIMUM_WAIT_OBJECTS: 64,
  DELETE: 0x00010000,
  READ_CONTROL: 0x00020000,
  SYNCHRONIZE: 0x00100000,
  MAXIMUM_ALLOWED: 0x02000000,
  GENERIC_READ: 0x80000000,
  GENERIC_WRITE: 0x40000000,
  GENERIC_EXECUTE: 0x20000000,
  GENERIC_ALL: 0x10000000,
  EVENT_MODIFY_STATE: 0x0002,
  EVENT_ALL_ACCESS: 0x001f0003,
  MUTANT_QUERY_STATE: 0x0001,
  MUTEX_ALL_ACCESS: 0x001f0001,
  SEMAPHORE_MODIFY_STATE: 0x0002,
  SEMAPHORE_ALL_ACCESS: 0x001f0003,
  PROCESS_DUP_HANDLE: 0x0040,
  PROCESS_QUERY_INFORMATION: 0x0400,
  PROCESS_ALL_ACCESS: 0x001fffff,
  THREAD_ALL_ACCESS: 0x001fffff,
  HANDLE_FLAG_INHERIT: 0x1,
  HANDLE_FLAG_PROTECT_FROM_CLOSE: 0x2,
  DUPLICATE_CLOSE_SOURCE: 0x1,
  DUPLICATE_SAME_ACCESS: 0x2,
  DUPLICATE_SAME_ATTRIBUTES: 0x4,
} as const;

/** Flat, for assertions: `S.ERROR_ALREADY_EXISTS`, `S.WAIT_TIMEOUT`. */
export const S = { ...SYNC_ERR, ...SYNC } as const;

/** Functions and structures a sync case body takes from 'mmlab/win32'. */
const FUNCTIONS = [
  'CloseHandle',
  'DuplicateHandle',
  'GetHandleInformation',
  'SetHandleInformation',
  'CreateEvent',
  'OpenEvent',
  'SetEvent',
  'ResetEvent',
  'PulseEvent',
  'CreateMutex',
  'OpenMutex',
  'ReleaseMutex',
  'CreateSemaphore',
  'OpenSemaphore',
  'ReleaseSemaphore',
  'WaitForSingleObject',
  'WaitForMultipleObjects',
  'GetCurrentThread',
  'GetCurrentProcessId',
  'CreateProcess',
  'TerminateProcess',
  'ExitProcess',
  'GetExitCodeProcess',
  'OpenProcess',
  'GetCommandLine',
  'Sleep',
  'GetTickCount',
  'SECURITY_ATTRIBUTES',
  'PROCESS_INFORMATION',
  'STARTUPINFO',
] as const;

/**
 * The lines a case body starts with (after cases.ts's prelude): the functions above and
 * the constants of this file not already in the prelude, plus helpers:
 *   out()         a fresh { value: 0xdeadbeef } out-parameter
 *   sa(inherit)   a SECURITY_ATTRIBUTES with bInheritHandle
 *   info(h)       GetHandleInformation as [ret, flags] or [0, GetLastError()]
 *   spawn(file, cmdTail, inherit)  CreateProcess of a workspace program; returns PROCESS_INFORMATION
 */
export function syncPrelude(): string {
  const consts = Object.entries(S)
    .filter(([k]) => !(k in ALL_VALUES))
    .map(([k, v]) => `const ${k} = 0x${v.toString(16)};`)
    .join('\n');
  return `
const { ${FUNCTIONS.join(', ')} } = W;
${consts}
function out(): any { return { value: 0xdeadbeef }; }
function sa(inherit: boolean): any { const s = new SECURITY_ATTRIBUTES(); s.bInheritHandle = inherit ? 1 : 0; return s; }
function info(h: number): any[] { SetLastError(0xdeadbeef); const f = out(); const r = GetHandleInformation(h, f); return r ? [r, f.value] : [r, GetLastError()]; }
function spawn(file: string, tail: string, inherit: boolean): any {
  const pi = new PROCESS_INFORMATION();
  const ok = CreateProcess(null, file + (tail ? ' ' + tail : ''), null, null, inherit, 0, null, null, new STARTUPINFO(), pi);
  if (!ok) throw new Error('CreateProcess ' + file + ' failed: ' + GetLastError());
  return pi;
}
`;
}
