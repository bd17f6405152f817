/**
 * Access masks per object type: NT's generic mappings (GENERIC_READ … → the type's
 * specific rights) and the rights each type defines, for Open* and DuplicateHandle.
 *
 * What Windows shows (Wine's kernel32 test_mutex, run on real Windows): OpenMutex with
 * each single bit succeeds for MUTANT_QUERY_STATE, the standard rights (DELETE …
 * SYNCHRONIZE), MAXIMUM_ALLOWED and the four generic bits, and fails with
 * ERROR_ACCESS_DENIED for every other bit (ACCESS_SYSTEM_SECURITY: ERROR_PRIVILEGE_NOT_HELD);
 * OpenMutex with access 0 fails with ERROR_ACCESS_DENIED. A handle from
 * OpenMutex(GENERIC_READ | GENERIC_WRITE) lacks SYNCHRONIZE, so waiting on it fails.
 */
import {
  GENERIC_ALL,
  GENERIC_EXECUTE,
  GENERIC_READ,
  GENERIC_WRITE,
  MAXIMUM_ALLOWED,
  STANDARD_RIGHTS_ALL,
} from '../win32/constants.js';
import { ERROR_ACCESS_DENIED, ERROR_PRIVILEGE_NOT_HELD } from '../win32/errors.js';
import { fail } from './win32-error.js';

export interface GenericMapping {
  read: number;
  write: number;
  execute: number;
  all: number;
  /** Rights the type defines beyond `all` (SECTION_MAP_EXECUTE_EXPLICIT). */
  extra?: number;
}

/** ACCESS_SYSTEM_SECURITY: needs SeSecurityPrivilege, which a normal process does not hold. */
const ACCESS_SYSTEM_SECURITY = 0x01000000;

/** Generic mappings of the object types the lab has (ntoskrnl's type initialisers). */
const MAPPINGS: Record<string, GenericMapping> = {
  // EVENT_QUERY_STATE 0x1, EVENT_MODIFY_STATE 0x2
  Event: { read: 0x00020001, write: 0x00020002, execute: 0x00120000, all: 0x001f0003 },
  // MUTANT_QUERY_STATE 0x1 (there is no "modify" right: ReleaseMutex needs no access)
  Mutant: { read: 0x00020001, write: 0x00020000, execute: 0x00120000, all: 0x001f0001 },
  // SEMAPHORE_QUERY_STATE 0x1, SEMAPHORE_MODIFY_STATE 0x2
  Semaphore: { read: 0x00020001, write: 0x00020002, execute: 0x00120000, all: 0x001f0003 },
  // SECTION_QUERY | MAP_READ; MAP_WRITE; MAP_EXECUTE; SECTION_ALL_ACCESS
  Section: { read: 0x00020005, write: 0x00020002, execute: 0x00020008, all: 0x000f001f, extra: 0x00000020 },
  // FILE_GENERIC_READ / WRITE / EXECUTE, FILE_ALL_ACCESS
  File: { read: 0x00120089, write: 0x00120116, execute: 0x001200a0, all: 0x001f01ff },
  // Process and thread: Vista+ mappings as best known (not confirmed against a test of
  // real Windows; only DuplicateHandle without DUPLICATE_SAME_ACCESS uses them).
  Process: { read: 0x00021410, write: 0x00020beb, execute: 0x00121000, all: 0x001fffff },
  Thread: { read: 0x00020848, write: 0x00020437, execute: 0x00121800, all: 0x001fffff },
};

/** The mapping for a type name (unknown types: generic rights map to nothing but GENERIC_ALL). */
export function genericMapping(typeName: string): GenericMapping {
  return MAPPINGS[typeName] ?? { read: 0, write: 0, execute: 0, all: STANDARD_RIGHTS_ALL };
}

/** RtlMapGenericMask: replaces the generic bits by the type's rights (MAXIMUM_ALLOWED: all). */
export function mapGenericAccess(typeName: string, access: number): number {
  const m = genericMapping(typeName);
  let a = access >>> 0;
  if (a & GENERIC_READ) a |= m.read;
  if (a & GENERIC_WRITE) a |= m.write;
  if (a & GENERIC_EXECUTE) a |= m.execute;
  if (a & GENERIC_ALL) a |= m.all;
  if (a & MAXIMUM_ALLOWED) a |= m.all;
  return (a & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED)) >>> 0;
}

/**
 * The access an Open* call is granted: the mapped desired access, checked as the object's
 * default security does for its creator (everything the type defines is granted).
 * Throws ERROR_ACCESS_DENIED for nothing or for rights the type does not define, and
 * ERROR_PRIVILEGE_NOT_HELD for ACCESS_SYSTEM_SECURITY.
 */
export function grantOpenAccess(typeName: string, desired: number): number {
  const d = desired >>> 0;
  if (d & ACCESS_SYSTEM_SECURITY) fail(ERROR_PRIVILEGE_NOT_HELD);
  const granted = mapGenericAccess(typeName, d);
  const m = genericMapping(typeName);
  const valid = m.all | (m.extra ?? 0) | STANDARD_RIGHTS_ALL;
  if (granted === 0 || (granted & ~valid) !== 0) fail(ERROR_ACCESS_DENIED);
  return granted;
}
