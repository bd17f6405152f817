/**
 * File access masks: how CreateFile turns the access a program asks for into the access a
 * file handle is granted, as kernel32 and the I/O manager do.
 *
 *   GENERIC_READ    -> FILE_GENERIC_READ     GENERIC_WRITE -> FILE_GENERIC_WRITE
 *   GENERIC_EXECUTE -> FILE_GENERIC_EXECUTE  GENERIC_ALL   -> FILE_ALL_ACCESS
 *   MAXIMUM_ALLOWED -> everything the file allows (FILE_ALL_ACCESS; no write to a read-only file)
 *   always added    -> SYNCHRONIZE | FILE_READ_ATTRIBUTES (kernel32's CreateFileW adds them)
 *   FILE_FLAG_DELETE_ON_CLOSE adds DELETE (kernel32 again).
 */
import {
  DELETE,
  FILE_ALL_ACCESS,
  FILE_APPEND_DATA,
  FILE_GENERIC_EXECUTE,
  FILE_GENERIC_READ,
  FILE_GENERIC_WRITE,
  FILE_READ_ATTRIBUTES,
  FILE_WRITE_DATA,
  GENERIC_ALL,
  GENERIC_EXECUTE,
  GENERIC_READ,
  GENERIC_WRITE,
  MAXIMUM_ALLOWED,
  SYNCHRONIZE,
} from '../win32/constants.js';

/** Rights that write a file's data: refused on a read-only file. */
export const WRITE_DATA_RIGHTS = FILE_WRITE_DATA | FILE_APPEND_DATA;

/** Maps generic rights to file-specific ones; keeps specific and standard rights as given. */
export function mapGenericFileAccess(desired: number): number {
  let a = desired >>> 0;
  if (a & GENERIC_READ) a |= FILE_GENERIC_READ;
  if (a & GENERIC_WRITE) a |= FILE_GENERIC_WRITE;
  if (a & GENERIC_EXECUTE) a |= FILE_GENERIC_EXECUTE;
  if (a & GENERIC_ALL) a |= FILE_ALL_ACCESS;
  return (a & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL)) >>> 0;
}

/**
 * The access a CreateFile handle is granted: generic rights mapped, MAXIMUM_ALLOWED
 * expanded against what the file allows, and what kernel32 always adds.
 */
export function grantedFileAccess(desired: number, opts: { deleteOnClose: boolean; readOnly: boolean }): number {
  let a = mapGenericFileAccess(desired);
  if (a & MAXIMUM_ALLOWED) {
    a &= ~MAXIMUM_ALLOWED;
    a |= opts.readOnly ? FILE_ALL_ACCESS & ~WRITE_DATA_RIGHTS : FILE_ALL_ACCESS;
  }
  if (opts.deleteOnClose) a |= DELETE;
  return (a | SYNCHRONIZE | FILE_READ_ATTRIBUTES) >>> 0;
}
