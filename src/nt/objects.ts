/**
 * The "create or open a named object" pattern shared by CreateEvent, CreateMutex,
 * CreateSemaphore and CreateFileMapping (kernel32's CreateNtObjectFromWin32Api over
 * NtCreateXxx with OBJ_OPENIF), and the "open by name" pattern of OpenEvent & co.
 *
 * What Windows does, and so what these helpers do:
 *   - a new object: a handle, last error ERROR_SUCCESS (kernel32 sets 0 on success);
 *   - the name exists with an object of the same type: a new handle to the existing
 *     object with the access asked for, last error ERROR_ALREADY_EXISTS; the creation
 *     parameters (initial state, owner, counts, sizes) are ignored;
 *   - the name exists with an object of another type: STATUS_OBJECT_TYPE_MISMATCH, i.e.
 *     failure with ERROR_INVALID_HANDLE;
 *   - Open* of a missing name: ERROR_FILE_NOT_FOUND; of an object of another type:
 *     ERROR_INVALID_HANDLE; a NULL name: ERROR_INVALID_PARAMETER; access 0 or rights the
 *     type does not define: ERROR_ACCESS_DENIED;
 *   - an empty name: Create* makes an unnamed object, Open* names the directory itself
 *     (an object of another type: ERROR_INVALID_HANDLE);
 *   - names that cannot be resolved fail as the namespace says (ERROR_PATH_NOT_FOUND …).
 */
import type { Kernel } from '../ke/kernel.js';
import type { KernelObject } from '../ob/object.js';
import type { Process } from '../ps/process.js';
import {
  ERROR_ALREADY_EXISTS,
  ERROR_FILE_NOT_FOUND,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  ERROR_NO_SYSTEM_RESOURCES,
} from '../win32/errors.js';
import { grantOpenAccess } from './objects-access.js';
import type { ServiceReply } from './service.js';
import { fail } from './win32-error.js';

/** A class of kernel object, for the type check (`existing instanceof type`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ObjectClass<T extends KernelObject> = abstract new (...args: any[]) => T;

export interface CreateNamedRequest<T extends KernelObject> {
  /** The Win32 name; null (or '') makes an unnamed object. */
  name: string | null;
  /** The object type; an existing object of another class fails with ERROR_INVALID_HANDLE. */
  type: ObjectClass<T>;
  /** Access granted to the new handle (the XXX_ALL_ACCESS of the Create function). */
  access: number;
  inherit: boolean;
  /**
   * Builds the new object, not yet registered. Called only when no object has the name.
   * May throw Win32Error (nothing is registered yet). If the pool cannot hold the object,
   * its onDelete() is called so it can give back what create() took, and the call fails
   * with ERROR_NO_SYSTEM_RESOURCES.
   */
  create(): T;
}

export interface CreatedHandle<T extends KernelObject> {
  handle: number;
  object: T;
  /** True if the name already existed (the reply carries ERROR_ALREADY_EXISTS). */
  existed: boolean;
  reply: ServiceReply;
}

/** Create-or-open for named objects; see the header for the Windows rules it follows. */
export function createOrOpenNamed<T extends KernelObject>(
  k: Kernel,
  p: Process,
  req: CreateNamedRequest<T>,
): CreatedHandle<T> {
  const name = req.name === '' ? null : req.name;
  const existing = name === null ? null : k.objects.lookup(name);
  if (existing) {
    if (!(existing instanceof req.type)) fail(ERROR_INVALID_HANDLE);
    const handle = k.objects.openHandle(p.handles, existing, req.access, req.inherit);
    return { handle, object: existing, existed: true, reply: { ret: handle, lastError: ERROR_ALREADY_EXISTS } };
  }
  const object = req.create();
  if (!k.objects.register(object)) {
    object.onDelete();
    fail(ERROR_NO_SYSTEM_RESOURCES);
  }
  try {
    if (name !== null) k.objects.insertName(object, name);
    const handle = k.objects.openHandle(p.handles, object, req.access, req.inherit);
    return { handle, object, existed: false, reply: { ret: handle, lastError: 0 } };
  } finally {
    // The handle holds the object now; drop the creation reference.
    k.objects.dereference(object);
  }
}

/**
 * Open-by-name for OpenEvent, OpenMutex, OpenSemaphore, OpenFileMapping: the handle gets
 * the desired access mapped through the type's generic mapping and checked as the
 * object's default security does (objects-access.ts: access 0 or rights the type does not
 * define fail with ERROR_ACCESS_DENIED).
 */
export function openNamed<T extends KernelObject>(
  k: Kernel,
  p: Process,
  type: ObjectClass<T>,
  name: unknown,
  access: number,
  inherit: boolean,
): { handle: number; object: T } {
  if (typeof name !== 'string') fail(ERROR_INVALID_PARAMETER);
  const o = k.objects.lookup(name);
  if (!o) fail(ERROR_FILE_NOT_FOUND);
  if (!(o instanceof type)) fail(ERROR_INVALID_HANDLE);
  const granted = grantOpenAccess(o.typeName, access);
  return { handle: k.objects.openHandle(p.handles, o, granted, inherit), object: o };
}
