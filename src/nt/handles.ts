/**
 * Handle resolution for services: pseudo handles, tag bits, type checks, access checks,
 * in the order NT's ObReferenceObjectByHandle checks them (handle, then type, then access).
 *
 *   - GetCurrentProcess() is (HANDLE)-1 and GetCurrentThread() is (HANDLE)-2 (32-bit callers
 *     may pass 0xFFFFFFFF / 0xFFFFFFFE); they carry all access to the caller's own process
 *     or thread. Functions that take only real handles (WaitForMultipleObjects) say so.
 *   - The low two bits of a handle value are ignored (Wine's test_WaitForSingleObject).
 *   - The current thread's object exists from the first time something needs it (a
 *     GetCurrentThread() pseudo handle, CreateProcess's hThread) until the process exits.
 */
import type { Kernel } from '../ke/kernel.js';
import type { HandleEntry } from '../ob/handle-table.js';
import type { KernelObject } from '../ob/object.js';
import { Process } from '../ps/process.js';
import { Thread } from '../ps/thread.js';
import { PROCESS_ALL_ACCESS, THREAD_ALL_ACCESS } from '../win32/constants.js';
import { ERROR_ACCESS_DENIED, ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY } from '../win32/errors.js';
import type { ObjectClass } from './objects.js';
import { fail } from './win32-error.js';

/** GetCurrentProcess() returns (HANDLE)-1; 32-bit callers may pass it as 0xFFFFFFFF. */
export function isCurrentProcessHandle(h: unknown): boolean {
  return h === -1 || h === 0xffffffff;
}

/** GetCurrentThread() returns (HANDLE)-2; 32-bit callers may pass it as 0xFFFFFFFE. */
export function isCurrentThreadHandle(h: unknown): boolean {
  return h === -2 || h === 0xfffffffe;
}

export function isPseudoHandle(h: unknown): boolean {
  return isCurrentProcessHandle(h) || isCurrentThreadHandle(h);
}

/** A handle value that could name a table entry (not NULL, not a pseudo handle, 32 bits). */
export function isHandleValue(h: unknown): h is number {
  return typeof h === 'number' && Number.isInteger(h) && h >= 4 && h <= 0xffffffff;
}

const threads = new WeakMap<Process, Thread>();

/** The object of `p`'s one thread, created (and held until `p` exits) on first use. */
export function currentThread(k: Kernel, p: Process): Thread {
  const known = threads.get(p);
  if (known && known.refs > 0) return known;
  const t = new Thread(p);
  if (!k.objects.register(t)) fail(ERROR_NOT_ENOUGH_MEMORY);
  k.objects.holdUntilExit(p, t);
  k.objects.dereference(t);
  threads.set(p, t);
  return t;
}

/** The table entry a real handle names in `p`, or throws ERROR_INVALID_HANDLE. */
export function handleEntry(p: Process, h: unknown): HandleEntry {
  const e = isHandleValue(h) ? p.handles.get(h) : undefined;
  if (!e) fail(ERROR_INVALID_HANDLE);
  return e;
}

/** Object and granted access for any handle of `p`, pseudo handles included. */
export function resolveHandle(k: Kernel, p: Process, h: unknown): { object: KernelObject; access: number } {
  if (isCurrentProcessHandle(h)) return { object: p, access: PROCESS_ALL_ACCESS };
  if (isCurrentThreadHandle(h)) return { object: currentThread(k, p), access: THREAD_ALL_ACCESS };
  const e = handleEntry(p, h);
  return { object: e.object, access: e.access };
}

export function objectFor(k: Kernel, p: Process, h: unknown, access = 0): KernelObject {
  const r = resolveHandle(k, p, h);
  if ((r.access & access) >>> 0 !== access >>> 0) fail(ERROR_ACCESS_DENIED);
  return r.object;
}

/** A handle's object of class `type`: ERROR_INVALID_HANDLE for another type, ERROR_ACCESS_DENIED without `access`. */
export function objectOfType<T extends KernelObject>(
  k: Kernel,
  p: Process,
  h: unknown,
  type: ObjectClass<T>,
  access = 0,
): T {
  const r = resolveHandle(k, p, h);
  if (!(r.object instanceof type)) fail(ERROR_INVALID_HANDLE);
  if ((r.access & access) >>> 0 !== access >>> 0) fail(ERROR_ACCESS_DENIED);
  return r.object;
}

export function processFor(k: Kernel, p: Process, h: unknown, access = 0): Process {
  return objectOfType(k, p, h, Process, access);
}

/** Remembers the Thread object CreateProcess made for a child, so the child's GetCurrentThread() is that object. */
export function rememberThread(k: Kernel, thread: Thread): void {
  k.objects.holdUntilExit(thread.process, thread);
  threads.set(thread.process, thread);
}
