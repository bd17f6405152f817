/**
 * Win32 module functions (kernel32): LoadLibrary, FreeLibrary, GetModuleHandle,
 * GetProcAddress, GetModuleFileName, ReadProcessMemory, WriteProcessMemory — marshalling
 * to the kernel's loader services (src/nt/services/module.ts, process-memory.ts).
 *
 * A module handle (HMODULE) is the module's base address, as on Windows, so a companion
 * program finds its image's exports and globals with
 *   const g_data = GetProcAddress(GetModuleHandle(null), 'g_data');  mem.int32(g_data).get(0)
 * and its sections with `imageSections(hModule)`, which reads the PE headers mapped at the
 * module's base (IMAGE_DOS_HEADER.e_lfanew -> IMAGE_NT_HEADERS -> IMAGE_SECTION_HEADER[]).
 */
import { mem } from './mem.js';
import { ptr, syscall } from './runtime.js';
import type { Out } from './structures.js';

export function LoadLibrary(lpLibFileName: string): number {
  return syscall('LoadLibrary', [typeof lpLibFileName === 'string' ? lpLibFileName : null]).ret;
}
export const LoadLibraryA = LoadLibrary;
export const LoadLibraryW = LoadLibrary;

export function FreeLibrary(hLibModule: number): number {
  return syscall('FreeLibrary', [ptr(hLibModule)]).ret;
}

/** NULL: the EXE of the calling process. */
export function GetModuleHandle(lpModuleName: string | null): number {
  return syscall('GetModuleHandle', [lpModuleName ?? null]).ret;
}
export const GetModuleHandleA = GetModuleHandle;
export const GetModuleHandleW = GetModuleHandle;

/** `lpProcName` is an export's name, or its ordinal as a number (MAKEINTRESOURCE). */
export function GetProcAddress(hModule: number | null, lpProcName: string | number): number {
  return syscall('GetProcAddress', [ptr(hModule), lpProcName]).ret;
}

/** The module's full path in `lpFilename.value`; returns its length (nSize when cut, with ERROR_INSUFFICIENT_BUFFER). */
export function GetModuleFileName(hModule: number | null, lpFilename: Out<string>, nSize: number): number {
  const { ret, out } = syscall('GetModuleFileName', [ptr(hModule), nSize >>> 0]);
  if (typeof out.fileName === 'string') lpFilename.value = out.fileName;
  return ret;
}
export const GetModuleFileNameA = GetModuleFileName;
export const GetModuleFileNameW = GetModuleFileName;

/** Copies nSize bytes at lpBaseAddress in hProcess into this process's buffer at lpBuffer. */
export function ReadProcessMemory(
  hProcess: number,
  lpBaseAddress: number,
  lpBuffer: number,
  nSize: number,
  lpNumberOfBytesRead: Out<number> | null,
): number {
  const { ret, out } = syscall('ReadProcessMemory', [ptr(hProcess), ptr(lpBaseAddress), ptr(lpBuffer), nSize >>> 0]);
  if (lpNumberOfBytesRead && typeof out.bytes === 'number') lpNumberOfBytesRead.value = out.bytes;
  return ret;
}

/** Copies nSize bytes of this process's buffer at lpBuffer to lpBaseAddress in hProcess. */
export function WriteProcessMemory(
  hProcess: number,
  lpBaseAddress: number,
  lpBuffer: number,
  nSize: number,
  lpNumberOfBytesWritten: Out<number> | null,
): number {
  const { ret, out } = syscall('WriteProcessMemory', [ptr(hProcess), ptr(lpBaseAddress), ptr(lpBuffer), nSize >>> 0]);
  if (lpNumberOfBytesWritten && typeof out.bytes === 'number') lpNumberOfBytesWritten.value = out.bytes;
  return ret;
}

/** One IMAGE_SECTION_HEADER of a mapped image, with its address in this process. */
export interface ImageSection {
  Name: string;
  /** hModule + VirtualAddress. */
  Address: number;
  VirtualAddress: number;
  VirtualSize: number;
  SizeOfRawData: number;
  PointerToRawData: number;
  Characteristics: number;
}

/**
 * The sections of the image mapped at `hModule`, read from its headers in memory (what
 * dbghelp's ImageNtHeader + IMAGE_FIRST_SECTION give a C program).
 */
export function imageSections(hModule: number): ImageSection[] {
  const nt = hModule + mem.getUint32(hModule + 0x3c);
  const count = mem.getUint16(nt + 6);
  const first = nt + 24 + mem.getUint16(nt + 20);
  const out: ImageSection[] = [];
  for (let i = 0; i < count; i++) {
    const s = first + 40 * i;
    const name = String.fromCharCode(...mem.read(s, 8)).replace(/\0+$/, '');
    const va = mem.getUint32(s + 12);
    out.push({
      Name: name,
      Address: hModule + va,
      VirtualAddress: va,
      VirtualSize: mem.getUint32(s + 8),
      SizeOfRawData: mem.getUint32(s + 16),
      PointerToRawData: mem.getUint32(s + 20),
      Characteristics: mem.getUint32(s + 36),
    });
  }
  return out;
}
