/**
 * ModifiedPageWriter: turns dirty frames on the modified list into clean standby frames
 * by writing their pages to the pagefile (private pages). It runs when the modified list
 * grows past its high-water mark or available memory is low, and on a slow timer.
 *
 * Each page keeps its slot after the write (the frame's pagefileSlot), so a page trimmed
 * again without being dirtied goes straight to standby, and a page dirtied again is
 * rewritten into the same slot.
 */
import type { MemoryManager } from './memory-manager.js';
import { FrameState, FrameUse } from './pfn-database.js';

export class ModifiedPageWriter {
  pagesWritten = 0;
  writeOperations = 0;

  constructor(private readonly mm: MemoryManager) {}

  /** Writes up to `maxPages` modified frames; returns how many became standby. */
  run(maxPages: number): number {
    const { pfn, pagingFile } = this.mm;
    let done = 0;
    let f = pfn.first(FrameState.Modified);
    while (f >= 0 && done < maxPages) {
      const next = pfn.next(f);
      if (pfn.use[f] === FrameUse.Private) {
        let slot = pfn.pagefileSlot[f]!;
        if (slot < 0) slot = pagingFile.allocate();
        if (slot < 0) break; // pagefile full: the pages stay modified
        pagingFile.write(slot, this.mm.frameBytes(f));
        this.writeOperations++;
        pfn.pagefileSlot[f] = slot;
        pfn.dirty[f] = 0;
        pfn.unlink(f);
        pfn.insertTail(FrameState.Standby, f);
        done++;
      }
      f = next;
    }
    this.pagesWritten += done;
    if (done > 0) this.mm.onFramesAvailable();
    return done;
  }
}
