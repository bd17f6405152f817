/**
 * FileSystem (k.io): the kernel's file system over the workspace (drive C:\). It keeps one
 * FileControlBlock per open host file, keyed by canonical host path, and does what NTFS
 * and the I/O manager do on CreateFile and DeleteFile, in their order:
 *
 *   1. parameters (disposition, share mode)                ERROR_INVALID_PARAMETER
 *   2. the name (host lookup, never outside the workspace) ERROR_PATH_NOT_FOUND, ERROR_INVALID_NAME …
 *   3. delete pending                                      ERROR_ACCESS_DENIED
 *   4. disposition against what exists                     ERROR_FILE_EXISTS / ERROR_FILE_NOT_FOUND
 *   5. directories, read-only files                        ERROR_ACCESS_DENIED
 *   6. share access (incl. a writable section = a writer)  ERROR_SHARING_VIOLATION
 *   7. overwrite below a live section                      ERROR_USER_MAPPED_FILE
 *   8. the host open itself                                ERROR_FILE_EXISTS, ERROR_DISK_FULL …
 *
 * Invariants: the table maps a host path to the one FCB with refs > 0 that still has that
 * name (an unlinked FCB lives on outside the table for its handles); an FCB's share access
 * counts exactly its open, not cleaned-up file objects; the host file is closed once, at
 * the FCB's last reference.
 */
import type { HostServices, WorkspaceEntry, WorkspaceFileError, WorkspacePathError } from '../host/host.js';
import type { ObjectManager } from '../ob/object-manager.js';
import { fail } from '../nt/win32-error.js';
import {
  CREATE_ALWAYS,
  CREATE_NEW,
  DELETE,
  FILE_ATTRIBUTE_READONLY,
  FILE_FLAG_BACKUP_SEMANTICS,
  FILE_FLAG_DELETE_ON_CLOSE,
  FILE_FLAG_OVERLAPPED,
  FILE_FLAG_WRITE_THROUGH,
  FILE_SHARE_DELETE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  FILE_WRITE_DATA,
  OPEN_ALWAYS,
  OPEN_EXISTING,
  TRUNCATE_EXISTING,
} from '../win32/constants.js';
import {
  ERROR_ACCESS_DENIED,
  ERROR_BAD_NETPATH,
  ERROR_DISK_FULL,
  ERROR_FILE_EXISTS,
  ERROR_FILE_NOT_FOUND,
  ERROR_GEN_FAILURE,
  ERROR_INVALID_NAME,
  ERROR_INVALID_PARAMETER,
  ERROR_NO_SYSTEM_RESOURCES,
  ERROR_PATH_NOT_FOUND,
  ERROR_SHARING_VIOLATION,
  ERROR_USER_MAPPED_FILE,
} from '../win32/errors.js';
import { DirectoryFile } from './directory-file.js';
import { grantedFileAccess, WRITE_DATA_RIGHTS } from './file-access.js';
import { FileControlBlock } from './file-control-block.js';
import { FileObject } from './file-object.js';

export interface CreateFileRequest {
  path: string;
  desiredAccess: number;
  shareMode: number;
  disposition: number;
  flagsAndAttributes: number;
}

export interface CreateFileResult {
  /** Registered with the object manager, holding the caller's one reference. */
  file: FileObject;
  /** The file (or directory) existed before: OPEN_ALWAYS / CREATE_ALWAYS say ERROR_ALREADY_EXISTS. */
  existed: boolean;
}

const FILE_SHARE_VALID = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

export function pathError(e: WorkspacePathError): number {
  switch (e) {
    case 'invalid-name':
      return ERROR_INVALID_NAME;
    case 'path-not-found':
      return ERROR_PATH_NOT_FOUND;
    case 'not-found':
      return ERROR_FILE_NOT_FOUND;
    case 'bad-netpath':
      return ERROR_BAD_NETPATH;
    case 'access-denied':
      return ERROR_ACCESS_DENIED;
  }
}

