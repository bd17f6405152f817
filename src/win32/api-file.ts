/**
 * Win32 file functions (kernel32): argument marshalling to the kernel's file services
 * (src/nt/services/file.ts). Buffers are addresses in the process's virtual memory; the
 * kernel reads and writes them through the process's address space.
 */
import { ptr, syscall } from './runtime.js';
import type { SECURITY_ATTRIBUTES } from './structures.js';

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
  const inherit = lpSecurityAttributes != null && lpSecurityAttributes.bInheritHandle !== 0 && (lpSecurityAttributes.bInheritHandle as unknown) !== false;
  return syscall('CreateFile', [lpFileName ?? '', dwDesiredAccess >>> 0, dwShareMode >>> 0, inherit, dwCreationDisposition >>> 0, dwFlagsAndAttributes >>> 0, ptr(hTemplateFile)]).ret;
}
export const CreateFileA = CreateFile;
export const CreateFileW = CreateFile;
