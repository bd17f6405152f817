/**
 * ShareAccess: NT's SHARE_ACCESS record of one file (kept in its FCB) and the rule of
 * IoCheckShareAccess. Only opens that ask for data access take part: read (FILE_READ_DATA
 * or FILE_EXECUTE), write (FILE_WRITE_DATA or FILE_APPEND_DATA) or DELETE. An open that
 * asks only for attributes or SYNCHRONIZE neither checks nor is counted.
 *
 * A new open conflicts when
 *   - it wants read / write / delete and some counted open did not share that, or
 *   - some counted open has read / write / delete access and the new open does not share it.
 *
 * Invariant: every counter is between 0 and openCount; `add` and `remove` are paired by
 * the file object that made the open.
 */
import {
  DELETE,
  FILE_APPEND_DATA,
  FILE_EXECUTE,
  FILE_READ_DATA,
  FILE_SHARE_DELETE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  FILE_WRITE_DATA,
} from '../win32/constants.js';

export interface DataAccess {
  read: boolean;
  write: boolean;
  delete: boolean;
}

/** Which kinds of data access a granted access mask includes (what share checks look at). */
export function dataAccess(access: number): DataAccess {
  return {
    read: (access & (FILE_READ_DATA | FILE_EXECUTE)) !== 0,
    write: (access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) !== 0,
    delete: (access & DELETE) !== 0,
  };
}

export function takesPartInSharing(access: number): boolean {
  const a = dataAccess(access);
  return a.read || a.write || a.delete;
}

export class ShareAccess {
  openCount = 0;
  readers = 0;
  writers = 0;
  deleters = 0;
  sharedRead = 0;
  sharedWrite = 0;
  sharedDelete = 0;

  /** True if an open with `access` and `shareMode` may join the opens already counted. */
  allows(access: number, shareMode: number): boolean {
    if (!takesPartInSharing(access)) return true;
    const a = dataAccess(access);
    const s = this.sharing(shareMode);
    if (a.read && this.sharedRead < this.openCount) return false;
    if (a.write && this.sharedWrite < this.openCount) return false;
    if (a.delete && this.sharedDelete < this.openCount) return false;
    if (this.readers > 0 && !s.read) return false;
    if (this.writers > 0 && !s.write) return false;
    if (this.deleters > 0 && !s.delete) return false;
    return true;
  }

  add(access: number, shareMode: number): void {
    this.update(access, shareMode, 1);
  }

  remove(access: number, shareMode: number): void {
    this.update(access, shareMode, -1);
  }

  checkInvariants(): void {
    for (const v of [this.readers, this.writers, this.deleters, this.sharedRead, this.sharedWrite, this.sharedDelete])
      if (v < 0 || v > this.openCount) throw new Error(`share access counter ${v} outside 0..${this.openCount}`);
  }

  private sharing(shareMode: number): DataAccess {
    return {
      read: (shareMode & FILE_SHARE_READ) !== 0,
      write: (shareMode & FILE_SHARE_WRITE) !== 0,
      delete: (shareMode & FILE_SHARE_DELETE) !== 0,
    };
  }

  private update(access: number, shareMode: number, by: 1 | -1): void {
    if (!takesPartInSharing(access)) return;
    const a = dataAccess(access);
    const s = this.sharing(shareMode);
    this.openCount += by;
    if (a.read) this.readers += by;
    if (a.write) this.writers += by;
    if (a.delete) this.deleters += by;
    if (s.read) this.sharedRead += by;
    if (s.write) this.sharedWrite += by;
    if (s.delete) this.sharedDelete += by;
    if (this.openCount < 0) throw new Error('share access removed below zero');
  }
}