export function hostFileError(e: WorkspaceFileError): number {
  switch (e) {
    case 'not-found':
      return ERROR_FILE_NOT_FOUND;
    case 'path-not-found':
      return ERROR_PATH_NOT_FOUND;
    case 'exists':
      return ERROR_FILE_EXISTS;
    case 'is-directory':
    case 'access-denied':
      return ERROR_ACCESS_DENIED;
    case 'disk-full':
      return ERROR_DISK_FULL;
    case 'io':
      return ERROR_GEN_FAILURE;
  }
}

export class FileSystem {
  private readonly fcbs = new Map<string, FileControlBlock>();
  /** Every FCB with refs > 0, named or unlinked (for invariants and the lab's views). */
  private readonly live = new Set<FileControlBlock>();

  constructor(
    private readonly host: HostServices,
    private readonly objects: ObjectManager,
  ) {}

  get fcbCount(): number {
    return this.live.size;
  }

  /** The FCB that currently has this host path as its name, if any file object or section holds it. */
  fcbFor(hostPath: string): FileControlBlock | undefined {
    return this.fcbs.get(hostPath);
  }

  allFcbs(): IterableIterator<FileControlBlock> {
    return this.live.values();
  }

  /** CreateFile. Throws Win32Error with the code Windows gives. */
  createFile(req: CreateFileRequest): CreateFileResult {
    const { disposition, flagsAndAttributes: flags } = req;
    if (!(disposition >= CREATE_NEW && disposition <= TRUNCATE_EXISTING)) fail(ERROR_INVALID_PARAMETER);
    if ((req.shareMode >>> 0) & ~FILE_SHARE_VALID) fail(ERROR_INVALID_PARAMETER);
    const shareMode = req.shareMode >>> 0;
    const deleteOnClose = (flags & FILE_FLAG_DELETE_ON_CLOSE) !== 0;
    const backup = (flags & FILE_FLAG_BACKUP_SEMANTICS) !== 0;
    const overwrite = disposition === CREATE_ALWAYS || disposition === TRUNCATE_EXISTING;

    const entry = this.lookup(req.path);
    const fcb = this.namedFcb(entry);
    if (fcb?.deletePending) fail(ERROR_ACCESS_DENIED); // STATUS_DELETE_PENDING
    const existed = entry.kind !== 'missing';
    if (existed && disposition === CREATE_NEW) fail(ERROR_FILE_EXISTS);
    if (!existed && (disposition === OPEN_EXISTING || disposition === TRUNCATE_EXISTING)) fail(ERROR_FILE_NOT_FOUND);

    const readOnly = entry.kind === 'file' && entry.readOnly;
    const access = grantedFileAccess(req.desiredAccess, { deleteOnClose, readOnly });

    if (entry.kind === 'directory') {
      // STATUS_FILE_IS_A_DIRECTORY; kernel32 says ERROR_PATH_NOT_FOUND when the name ended in "\".
      if (!backup) fail(entry.trailingSeparator ? ERROR_PATH_NOT_FOUND : ERROR_ACCESS_DENIED);
      if (overwrite || deleteOnClose) fail(ERROR_ACCESS_DENIED);
    } else if (entry.trailingSeparator) {
      fail(ERROR_INVALID_NAME);
    }
    if (readOnly && ((access & WRITE_DATA_RIGHTS) !== 0 || overwrite || deleteOnClose)) fail(ERROR_ACCESS_DENIED);

    if (fcb) {
      // An overwrite writes: the file system checks sharing as if FILE_WRITE_DATA had been
      // asked for (FastFAT/NTFS add it for the open and take it away from the handle after).
      const checked = overwrite && existed ? access | FILE_WRITE_DATA : access;
      if (!fcb.share.allows(checked, shareMode)) fail(ERROR_SHARING_VIOLATION);
      if (this.sectionIsWriter(fcb, shareMode)) fail(ERROR_SHARING_VIOLATION);
      if (overwrite && existed && fcb.dataSection && fcb.dataSection.sectionBytes > 0) fail(ERROR_USER_MAPPED_FILE);
    }

    const attributesReadOnly = (flags & FILE_ATTRIBUTE_READONLY) !== 0;
    let target = fcb;
    if (!target) {
      if (entry.kind === 'directory')
        target = this.newFcb(entry.hostPath, req.path, new DirectoryFile(entry.hostPath), true);
      else {
        const opened = this.host.openWorkspaceFile(entry.hostPath, {
          create:
            disposition === CREATE_NEW
              ? 'new'
              : disposition === CREATE_ALWAYS || disposition === OPEN_ALWAYS
                ? 'if-missing'
                : 'never',
          truncate: overwrite && existed,
          readOnly: attributesReadOnly,
        });
        if ('error' in opened) fail(hostFileError(opened.error));
        target = this.newFcb(entry.hostPath, req.path, opened, false);
      }
    } else if (overwrite && existed) {
      target.setSize(0);
    }

    const file = new FileObject(
      target,
      access,
      shareMode,
      {
        writeThrough: (flags & FILE_FLAG_WRITE_THROUGH) !== 0,
        deleteOnClose,
        overlapped: (flags & FILE_FLAG_OVERLAPPED) !== 0,
      },
      (f) => this.cleanup(f),
    );
    if (!this.objects.register(file)) {
      if (target.refs === 0) this.closeFcb(target);
      fail(ERROR_NO_SYSTEM_RESOURCES);
    }
    file.open();
    return { file, existed };
  }

