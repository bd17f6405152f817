/**
 * file-values.ts: the file-related Win32 values the file conformance suites assert with,
 * written down from the Windows SDK headers (winnt.h, fileapi.h, winbase.h, winerror.h),
 * independently of src/win32, plus the program prelude those suites put after cases.ts's.
 *
 * The prelude declares each value as a `const` unless cases.ts's prelude already declares
 * it (win32-values.ts may grow); filePrelude() checks that shared names agree.
 */
import { prelude } from './cases.js';
import { ALL_VALUES } from './win32-values.js';

/** The Win32 names the file suites take from the namespace import (those cases.ts does not already). */
const FILE_FUNCTIONS = [
  'CreateFile',
  'ReadFile',
  'WriteFile',
  'CloseHandle',
  'SetFilePointer',
  'SetFilePointerEx',
  'SetEndOfFile',
  'GetFileSize',
  'GetFileSizeEx',
  'FlushFileBuffers',
  'DeleteFile',
  'GetFileType',
  'CreateFileMapping',
  'MapViewOfFile',
  'UnmapViewOfFile',
  'LARGE_INTEGER',
  'OVERLAPPED',
  'SECURITY_ATTRIBUTES',
  'INVALID_HANDLE_VALUE',
  'Sleep',
  'WaitForSingleObject',
];

export const FILE_VALUES = {
  // winnt.h: access rights
  DELETE: 0x00010000,
  READ_CONTROL: 0x00020000,
  SYNCHRONIZE: 0x00100000,
  MAXIMUM_ALLOWED: 0x02000000,
  GENERIC_READ: 0x80000000,
  GENERIC_WRITE: 0x40000000,
  GENERIC_EXECUTE: 0x20000000,
  GENERIC_ALL: 0x10000000,
  FILE_READ_DATA: 0x0001,
  FILE_WRITE_DATA: 0x0002,
  FILE_APPEND_DATA: 0x0004,
  FILE_READ_EA: 0x0008,
  FILE_WRITE_EA: 0x0010,
  FILE_EXECUTE: 0x0020,
  FILE_DELETE_CHILD: 0x0040,
  FILE_READ_ATTRIBUTES: 0x0080,
  FILE_WRITE_ATTRIBUTES: 0x0100,
  FILE_ALL_ACCESS: 0x001f01ff,
  FILE_GENERIC_READ: 0x00120089,
  FILE_GENERIC_WRITE: 0x00120116,
  FILE_GENERIC_EXECUTE: 0x001200a0,
  // winnt.h: sharing
  FILE_SHARE_READ: 1,
  FILE_SHARE_WRITE: 2,
  FILE_SHARE_DELETE: 4,
  // fileapi.h: dispositions
  CREATE_NEW: 1,
  CREATE_ALWAYS: 2,
  OPEN_EXISTING: 3,
  OPEN_ALWAYS: 4,
  TRUNCATE_EXISTING: 5,
  // winnt.h / winbase.h: attributes and flags
  FILE_ATTRIBUTE_READONLY: 0x1,
  FILE_ATTRIBUTE_NORMAL: 0x80,
  FILE_FLAG_WRITE_THROUGH: 0x80000000,
  FILE_FLAG_DELETE_ON_CLOSE: 0x04000000,
  FILE_FLAG_BACKUP_SEMANTICS: 0x02000000,
  FILE_FLAG_RANDOM_ACCESS: 0x10000000,
  // winbase.h: moves, sizes, types
  FILE_BEGIN: 0,
  FILE_CURRENT: 1,
  FILE_END: 2,
  INVALID_SET_FILE_POINTER: 0xffffffff,
  INVALID_FILE_SIZE: 0xffffffff,
  FILE_TYPE_UNKNOWN: 0,
  FILE_TYPE_DISK: 1,
  // winnt.h: section protections and flags (for the sharing rules of mapped files)
  SEC_COMMIT: 0x08000000,
  FILE_MAP_READ: 0x0004,
  FILE_MAP_WRITE: 0x0002,
  // winerror.h
  ERROR_SUCCESS: 0,
  ERROR_INVALID_FUNCTION: 1,
  ERROR_FILE_NOT_FOUND: 2,
  ERROR_PATH_NOT_FOUND: 3,
  ERROR_ACCESS_DENIED: 5,
  ERROR_INVALID_HANDLE: 6,
  ERROR_SHARING_VIOLATION: 32,
  ERROR_HANDLE_EOF: 38,
  ERROR_BAD_NETPATH: 53,
  ERROR_FILE_EXISTS: 80,
  ERROR_INVALID_PARAMETER: 87,
  ERROR_INVALID_NAME: 123,
  ERROR_NEGATIVE_SEEK: 131,
  ERROR_ALREADY_EXISTS: 183,
  ERROR_NOACCESS: 998,
  ERROR_USER_MAPPED_FILE: 1224,
  ERROR_INVALID_USER_BUFFER: 1784,
} as const;

/** Flat values for assertions: `F.ERROR_SHARING_VIOLATION`. */
export const F = FILE_VALUES;

/**
 * Program text to put after cases.ts's prelude: the values above as constants, and helpers
 *   open(path, access, share, disposition, flags = 0)   CreateFile -> {h, err} (h -1 on failure)
 *   cf(path, access, share, disposition, flags = 0)     [ok ? 'handle' : -1, GetLastError()], handle closed
 *   buf(n)                                              n committed read-write bytes
 *   hex(bytes) / text(addr, n)                          what a buffer holds
 */
export function filePrelude(): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(FILE_VALUES)) {
    if (k in ALL_VALUES) {
      if (ALL_VALUES[k] !== v) throw new Error(`${k}: ${ALL_VALUES[k]} in win32-values.ts, ${v} in file-values.ts`);
      continue;
    }
    lines.push(`const ${k} = 0x${v.toString(16)};`);
  }
  // Names cases.ts's prelude already destructures from W must not be declared twice.
  const base = /const \{([^}]*)\} = W;/.exec(prelude())?.[1] ?? '';
  const declared = new Set(base.split(',').map((s) => s.trim()));
  const fns = FILE_FUNCTIONS.filter((f) => !declared.has(f));
  return `
${lines.join('\n')}
const { ${fns.join(', ')} } = W;
function open(path: string, access: number, share: number, disposition: number, flags: number = 0): { h: number; err: number } {
  SetLastError(0xdeadbeef);
  const h = CreateFile(path, access, share, null, disposition, flags, null);
  return { h, err: GetLastError() };
}
function cf(path: string, access: number, share: number, disposition: number, flags: number = 0): any[] {
  const r = open(path, access, share, disposition, flags);
  if (r.h !== -1) CloseHandle(r.h);
  return [r.h === -1 ? -1 : 'handle', r.err];
}
function buf(n: number): number {
  return VirtualAlloc(0, n, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
}
function text(addr: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(mem.getUint8(addr + i));
  return s;
}
function put(addr: number, s: string): void {
  for (let i = 0; i < s.length; i++) mem.setUint8(addr + i, s.charCodeAt(i));
}
// ---- file case body ----
`;
}
