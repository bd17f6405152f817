/**
 * Win32 handle and synchronisation functions (kernel32): CloseHandle, DuplicateHandle,
 * Get/SetHandleInformation, events, mutexes, semaphores, WaitForSingleObject and
 * WaitForMultipleObjects. Argument marshalling only; the semantics live in the kernel
 * (src/nt/services/sync.ts, src/ke/wait.ts). The A and W spellings are the same function.
 */
import { ptr, syscall } from './runtime.js';
import type { Out, SECURITY_ATTRIBUTES } from './structures.js';

/** bInheritHandle of an optional SECURITY_ATTRIBUTES (NULL: not inheritable). */
function inherits(sa: SECURITY_ATTRIBUTES | null | undefined): boolean {
  return !!sa && !!sa.bInheritHandle;
}

const bool = (v: boolean | number): boolean => v === true || (typeof v === 'number' && v !== 0);

/** Optional object names: NULL may be given as null or undefined. */
const name = (v: string | null | undefined): string | null => (v === undefined ? null : v);

// ------------------------------------------------------------------------- handles

export function CloseHandle(hObject: number): number {
  return syscall('CloseHandle', [ptr(hObject)]).ret;
}

export function DuplicateHandle(
  hSourceProcessHandle: number,
  hSourceHandle: number,
  hTargetProcessHandle: number | null,
  lpTargetHandle: Out<number> | null,
  dwDesiredAccess: number,
  bInheritHandle: boolean | number,
  dwOptions: number,
): number {
  const { ret, out } = syscall('DuplicateHandle', [
    ptr(hSourceProcessHandle),
    ptr(hSourceHandle),
    ptr(hTargetProcessHandle),
    dwDesiredAccess >>> 0,
    bool(bInheritHandle),
    dwOptions >>> 0,
  ]);
  // NtDuplicateObject writes *TargetHandle in every case: the new handle, or NULL.
  if (lpTargetHandle && typeof out.targetHandle === 'number') lpTargetHandle.value = out.targetHandle;
  return ret;
}

export function GetHandleInformation(hObject: number, lpdwFlags: Out<number>): number {
  const { ret, out } = syscall('GetHandleInformation', [ptr(hObject)]);
  if (ret) lpdwFlags.value = out.flags as number;
  return ret;
}

export function SetHandleInformation(hObject: number, dwMask: number, dwFlags: number): number {
  return syscall('SetHandleInformation', [ptr(hObject), dwMask >>> 0, dwFlags >>> 0]).ret;
}

// ------------------------------------------------------------------------- events

export function CreateEvent(
  lpEventAttributes: SECURITY_ATTRIBUTES | null,
  bManualReset: boolean | number,
  bInitialState: boolean | number,
  lpName: string | null,
): number {
  return syscall('CreateEvent', [inherits(lpEventAttributes), bool(bManualReset), bool(bInitialState), name(lpName)])
    .ret;
}
export const CreateEventA = CreateEvent;
export const CreateEventW = CreateEvent;

export function OpenEvent(dwDesiredAccess: number, bInheritHandle: boolean | number, lpName: string | null): number {
  return syscall('OpenEvent', [dwDesiredAccess >>> 0, bool(bInheritHandle), name(lpName)]).ret;
}
export const OpenEventA = OpenEvent;
export const OpenEventW = OpenEvent;

export function SetEvent(hEvent: number): number {
  return syscall('SetEvent', [ptr(hEvent)]).ret;
}

export function ResetEvent(hEvent: number): number {
  return syscall('ResetEvent', [ptr(hEvent)]).ret;
}

export function PulseEvent(hEvent: number): number {
  return syscall('PulseEvent', [ptr(hEvent)]).ret;
}

// ------------------------------------------------------------------------- mutexes

export function CreateMutex(
  lpMutexAttributes: SECURITY_ATTRIBUTES | null,
  bInitialOwner: boolean | number,
  lpName: string | null,
): number {
  return syscall('CreateMutex', [inherits(lpMutexAttributes), bool(bInitialOwner), name(lpName)]).ret;
}
export const CreateMutexA = CreateMutex;
export const CreateMutexW = CreateMutex;

export function OpenMutex(dwDesiredAccess: number, bInheritHandle: boolean | number, lpName: string | null): number {
  return syscall('OpenMutex', [dwDesiredAccess >>> 0, bool(bInheritHandle), name(lpName)]).ret;
}
export const OpenMutexA = OpenMutex;
export const OpenMutexW = OpenMutex;

export function ReleaseMutex(hMutex: number): number {
  return syscall('ReleaseMutex', [ptr(hMutex)]).ret;
}

// ------------------------------------------------------------------------- semaphores

export function CreateSemaphore(
  lpSemaphoreAttributes: SECURITY_ATTRIBUTES | null,
  lInitialCount: number,
  lMaximumCount: number,
  lpName: string | null,
): number {
  return syscall('CreateSemaphore', [
    inherits(lpSemaphoreAttributes),
    lInitialCount | 0,
    lMaximumCount | 0,
    name(lpName),
  ]).ret;
}
export const CreateSemaphoreA = CreateSemaphore;
export const CreateSemaphoreW = CreateSemaphore;

export function OpenSemaphore(
  dwDesiredAccess: number,
  bInheritHandle: boolean | number,
  lpName: string | null,
): number {
  return syscall('OpenSemaphore', [dwDesiredAccess >>> 0, bool(bInheritHandle), name(lpName)]).ret;
}
export const OpenSemaphoreA = OpenSemaphore;
export const OpenSemaphoreW = OpenSemaphore;

/** lpPreviousCount (optional) receives the count before the release; untouched on failure. */
export function ReleaseSemaphore(
  hSemaphore: number,
  lReleaseCount: number,
  lpPreviousCount: Out<number> | null,
): number {
  const { ret, out } = syscall('ReleaseSemaphore', [ptr(hSemaphore), lReleaseCount | 0]);
  if (ret && lpPreviousCount) lpPreviousCount.value = out.previousCount as number;
  return ret;
}

// ------------------------------------------------------------------------- waits

/** Returns WAIT_OBJECT_0, WAIT_ABANDONED, WAIT_TIMEOUT or WAIT_FAILED (as an unsigned DWORD). */
export function WaitForSingleObject(hHandle: number, dwMilliseconds: number): number {
  return syscall('WaitForSingleObject', [ptr(hHandle), dwMilliseconds >>> 0]).ret >>> 0;
}

/**
 * lpHandles: an array of at least nCount handles. Returns WAIT_OBJECT_0 + i,
 * WAIT_ABANDONED_0 + i, WAIT_TIMEOUT or WAIT_FAILED (as an unsigned DWORD).
 */
export function WaitForMultipleObjects(
  nCount: number,
  lpHandles: readonly number[] | null,
  bWaitAll: boolean | number,
  dwMilliseconds: number,
): number {
  const handles = Array.isArray(lpHandles)
    ? lpHandles.slice(0, Math.min(lpHandles.length, nCount >>> 0)).map(ptr)
    : null;
  return syscall('WaitForMultipleObjects', [nCount >>> 0, handles, bool(bWaitAll), dwMilliseconds >>> 0]).ret >>> 0;
}