  /** DeleteFile. Windows 10/11 delete with POSIX semantics: the name goes at once, open handles keep the data. */
  deleteFile(path: string): void {
    const entry = this.lookup(path);
    if (entry.kind === 'missing') fail(ERROR_FILE_NOT_FOUND);
    if (entry.kind === 'directory') fail(ERROR_ACCESS_DENIED);
    if (entry.trailingSeparator) fail(ERROR_INVALID_NAME);
    const fcb = this.namedFcb(entry);
    if (fcb?.deletePending) fail(ERROR_ACCESS_DENIED);
    // DeleteFile opens the file for DELETE, sharing everything.
    if (fcb && !fcb.share.allows(DELETE, FILE_SHARE_VALID)) fail(ERROR_SHARING_VIOLATION);
    // Setting the disposition: STATUS_CANNOT_DELETE for a read-only or mapped file.
    if (entry.readOnly) fail(ERROR_ACCESS_DENIED);
    // A file with a section cannot be deleted (MmFlushImageSection / a user-mapped file).
    if (fcb?.dataSection || fcb?.imageSection) fail(ERROR_ACCESS_DENIED);
    const err = this.host.deleteWorkspaceFile(entry.hostPath);
    if (err) fail(hostFileError(err));
    if (fcb) this.unname(fcb);
  }

  /** Checks the table against the FCBs and their share access (the kernel invariant check). */
  checkInvariants(): void {
    for (const [path, fcb] of this.fcbs) {
      if (fcb.hostPath !== path) throw new Error(`FCB ${fcb.hostPath} filed under ${path}`);
      if (!this.live.has(fcb)) throw new Error(`closed FCB ${path} still in the table`);
      if (fcb.unlinked) throw new Error(`unlinked FCB ${path} still in the table`);
    }
    for (const fcb of this.live) {
      if (fcb.refs <= 0) throw new Error(`FCB ${fcb.hostPath} live with ${fcb.refs} references`);
      // Every reference is a file object or the control area of its data section: no leaks.
      const holders = fcb.fileObjects.size + (fcb.dataSection ? 1 : 0);
      if (fcb.refs !== holders)
        throw new Error(
          `FCB ${fcb.hostPath}: ${fcb.refs} references, ${fcb.fileObjects.size} file objects + ${fcb.dataSection ? 1 : 0} section`,
        );
      for (const f of fcb.fileObjects)
        if (f.refs <= 0) throw new Error(`FCB ${fcb.hostPath} held by a deleted file object`);
      if (fcb.openFileObjects < 0 || fcb.openFileObjects > fcb.fileObjects.size)
        throw new Error(`FCB ${fcb.hostPath}: ${fcb.openFileObjects} open of ${fcb.fileObjects.size} file objects`);
      if (fcb.share.openCount > fcb.openFileObjects)
        throw new Error(
          `FCB ${fcb.hostPath}: share access counts ${fcb.share.openCount} opens, ${fcb.openFileObjects} are open`,
        );
      fcb.share.checkInvariants();
      if (!fcb.unlinked && this.fcbs.get(fcb.hostPath) !== fcb)
        throw new Error(`named FCB ${fcb.hostPath} missing from the table`);
    }
  }

