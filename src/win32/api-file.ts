/**
 * Win32 file functions (kernel32): argument marshalling to the kernel's file services
 * (src/nt/services/file.ts). Buffers are addresses in the process's virtual memory; the
 * kernel reads and writes them through the process's address space. Out-parameters are
 * `{ value }` objects (or null where Windows allows NULL); 64-bit sizes and offsets are
 * numbers (exact up to 2^53) or LARGE_INTEGER.
 */
import { INVALID_FILE_SIZE, INVALID_SET_FILE_POINTER } from './constants.js';
import { ptr, setLastError, syscall } from './runtime.js';
import type { LARGE_INTEGER, OVERLAPPED, Out, SECURITY_ATTRIBUTES } from './structures.js';

const TWO_32 = 0x1_0000_0000;

/** Returns a handle, or INVALID_HANDLE_VALUE (-1) with the last error set. */
export function CreateFile(
  lpFileName: string | null,
  dwDesiredAccess: number,
  dwShareMode: number,
  lpSecurityAttributes: SECURITY_ATTRIBUTES | null,
  dwCreationDisposition: number,
  dwFlagsAndAttributes: number,
  hTemplateFile: number | null,
): number {
  const b = lpSecurityAttributes?.bInheritHandle as unknown;
  const inherit = b !== undefined && b !== null && b !== 0 && b !== false;
  return syscall('CreateFile', [
    lpFileName ?? '',
    dwDesiredAccess >>> 0,
    dwShareMode >>> 0,
    inherit,
    dwCreationDisposition >>> 0,
    dwFlagsAndAttributes >>> 0,
    ptr(hTemplateFile),
  ]).ret;
}
export const CreateFileA = CreateFile;
export const CreateFileW = CreateFile;

function overlappedArg(o: OVERLAPPED | null | undefined): { offset: number; hEvent: number } | null {
  return o ? { offset: (o.OffsetHigh >>> 0) * TWO_32 + (o.Offset >>> 0), hEvent: ptr(o.hEvent) } : null;
}

function completeOverlapped(o: OVERLAPPED | null | undefined, ok: number, bytes: number): void {
  if (!o) return;
  o.Internal = ok ? 0 : o.Internal;
  o.InternalHigh = ok ? bytes : 0;
}

/** Reads up to nNumberOfBytesToRead bytes into lpBuffer (an address); TRUE with 0 bytes at end of file. */
export function ReadFile(
  hFile: number,
  lpBuffer: number | null,
  nNumberOfBytesToRead: number,
  lpNumberOfBytesRead: Out<number> | null,
  lpOverlapped: OVERLAPPED | null,
): number {
  // kernel32 zeroes the count first: it reads 0 even when the call fails.
  if (lpNumberOfBytesRead) lpNumberOfBytesRead.value = 0;
  const { ret, out } = syscall('ReadFile', [
    ptr(hFile),
    ptr(lpBuffer),
    nNumberOfBytesToRead >>> 0,
    overlappedArg(lpOverlapped),
  ]);
  const bytes = ret ? (out.bytes as number) : 0;
  if (ret && lpNumberOfBytesRead) lpNumberOfBytesRead.value = bytes;
  completeOverlapped(lpOverlapped, ret, bytes);
  return ret;
}

/** Writes nNumberOfBytesToWrite bytes from lpBuffer (an address). */
export function WriteFile(
  hFile: number,
  lpBuffer: number | null,
  nNumberOfBytesToWrite: number,
  lpNumberOfBytesWritten: Out<number> | null,
  lpOverlapped: OVERLAPPED | null,
): number {
  if (lpNumberOfBytesWritten) lpNumberOfBytesWritten.value = 0;
  const { ret, out } = syscall('WriteFile', [
    ptr(hFile),
    ptr(lpBuffer),
    nNumberOfBytesToWrite >>> 0,
    overlappedArg(lpOverlapped),
  ]);
  const bytes = ret ? (out.bytes as number) : 0;
  if (ret && lpNumberOfBytesWritten) lpNumberOfBytesWritten.value = bytes;
  completeOverlapped(lpOverlapped, ret, bytes);
  return ret;
}

