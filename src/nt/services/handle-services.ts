/**
 * Handle services: CloseHandle, DuplicateHandle, GetHandleInformation,
 * SetHandleInformation — what Windows returns for each, including the corner cases
 * recorded by Wine's tests on real Windows (process.c test_DuplicateHandle).
 */
import { DUPLICATE_CLOSE_SOURCE, DUPLICATE_SAME_ACCESS, HANDLE_FLAG_INHERIT, HANDLE_FLAG_PROTECT_FROM_CLOSE, PROCESS_DUP_HANDLE } from '../../win32/constants.js';
import { ERROR_ACCESS_DENIED, ERROR_INVALID_HANDLE } from '../../win32/errors.js';
import type { Kernel } from '../../ke/kernel.js';
import type { Process } from '../../ps/process.js';
import type { Service } from '../service.js';
import { handleEntry, isHandleValue, isPseudoHandle, processFor, resolveHandle } from '../handles.js';
import { mapGenericAccess } from '../objects-access.js';
import { fail } from '../win32-error.js';

const n = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const bool = (v: unknown): boolean => v === true || (typeof v === 'number' && v !== 0);

/**
 * NtClose: closes a real handle. Pseudo handles: nothing happens and the call succeeds
 * (GetCurrentProcess docs: "calling CloseHandle with a pseudo handle has no effect").
 * A handle protected from close stays open: STATUS_HANDLE_NOT_CLOSABLE, ERROR_INVALID_HANDLE.
 */
export function closeHandle(k: Kernel, p: Process, h: unknown): void {
  if (isPseudoHandle(h)) return;
  const e = handleEntry(p, h);
  if (e.protectFromClose) fail(ERROR_INVALID_HANDLE);
  k.objects.closeHandle(p.handles, h as number);
}

/** DUPLICATE_CLOSE_SOURCE: closes the source "regardless of any error status" (MSDN), unless protected. */
function closeSourceQuietly(k: Kernel, source: Process, h: unknown): void {
  if (!isHandleValue(h)) return;
  const e = source.handles.get(h);
  if (e && !e.protectFromClose) k.objects.closeHandle(source.handles, h);
}

export const handleServices: Record<string, Service> = {
  CloseHandle: {
    failValue: 0,
    run: (k, p, [h]) => {
      closeHandle(k, p, h);
      return { ret: 1 };
    },
  },

  /**
   * NtDuplicateObject. Order as NT: the source process (PROCESS_DUP_HANDLE), the target
   * process (on failure the source is still closed if asked), the source handle (pseudo
   * handles are the caller's own process / thread), close the source, then the new handle
   * in the target with the source's access (DUPLICATE_SAME_ACCESS) or the mapped access
   * asked for, inheritable if asked, never protected. A NULL target process only closes.
   * In one process, closing the source first lets the new handle take its value back.
   */
  DuplicateHandle: {
    failValue: 0,
    run: (k, p, [hSourceProcess, hSource, hTargetProcess, access, inherit, options]) => {
      const opts = n(options) >>> 0;
      const closeSource = (opts & DUPLICATE_CLOSE_SOURCE) !== 0;
      const source = processFor(k, p, hSourceProcess, PROCESS_DUP_HANDLE);
      const noTarget = hTargetProcess === 0 || hTargetProcess === null || hTargetProcess === undefined;
      let target: Process | null = null;
      if (!noTarget) {
        try {
          target = processFor(k, p, hTargetProcess, PROCESS_DUP_HANDLE);
        } catch (e) {
          if (closeSource) closeSourceQuietly(k, source, hSource);
          throw e;
        }
      }
      // Pseudo handles name the caller's own objects (ObpReferenceProcessObjectByHandle).
      const src = isPseudoHandle(hSource) ? resolveHandle(k, p, hSource) : resolveHandle(k, source, hSource);
      const object = src.object;
      // Keep the object while its source handle may be closed below.
      k.objects.reference(object);
      try {
        if (closeSource) closeSourceQuietly(k, source, hSource);
        if (!target) return { ret: 1 };
        // A process whose handle table is gone can take no handles (STATUS_PROCESS_IS_TERMINATING).
        if (!target.alive) fail(ERROR_ACCESS_DENIED);
        const granted = opts & DUPLICATE_SAME_ACCESS ? src.access : mapGenericAccess(object.typeName, n(access));
        const handle = k.objects.insertHandle(target.handles, { object, access: granted, inherit: bool(inherit), protectFromClose: false });
        return { ret: 1, out: { targetHandle: handle } };
      } finally {
        k.objects.dereference(object);
      }
    },
  },

  /** Pseudo handles have no flags (0); invalid handles fail with ERROR_INVALID_HANDLE. */
  GetHandleInformation: {
    failValue: 0,
    quiet: true,
    run: (k, p, [h]) => {
      if (isPseudoHandle(h)) return { ret: 1, out: { flags: 0 } };
      const e = handleEntry(p, h);
      const flags = (e.inherit ? HANDLE_FLAG_INHERIT : 0) | (e.protectFromClose ? HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
      return { ret: 1, out: { flags } };
    },
  },

  /** Only bits in dwMask change; a pseudo handle has no table entry to change: ERROR_ACCESS_DENIED. */
  SetHandleInformation: {
    failValue: 0,
    quiet: true,
    run: (k, p, [h, mask, flags]) => {
      if (isPseudoHandle(h)) fail(ERROR_ACCESS_DENIED);
      const e = handleEntry(p, h);
      const m = n(mask) >>> 0;
      const f = n(flags) >>> 0;
      if (m & HANDLE_FLAG_INHERIT) e.inherit = (f & HANDLE_FLAG_INHERIT) !== 0;
      if (m & HANDLE_FLAG_PROTECT_FROM_CLOSE) e.protectFromClose = (f & HANDLE_FLAG_PROTECT_FROM_CLOSE) !== 0;
      return { ret: 1 };
    },
  },
};
