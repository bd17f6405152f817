/**
 * FileObject: what a file handle refers to (NT's FILE_OBJECT): one open of a file, with
 * the access it was granted, the sharing it allows others, its own file position and the
 * CreateFile flags that act per open (write-through, delete-on-close). Every open of the
 * same host file shares one FileControlBlock; duplicated or inherited handles share one
 * FileObject, and so its position.
 *
 * Life cycle, as in NT:
 *   open()               joins the FCB: a reference, the share access, the open count
 *   last handle closed   cleanup: share access released, delete-on-close takes effect
 *   last reference gone  the FCB reference is dropped (the host file closes with the last)
 *
 * Invariant: cleanup runs at most once and only after open(); the FCB reference is held
 * from open() to onDelete().
 */
import { KernelObject } from '../ob/object.js';
import type { FileControlBlock } from './file-control-block.js';

/** Nonpaged pool of one open: FILE_OBJECT + object header (~0x100) and its share of FCB/CCB. */
export const FILE_OBJECT_POOL_BYTES = 0x200;

export interface FileObjectFlags {
  /** FILE_FLAG_WRITE_THROUGH: WriteFile returns only when the data is on disk. */
  writeThrough: boolean;
  /** FILE_FLAG_DELETE_ON_CLOSE: the file goes when the last open of it closes. */
  deleteOnClose: boolean;
  /**
   * FILE_FLAG_OVERLAPPED: asynchronous I/O. Every ReadFile/WriteFile names its offset in an
   * OVERLAPPED and the file pointer is not used (here the I/O completes at once).
   */
  overlapped: boolean;
}

/** What the file system does when a file object is cleaned up (its last handle closed). */
export type FileObjectCleanup = (file: FileObject) => void;

export class FileObject extends KernelObject {
  readonly typeName = 'File';
  readonly poolBytes = FILE_OBJECT_POOL_BYTES;
  /** Byte offset of the next ReadFile / WriteFile (NT: CurrentByteOffset). */
  position = 0;
  private opened = false;
  private cleanedUp = false;

  constructor(
    readonly fcb: FileControlBlock,
    /** Granted FILE_* rights, generic rights already mapped. */
    readonly access: number,
    /** FILE_SHARE_* this open allows others. */
    readonly shareMode: number,
    readonly flags: FileObjectFlags,
    private readonly cleanup: FileObjectCleanup,
  ) {
    super();
  }

  get isDirectory(): boolean {
    return this.fcb.directory;
  }

  /** Joins the FCB (call once, after the object manager has registered the object). */
  open(): void {
    if (this.opened) throw new Error('file object opened twice');
    this.opened = true;
    this.fcb.reference();
    this.fcb.fileObjects.add(this);
    this.fcb.share.add(this.access, this.shareMode);
    this.fcb.openFileObjects++;
  }

  override onLastHandleClosed(): void {
    this.close();
  }

  override onDelete(): void {
    this.close();
    if (!this.opened) return;
    this.fcb.fileObjects.delete(this);
    this.fcb.dereference();
  }

  private close(): void {
    if (!this.opened || this.cleanedUp) return;
    this.cleanedUp = true;
    this.fcb.share.remove(this.access, this.shareMode);
    this.fcb.openFileObjects--;
    this.cleanup(this);
  }
}