/**
 * Moves the file pointer by a signed 32-bit distance, or by the 64-bit distance
 * lpDistanceToMoveHigh.value:lDistanceToMove. Returns the new position's low DWORD (and
 * its high part in lpDistanceToMoveHigh), or INVALID_SET_FILE_POINTER with the last error
 * set; a position whose low DWORD is 0xFFFFFFFF succeeds with last error 0.
 */
export function SetFilePointer(
  hFile: number,
  lDistanceToMove: number,
  lpDistanceToMoveHigh: Out<number> | null,
  dwMoveMethod: number,
): number {
  const high = lpDistanceToMoveHigh ? lpDistanceToMoveHigh.value | 0 : null;
  const { ret, out } = syscall('SetFilePointer', [ptr(hFile), lDistanceToMove | 0, high, dwMoveMethod >>> 0]);
  const low = ret >>> 0;
  if (lpDistanceToMoveHigh && !(low === INVALID_SET_FILE_POINTER && out.high === undefined))
    lpDistanceToMoveHigh.value = out.high as number;
  return low;
}

/** Moves the file pointer by a 64-bit distance (a number or a LARGE_INTEGER); the new position in lpNewFilePointer. */
export function SetFilePointerEx(
  hFile: number,
  liDistanceToMove: LARGE_INTEGER | number,
  lpNewFilePointer: LARGE_INTEGER | Out<number> | null,
  dwMoveMethod: number,
): number {
  const distance = typeof liDistanceToMove === 'number' ? liDistanceToMove : liDistanceToMove.QuadPart;
  const { ret, out } = syscall('SetFilePointerEx', [ptr(hFile), distance, dwMoveMethod >>> 0]);
  if (ret && lpNewFilePointer) setQuad(lpNewFilePointer, out.position as number);
  return ret;
}

function setQuad(target: LARGE_INTEGER | Out<number>, v: number): void {
  if ('QuadPart' in target) target.QuadPart = v;
  else target.value = v;
}

/** Sets the end of the file at the file pointer (grows sparse, or truncates). */
export function SetEndOfFile(hFile: number): number {
  return syscall('SetEndOfFile', [ptr(hFile)]).ret;
}

/**
 * The file size's low DWORD (its high DWORD in lpFileSizeHigh), or INVALID_FILE_SIZE with
 * the last error set; a size whose low DWORD is 0xFFFFFFFF succeeds with last error 0.
 */
export function GetFileSize(hFile: number, lpFileSizeHigh: Out<number> | null): number {
  const { ret, out } = syscall('GetFileSizeEx', [ptr(hFile)]);
  if (!ret) return INVALID_FILE_SIZE;
  const size = out.size as number;
  const low = size % TWO_32;
  if (lpFileSizeHigh) lpFileSizeHigh.value = Math.floor(size / TWO_32);
  if (low === INVALID_FILE_SIZE) setLastError(0);
  return low;
}

/** The file size as a 64-bit number, in lpFileSize (a LARGE_INTEGER or { value }). */
export function GetFileSizeEx(hFile: number, lpFileSize: LARGE_INTEGER | Out<number>): number {
  const { ret, out } = syscall('GetFileSizeEx', [ptr(hFile)]);
  if (ret) setQuad(lpFileSize, out.size as number);
  return ret;
}

/** Writes everything buffered for the file to disk (needs write access). */
export function FlushFileBuffers(hFile: number): number {
  return syscall('FlushFileBuffers', [ptr(hFile)]).ret;
}

export function DeleteFile(lpFileName: string | null): number {
  return syscall('DeleteFile', [lpFileName ?? '']).ret;
}
export const DeleteFileA = DeleteFile;
export const DeleteFileW = DeleteFile;

/** FILE_TYPE_DISK for a file handle; FILE_TYPE_UNKNOWN with ERROR_INVALID_HANDLE otherwise. */
export function GetFileType(hFile: number): number {
  return syscall('GetFileType', [ptr(hFile)]).ret;
}
