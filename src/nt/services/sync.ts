/**
 * Synchronisation services: events, mutexes, semaphores and the waits on every waitable
 * object, plus the handle services (handle-services.ts). Return values and last-error
 * codes follow real Windows as recorded by Wine's kernel32 and ntdll sync tests:
 *
 *   - Create*: a new object sets last error 0, an existing one of the type
 *     ERROR_ALREADY_EXISTS (creation parameters ignored, no ownership taken), a name held by
 *     another type ERROR_INVALID_HANDLE (objects.ts). Parameters are checked first
 *     (NtCreateSemaphore rejects bad counts before looking at the name).
 *   - Open*: NULL name ERROR_INVALID_PARAMETER, missing ERROR_FILE_NOT_FOUND, wrong type
 *     ERROR_INVALID_HANDLE, access 0 or undefined rights ERROR_ACCESS_DENIED.
 *   - SetEvent/ResetEvent/PulseEvent need EVENT_MODIFY_STATE, ReleaseSemaphore
 *     SEMAPHORE_MODIFY_STATE, ReleaseMutex nothing (ownership is what counts), waits
 *     SYNCHRONIZE; a handle of another type gives ERROR_INVALID_HANDLE.
 */
import { Event } from '../../ke/event.js';
import { Mutant } from '../../ke/mutant.js';
import { Semaphore } from '../../ke/semaphore.js';
import { waitForObjects, waitIdentity } from '../../ke/wait.js';
import type { KernelObject } from '../../ob/object.js';
import {
  EVENT_ALL_ACCESS,
  EVENT_MODIFY_STATE,
  MAXIMUM_WAIT_OBJECTS,
  MUTEX_ALL_ACCESS,
  SEMAPHORE_ALL_ACCESS,
  SEMAPHORE_MODIFY_STATE,
  SYNCHRONIZE,
  WAIT_FAILED,
} from '../../win32/constants.js';
import {
  ERROR_ACCESS_DENIED,
  ERROR_INVALID_PARAMETER,
  ERROR_NOACCESS,
  ERROR_NOT_OWNER,
  ERROR_TOO_MANY_POSTS,
} from '../../win32/errors.js';
import { handleEntry, objectFor, objectOfType } from '../handles.js';
import { createOrOpenNamed, openNamed, type ObjectClass } from '../objects.js';
import type { Service, ServiceReply } from '../service.js';
import { fail } from '../win32-error.js';
import { handleServices } from './handle-services.js';

const n = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const bool = (v: unknown): boolean => v === true || (typeof v === 'number' && v !== 0);

/** An object name argument: a string, or null/undefined for none. Anything else is a bad pointer. */
function nameArg(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') fail(ERROR_NOACCESS);
  return v;
}

function openService<T extends KernelObject>(type: ObjectClass<T>): Service {
  return {
    failValue: 0,
    run: (k, p, [access, inherit, name]) => ({
      ret: openNamed(k, p, type, name ?? null, n(access), bool(inherit)).handle,
    }),
  };
}

