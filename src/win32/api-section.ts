/**
 * Win32 file-mapping functions (kernel32): CreateFileMapping, OpenFileMapping,
 * MapViewOfFile(Ex), FlushViewOfFile, UnmapViewOfFile — argument marshalling to the
 * kernel's section services (src/nt/services/section.ts), which hold the rules.
 */
import { isInvalidHandle } from './constants.js';
import { ptr, syscall } from './runtime.js';
import type { SECURITY_ATTRIBUTES } from './structures.js';

function inheritable(sa: SECURITY_ATTRIBUTES | null | undefined): boolean {
  return sa != null && sa.bInheritHandle !== 0 && (sa.bInheritHandle as unknown) !== false;
}

/**
 * Creates or opens a file-mapping object. `hFile` INVALID_HANDLE_VALUE makes a section
 * backed by the pagefile. Returns the handle, or 0 (NULL) with the last error set; an
 * existing name returns its object with GetLastError() === ERROR_ALREADY_EXISTS.
 */
export function CreateFileMapping(
  hFile: number,
  lpFileMappingAttributes: SECURITY_ATTRIBUTES | null,
  flProtect: number,
  dwMaximumSizeHigh: number,
  dwMaximumSizeLow: number,
  lpName: string | null,
): number {
  const file = isInvalidHandle(hFile) ? -1 : ptr(hFile);
  return syscall('CreateFileMapping', [
    file,
    inheritable(lpFileMappingAttributes),
    flProtect >>> 0,
    dwMaximumSizeHigh >>> 0,
    dwMaximumSizeLow >>> 0,
    lpName ?? null,
  ]).ret;
}
export const CreateFileMappingA = CreateFileMapping;
export const CreateFileMappingW = CreateFileMapping;

export function OpenFileMapping(
  dwDesiredAccess: number,
  bInheritHandle: number | boolean,
  lpName: string | null,
): number {
  return syscall('OpenFileMapping', [dwDesiredAccess >>> 0, bInheritHandle === true || bInheritHandle === 1, lpName])
    .ret;
}
export const OpenFileMappingA = OpenFileMapping;
export const OpenFileMappingW = OpenFileMapping;

/** Maps a view; returns its base address, or 0 (NULL) with the last error set. */
export function MapViewOfFile(
  hFileMappingObject: number,
  dwDesiredAccess: number,
  dwFileOffsetHigh: number,
  dwFileOffsetLow: number,
  dwNumberOfBytesToMap: number,
): number {
  // Its own service (not MapViewOfFileEx with NULL), so the lab's event names the call the program made.
  return syscall('MapViewOfFile', [
    ptr(hFileMappingObject),
    dwDesiredAccess >>> 0,
    dwFileOffsetHigh >>> 0,
    dwFileOffsetLow >>> 0,
    dwNumberOfBytesToMap,
  ]).ret;
}

export function MapViewOfFileEx(
  hFileMappingObject: number,
  dwDesiredAccess: number,
  dwFileOffsetHigh: number,
  dwFileOffsetLow: number,
  dwNumberOfBytesToMap: number,
  lpBaseAddress: number | null,
): number {
  return syscall('MapViewOfFileEx', [
    ptr(hFileMappingObject),
    dwDesiredAccess >>> 0,
    dwFileOffsetHigh >>> 0,
    dwFileOffsetLow >>> 0,
    dwNumberOfBytesToMap,
    ptr(lpBaseAddress),
  ]).ret;
}

export function UnmapViewOfFile(lpBaseAddress: number | null): number {
  return syscall('UnmapViewOfFile', [ptr(lpBaseAddress)]).ret;
}

/** Writes the view's dirty pages in [lpBaseAddress, +dwNumberOfBytesToFlush) to the file (0: to the view's end). */
export function FlushViewOfFile(lpBaseAddress: number | null, dwNumberOfBytesToFlush: number): number {
  return syscall('FlushViewOfFile', [ptr(lpBaseAddress), dwNumberOfBytesToFlush]).ret;
}
