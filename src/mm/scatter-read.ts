/**
 * Scatter reads of whole pages: one host read of consecutive file pages straight into
 * their frames (a hard fault's cluster), with what lies past the end of the file read as
 * zeros, as a page beyond end of file is on Windows. Used for mapped files (ControlArea)
 * and the pagefile (PagingFile).
 */
import type { BlockFile } from '../host/host.js';

/** Reads `pages` (4096-byte buffers, usually frames) from `offset` on; past the end of file they are zero. */
export function readPagesInto(file: BlockFile, offset: number, pages: Uint8Array[]): void {
  let got = file.readv(pages, offset);
  for (const page of pages) {
    if (got < page.length) page.fill(0, Math.max(0, got));
    got -= page.length;
  }
}