export const syncServices: Record<string, Service> = {
  ...handleServices,

  CreateEvent: {
    failValue: 0,
    run: (k, p, [inherit, manualReset, initialState, name]) =>
      createOrOpenNamed(k, p, {
        name: nameArg(name),
        type: Event,
        access: EVENT_ALL_ACCESS,
        inherit: bool(inherit),
        create: () => new Event(bool(manualReset), bool(initialState)),
      }).reply,
  },
  OpenEvent: openService(Event),
  SetEvent: {
    failValue: 0,
    run: (k, p, [h]) => {
      objectOfType(k, p, h, Event, EVENT_MODIFY_STATE).set();
      return { ret: 1 };
    },
  },
  ResetEvent: {
    failValue: 0,
    run: (k, p, [h]) => {
      objectOfType(k, p, h, Event, EVENT_MODIFY_STATE).reset();
      return { ret: 1 };
    },
  },
  PulseEvent: {
    failValue: 0,
    run: (k, p, [h]) => {
      objectOfType(k, p, h, Event, EVENT_MODIFY_STATE).pulse();
      return { ret: 1 };
    },
  },

  CreateMutex: {
    failValue: 0,
    run: (k, p, [inherit, initialOwner, name]) =>
      createOrOpenNamed(k, p, {
        name: nameArg(name),
        type: Mutant,
        access: MUTEX_ALL_ACCESS,
        inherit: bool(inherit),
        create: () => new Mutant(bool(initialOwner) ? p : null),
      }).reply,
  },
  OpenMutex: openService(Mutant),
  ReleaseMutex: {
    failValue: 0,
    run: (k, p, [h]) => {
      if (objectOfType(k, p, h, Mutant, 0).release(p) === null) fail(ERROR_NOT_OWNER);
      return { ret: 1 };
    },
  },

  CreateSemaphore: {
    failValue: 0,
    run: (k, p, [inherit, initialCount, maximumCount, name]) => {
      // LONGs, checked before the name (NtCreateSemaphore: STATUS_INVALID_PARAMETER).
      const initial = n(initialCount) | 0;
      const maximum = n(maximumCount) | 0;
      if (maximum <= 0 || initial < 0 || initial > maximum) fail(ERROR_INVALID_PARAMETER);
      return createOrOpenNamed(k, p, {
        name: nameArg(name),
        type: Semaphore,
        access: SEMAPHORE_ALL_ACCESS,
        inherit: bool(inherit),
        create: () => new Semaphore(initial, maximum),
      }).reply;
    },
  },
  OpenSemaphore: openService(Semaphore),
  ReleaseSemaphore: {
    failValue: 0,
    run: (k, p, [h, releaseCount]) => {
      const s = objectOfType(k, p, h, Semaphore, SEMAPHORE_MODIFY_STATE);
      const count = n(releaseCount) | 0;
      if (count <= 0) fail(ERROR_INVALID_PARAMETER);
      const previous = s.release(count);
      if (previous === null) fail(ERROR_TOO_MANY_POSTS);
      return { ret: 1, out: { previousCount: previous } };
    },
  },

  /** Pseudo handles are allowed (Wine's test_WaitForSingleObject: the current process times out). */
  WaitForSingleObject: {
    failValue: WAIT_FAILED,
    quiet: true,
    run: (k, p, [h, timeout]) => waitForObjects(k, p, [objectFor(k, p, h, SYNCHRONIZE)], false, n(timeout) >>> 0),
  },

  /**
   * ObpWaitForMultipleObjects: 1..MAXIMUM_WAIT_OBJECTS real handles (pseudo handles fail
   * with ERROR_INVALID_HANDLE), each with SYNCHRONIZE; for wait-all no object twice
   * (STATUS_INVALID_PARAMETER_MIX, ERROR_INVALID_PARAMETER), even through two handles.
   */
  WaitForMultipleObjects: {
    failValue: WAIT_FAILED,
    quiet: true,
    run: (k, p, [count, handles, waitAll, timeout]): ServiceReply | ReturnType<typeof waitForObjects> => {
      const c = n(count) >>> 0;
      if (c === 0 || c > MAXIMUM_WAIT_OBJECTS) fail(ERROR_INVALID_PARAMETER);
      // The handle array is read from the caller's memory: too short is a bad pointer.
      if (!Array.isArray(handles) || handles.length < c) fail(ERROR_NOACCESS);
      const objects: KernelObject[] = [];
      for (let i = 0; i < c; i++) {
        const e = handleEntry(p, handles[i]);
        if ((e.access & SYNCHRONIZE) === 0) fail(ERROR_ACCESS_DENIED);
        objects.push(e.object);
      }
      const all = bool(waitAll);
      if (all && new Set(objects.map(waitIdentity)).size !== objects.length) fail(ERROR_INVALID_PARAMETER);
      return waitForObjects(k, p, objects, all, n(timeout) >>> 0);
    },
  },
};
