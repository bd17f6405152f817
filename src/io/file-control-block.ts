/**
 * FileControlBlock: the kernel's one record of an open host file, shared by every file
 * object (handle) opened on it and by its data section (NT: the FCB with its
 * SECTION_OBJECT_POINTERS). It owns the host file (a BlockFile) while anything refers to
 * it, and knows the file's data section control area, if one exists, so that ReadFile
 * and WriteFile go through the same page frames as every mapped view (coherence).
 *
 * Two sides meet here:
 *   io/  (files)    creates FCBs, keeps the open file objects and their share modes,
 *                   and does ReadFile/WriteFile through `dataSection` when it is set;
 *   mm/section/     creates the control area of a file's data section and sets
 *                   `dataSection` for as long as the control area lives.
 *
 * The file system side also keeps here what NT keeps in the FCB: the share access of the
 * open file objects, how many of them are still open (not yet cleaned up), and the
 * delete state (delete pending after FILE_FLAG_DELETE_ON_CLOSE; name already removed
 * after DeleteFile, which on Windows 10/11 uses POSIX semantics).
 *
 * Invariant: `refs` = |fileObjects| + (dataSection ? 1 : 0); the host file is closed when
 * it drops to zero. `openFileObjects` <= |fileObjects|.
 */
import type { BlockFile } from '../host/host.js';
import type { FileObject } from './file-object.js';
import { ShareAccess } from './share-access.js';

/** What the memory manager's control area offers the file system (mm/section implements it). */
export interface FileDataSection {
  /**
   * Reads file bytes [offset, offset + dest.length) as the system sees them: pages resident
   * in the section's frames win over the bytes on disk. The caller clips to the file size.
   */
  read(offset: number, dest: Uint8Array): void;
  /**
   * Writes file bytes: into resident section frames (which become dirty) and straight to
   * disk for pages that are not resident. The caller has grown the file if needed.
   */
  write(offset: number, src: Uint8Array): void;
  /**
   * Writes the dirty resident pages back to the file and makes them durable: all of them,
   * or only those of [offset, offset + length) (a write-through WriteFile).
   */
  flush(offset?: number, length?: number): void;
  /** Bytes covered by the section (a file may not be truncated below this while it lives). */
  readonly sectionBytes: number;
  /** True while a section object created with write access, or a writable view, is alive:
   *  for share checks such a section counts as an open writer. */
  readonly hasWriter: boolean;
}

export class FileControlBlock {
  refs = 0;
  dataSection: FileDataSection | null = null;
  /**
   * The file's image section (mm/image) while one lives: NT keeps it apart from the data
   * section (SECTION_OBJECT_POINTERS.ImageSectionObject). A mapped image cannot be deleted.
   */
  imageSection: object | null = null;
  /** Share access of the file objects that are open (NT's SHARE_ACCESS in the FCB). */
  readonly share = new ShareAccess();
  /** The file objects holding a reference (each holds exactly one until it is deleted). */
  readonly fileObjects = new Set<FileObject>();
  /** File objects whose last handle is still open (NT: open handle count of the FCB). */
  openFileObjects = 0;
  /** FILE_FLAG_DELETE_ON_CLOSE took effect: new opens fail, the file goes with its last open. */
  deletePending = false;
  /** The name has been removed from the workspace (DeleteFile); open handles keep working. */
  unlinked = false;

  constructor(
    /** Canonical host path (the key in the file system's FCB table). */
    readonly hostPath: string,
    /** The Win32 path it was first opened by (for messages and the lab's views). */
    readonly win32Path: string,
    readonly file: BlockFile,
    /** Called once when the last reference goes (the file system closes the host file). */
    private readonly onLastReference: (fcb: FileControlBlock) => void,
    /** A directory (opened with FILE_FLAG_BACKUP_SEMANTICS): no data to read or write. */
    readonly directory = false,
  ) {}

  reference(): void {
    this.refs++;
  }

  dereference(): void {
    if (this.refs <= 0) throw new Error(`FCB ${this.hostPath} dereferenced below zero`);
    if (--this.refs === 0) this.onLastReference(this);
  }

  size(): number {
    return this.file.size();
  }

  /** Grows or shrinks the host file (callers check sections first). */
  setSize(bytes: number): void {
    this.file.setSize(bytes);
  }
}
