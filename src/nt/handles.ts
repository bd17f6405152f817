/**
 * Handle resolution for services: pseudo handles, type checks, access checks.
 */
import type { Kernel } from '../ke/kernel.js';
import type { KernelObject } from '../ob/object.js';
import { Process } from '../ps/process.js';
import { ERROR_ACCESS_DENIED, ERROR_INVALID_HANDLE } from '../win32/errors.js';
import { fail } from './win32-error.js';

/** GetCurrentProcess() returns (HANDLE)-1; 32-bit callers may pass it as 0xFFFFFFFF. */
export function isCurrentProcessHandle(h: unknown): boolean {
  return h === -1 || h === 0xffffffff;
}

export function objectFor(k: Kernel, p: Process, h: unknown, access = 0): KernelObject {
  if (isCurrentProcessHandle(h)) return p;
  if (typeof h !== 'number') fail(ERROR_INVALID_HANDLE);
  const e = p.handles.get(h);
  if (!e) fail(ERROR_INVALID_HANDLE);
  if ((e.access & access) !== access) fail(ERROR_ACCESS_DENIED);
  void k;
  return e.object;
}

export function processFor(k: Kernel, p: Process, h: unknown, access = 0): Process {
  const o = objectFor(k, p, h, access);
  if (!(o instanceof Process)) fail(ERROR_INVALID_HANDLE);
  return o;
}