  // ---------------------------------------------------------------- internals

  private lookup(path: unknown): WorkspaceEntry {
    if (typeof path !== 'string') fail(ERROR_PATH_NOT_FOUND);
    const r = this.host.lookupWorkspacePath(path);
    if ('error' in r) fail(pathError(r.error));
    return r;
  }

  /**
   * The FCB that has this name. A file removed on the host behind the lab's back leaves its
   * FCB nameless: the name now means a new file.
   */
  private namedFcb(entry: WorkspaceEntry): FileControlBlock | undefined {
    const fcb = this.fcbs.get(entry.hostPath);
    if (fcb && entry.kind === 'missing') {
      this.unname(fcb);
      return undefined;
    }
    return fcb;
  }

  /**
   * An open that does not share write, of a file with a user-writable section (a
   * PAGE_READWRITE section object or a writable view), fails as if that section were an
   * open writer, even when no handle to the file is left. Unlike the share-access rule this
   * holds whatever access the new open asks for, even none (Wine's test_file_sharing, run
   * on Windows: every open without FILE_SHARE_WRITE fails while a PAGE_READWRITE mapping lives).
   */
  private sectionIsWriter(fcb: FileControlBlock, shareMode: number): boolean {
    if (fcb.directory || shareMode & FILE_SHARE_WRITE) return false;
    return fcb.dataSection?.hasWriter === true;
  }

  private newFcb(
    hostPath: string,
    win32Path: string,
    file: import('../host/host.js').BlockFile,
    directory: boolean,
  ): FileControlBlock {
    const fcb = new FileControlBlock(hostPath, win32Path, file, (f) => this.closeFcb(f), directory);
    this.fcbs.set(hostPath, fcb);
    this.live.add(fcb);
    return fcb;
  }

  /** The FCB's last reference went: close the host file; a pending delete happens now. */
  private closeFcb(fcb: FileControlBlock): void {
    this.live.delete(fcb);
    if (this.fcbs.get(fcb.hostPath) === fcb) this.fcbs.delete(fcb.hostPath);
    fcb.file.close();
    if (fcb.deletePending && !fcb.unlinked && !fcb.directory) {
      fcb.unlinked = true;
      this.host.deleteWorkspaceFile(fcb.hostPath);
    }
  }

  /** A file object's last handle closed (NT cleanup). */
  private cleanup(file: FileObject): void {
    const fcb = file.fcb;
    if (file.flags.deleteOnClose) fcb.deletePending = true;
    // With the last open gone a pending delete removes the name now, unless a section
    // still maps the file (then it goes with the FCB's last reference).
    if (fcb.openFileObjects === 0 && fcb.deletePending && !fcb.unlinked && !fcb.directory && !fcb.dataSection) {
      this.host.deleteWorkspaceFile(fcb.hostPath);
      this.unname(fcb);
    }
  }

  private unname(fcb: FileControlBlock): void {
    fcb.unlinked = true;
    if (this.fcbs.get(fcb.hostPath) === fcb) this.fcbs.delete(fcb.hostPath);
  }
}
