/**
 * WorkspaceBlockFile: a file of the workspace (drive C:\) opened for the kernel, with
 * synchronous positional I/O. Unlike the pagefile it is opened without truncation, and
 * never made bigger by writing zeros: growing is ftruncate (the file stays sparse), and a
 * write far past the end leaves a hole.
 *
 * openWorkspaceFile turns the kernel's request (create / truncate / read-only attribute)
 * into open(2) flags. The host path comes from lookupWorkspacePath and has no link in it,
 * so O_NOFOLLOW keeps a link planted afterwards from redirecting the open.
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import type { BlockFile, WorkspaceFileError, WorkspaceOpen } from '../host/host.js';

export class WorkspaceBlockFile implements BlockFile {
  private fd: number | null;

  constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  private get handle(): number {
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    return this.fd;
  }

  read(buf: Uint8Array, offset: number): number {
    let done = 0;
    while (done < buf.length) {
      const n = readSync(this.handle, buf, done, buf.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  write(buf: Uint8Array, offset: number): void {
    let done = 0;
    while (done < buf.length) done += writeSync(this.handle, buf, done, buf.length - done, offset + done);
  }

  flush(): void {
    // Data and the size (fdatasync includes the metadata needed to read the data back).
    fdatasyncSync(this.handle);
  }

  size(): number {
    return fstatSync(this.handle).size;
  }

  setSize(bytes: number): void {
    ftruncateSync(this.handle, bytes);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

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
): WorkspaceBlockFile | { error: WorkspaceFileError } {
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
  return new WorkspaceBlockFile(hostPath, fd);
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
