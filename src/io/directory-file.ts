/**
 * DirectoryFile: the BlockFile behind a directory's FCB. A directory handle (CreateFile
 * with FILE_FLAG_BACKUP_SEMANTICS) has no data stream: ReadFile and WriteFile on it fail
 * before they get here, its size is 0, and nothing is opened on the host.
 */
import type { BlockFile } from '../host/host.js';

export class DirectoryFile implements BlockFile {
  constructor(readonly path: string) {}

  read(): number {
    return 0;
  }

  write(): void {
    throw new Error(`${this.path} is a directory`);
  }

  readv(): number {
    return 0;
  }

  writev(): void {
    throw new Error(`${this.path} is a directory`);
  }

  flush(): void {}

  size(): number {
    return 0;
  }

  setSize(): void {
    throw new Error(`${this.path} is a directory`);
  }

  close(): void {}
}
