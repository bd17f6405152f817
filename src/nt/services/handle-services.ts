/**
 * Handle services: CloseHandle, DuplicateHandle, GetHandleInformation,
 * SetHandleInformation — what Windows returns for each, including the corner cases
 * recorded by Wine's tests on real Windows (process.c test_DuplicateHandle).
 */
import {
  DUPLICATE_CLOSE_SOURCE,
  DUPLICATE_SAME_ACCESS,
  DUPLICATE_SAME_ATTRIBUTES,
  HANDLE_FLAG_INHERIT,
  HANDLE_FLAG_PROTECT_FROM_CLOSE,
  PROCESS_DUP_HANDLE,
  STANDARD_RIGHTS_ALL,
} from '../../win32/constants.js';
import { ERROR_ACCESS_DENIED, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER } from '../../win32/errors.js';
import type { Kernel } from '../../ke/kernel.js';
import type { Process } from '../../ps/process.js';
import type { Service } from '../service.js';
import { handleEntry, isHandleValue, isPseudoHandle, processFor, resolveHandle } from '../handles.js';
import { genericMapping, mapGenericAccess } from '../objects-access.js';
import { fail, Win32Error } from '../win32-error.js';

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

/** ObpValidateDesiredAccess: access bits no object type defines. */
const RESERVED_ACCESS_BITS = 0x0ce00000;

/** DUPLICATE_CLOSE_SOURCE: closes the source "regardless of any error status" (MSDN), unless protected. */
function closeSourceQuietly(k: Kernel, source: Process, h: unknown): void {
  if (!isHandleValue(h)) return;
  const e = source.handles.get(h);
  if (e && !e.protectFromClose) k.objects.closeHandle(source.handles, h);
}

/** ObDuplicateObject (see DuplicateHandle below); returns the new handle, or 0 when there is no target. */
function duplicate(
  k: Kernel,
  caller: Process,
  source: Process,
  hSource: unknown,
  target: Process | null,
  targetGiven: boolean,
  access: number,
  inherit: boolean,
  opts: number,
): number {
  const closeSource = (opts & DUPLICATE_CLOSE_SOURCE) !== 0;
  if (!(opts & DUPLICATE_SAME_ACCESS) && access & RESERVED_ACCESS_BITS) fail(ERROR_ACCESS_DENIED);
  if (!source.alive) fail(ERROR_ACCESS_DENIED);
  const pseudo = isPseudoHandle(hSource);
  const src = resolveHandle(k, pseudo ? caller : source, hSource);
  const srcEntry = pseudo ? null : source.handles.get(hSource as number)!;
  if (!target) {
    if (closeSource) closeSourceQuietly(k, source, hSource);
    // With a bad target handle the caller reports that error instead.
    if (!closeSource && targetGiven) fail(ERROR_INVALID_PARAMETER);
    return 0;
  }
  if (!target.alive) {
    if (closeSource) closeSourceQuietly(k, source, hSource);
    fail(ERROR_ACCESS_DENIED);
  }
  const object = src.object;
  const mapping = genericMapping(object.typeName);
  const valid = mapping.all | (mapping.extra ?? 0) | STANDARD_RIGHTS_ALL;
  const granted =
    ((opts & DUPLICATE_SAME_ACCESS ? src.access : mapGenericAccess(object.typeName, access)) & valid) >>> 0;
  const sameAttributes = (opts & DUPLICATE_SAME_ATTRIBUTES) !== 0 && srcEntry !== null;
  const entry = {
    object,
    access: granted,
    inherit: sameAttributes ? srcEntry.inherit : inherit,
    protectFromClose: sameAttributes ? srcEntry.protectFromClose : false,
  };
  // Count the new handle first so the object (and its name) survives closing the source,
  // then free the source's slot so the new handle can take it.
  k.objects.reference(object);
  object.handleCount++;
  try {
    if (closeSource) closeSourceQuietly(k, source, hSource);
  } finally {
    object.handleCount--;
  }
  const handle = k.objects.insertHandle(target.handles, entry);
  k.objects.dereference(object);
  return handle;
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
   * NtDuplicateObject / ObDuplicateObject, in Windows's order (WRK obhandle.c):
   *   1. the source process handle needs PROCESS_DUP_HANDLE; failing that, nothing happens;
   *   2. the target process handle is looked up, its failure remembered (and reported last:
   *      the source is still closed if asked, "regardless of any error status");
   *   3. without DUPLICATE_SAME_ACCESS, reserved access bits (0x0CE00000) fail at once;
   *   4. a source process without a handle table (exited) is STATUS_PROCESS_IS_TERMINATING;
   *      the source handle must be valid there (pseudo handles are the caller's own);
   *   5. no target process: only DUPLICATE_CLOSE_SOURCE makes sense (else
   *      STATUS_INVALID_PARAMETER); an exited target: close the source, then fail;
   *   6. the new handle's count is taken before the source is closed (so a named object
   *      keeps its name), and its slot after (so in one process the value comes back);
   *      access is the source's (DUPLICATE_SAME_ACCESS) or the mapped request, cut to
   *      what the type defines; attributes are bInheritHandle, or the source's with
   *      DUPLICATE_SAME_ATTRIBUTES.
   * *lpTargetHandle is written in every case: the new handle, or NULL.
   */
  DuplicateHandle: {
    failValue: 0,
    run: (k, p, [hSourceProcess, hSource, hTargetProcess, access, inherit, options]) => {
      const source = processFor(k, p, hSourceProcess, PROCESS_DUP_HANDLE);
      let targetError: number | null = null;
      let target: Process | null = null;
      if (!(hTargetProcess === 0 || hTargetProcess === null || hTargetProcess === undefined)) {
        try {
          target = processFor(k, p, hTargetProcess, PROCESS_DUP_HANDLE);
        } catch (e) {
          if (!(e instanceof Win32Error)) throw e;
          targetError = e.code;
        }
      }
      try {
        const handle = duplicate(
          k,
          p,
          source,
          hSource,
          target,
          targetError === null,
          n(access) >>> 0,
          bool(inherit),
          n(options) >>> 0,
        );
        if (targetError !== null) fail(targetError);
        return { ret: 1, out: { targetHandle: handle } };
      } catch (e) {
        if (!(e instanceof Win32Error)) throw e;
        return { ret: 0, out: { targetHandle: 0 }, lastError: targetError ?? e.code };
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
