/**
 * Workspace files (drive C:\) opened for the kernel as NodeBlockFiles (block-file.ts):
 * unlike the pagefile they are opened without truncation.
 *
 * openWorkspaceFile turns the kernel's request (create / truncate / read-only attribute)
 * into open(2) flags. The host path comes from lookupWorkspacePath and has no link in it,
 * so O_NOFOLLOW keeps a link planted afterwards from redirecting the open.
 */
import { closeSync, constants, fchmodSync, fstatSync, ftruncateSync, openSync, unlinkSync } from 'node:fs';
import type { WorkspaceFileError, WorkspaceOpen } from '../host/host.js';
import { NodeBlockFile } from './block-file.js';

/** Maps a Node file-system error code to the kernel's vocabulary. */
export function workspaceFileError(e: unknown): WorkspaceFileError {
  switch ((e as { code?: string }).code) {
    case 'ENOENT':
      return 'path-not-found';
    case 'EEXIST':
      return 'exists';
    case 'EISDIR':
      return 'is-directory';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'ELOOP':
    case 'ETXTBSY':
      return 'access-denied';
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'disk-full';
    default:
      return 'io';
  }
}

export function openWorkspaceFile(
  hostPath: string,
  how: WorkspaceOpen,
): NodeBlockFile | { error: WorkspaceFileError } {
  let flags = constants.O_RDWR | constants.O_NOFOLLOW;
  if (how.create === 'new') flags |= constants.O_CREAT | constants.O_EXCL;
  else if (how.create === 'if-missing') flags |= constants.O_CREAT;
  let fd: number;
  try {
    fd = openSync(hostPath, flags, how.readOnly ? 0o444 : 0o666);
  } catch (e) {
    const code = (e as { code?: string }).code;
    // A read-only file (no write permission) is still opened for the kernel to read;
    // the kernel has already refused write access to it.
    if (code !== 'EACCES' || how.truncate)
      return { error: code === 'ENOENT' && how.create === 'never' ? 'not-found' : workspaceFileError(e) };
    try {
      fd = openSync(hostPath, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (e2) {
      return { error: workspaceFileError(e2) };
    }
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) {
      closeSync(fd);
      return { error: 'is-directory' };
    }
    if (how.truncate) {
      ftruncateSync(fd, 0);
      fchmodSync(fd, how.readOnly ? st.mode & ~0o222 : st.mode | 0o200);
    }
  } catch (e) {
    closeSync(fd);
    return { error: workspaceFileError(e) };
  }
  return new NodeBlockFile(hostPath, fd);
}

export function deleteWorkspaceFile(hostPath: string): WorkspaceFileError | null {
  try {
    unlinkSync(hostPath);
    return null;
  } catch (e) {
    const err = workspaceFileError(e);
    return err === 'path-not-found' ? 'not-found' : err;
  }
}
