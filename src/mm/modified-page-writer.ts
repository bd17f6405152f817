/**
 * ModifiedPageWriter: turns dirty frames on the modified list into clean standby frames
 * by writing their pages out: private pages and pages of pagefile-backed sections to the
 * pagefile, pages of file sections back to their file (NT's mapped page writer — a
 * mapped file's pages never go to the pagefile). Written pages of an image section (a
 * shared section's) go to the pagefile: an image file is never written. It runs when the modified list grows
 * past its high-water mark or available memory is low, and on a slow timer.
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
  /** Writes the host refused (the pages stayed on the modified list). */
  writeFailures = 0;

  constructor(private readonly mm: MemoryManager) {}

  /** Writes up to `maxPages` modified frames; returns how many became standby. */
  run(maxPages: number): number {
    const { pfn, pagingFile } = this.mm;
    let done = 0;
    let f = pfn.first(FrameState.Modified);
    while (f >= 0 && done < maxPages) {
      const next = pfn.next(f);
      const seg = pfn.use[f] === FrameUse.Prototype ? this.mm.segments.get(pfn.owner[f]!) : undefined;
      if (seg?.file && !seg.file.writesToPagefile) {
        try {
          seg.file.writePage(pfn.vpn[f]!, this.mm.frameBytes(f));
        } catch {
          // The host refused the write (disk full, file gone): the page stays modified and
          // is tried again on a later run; NT would report a lost delayed write.
          this.writeFailures++;
          break;
        }
        this.writeOperations++;
        pfn.dirty[f] = 0;
        pfn.unlink(f);
        pfn.insertTail(FrameState.Standby, f);
        done++;
      } else if (pfn.use[f] === FrameUse.Private || seg) {
        let slot = pfn.pagefileSlot[f]!;
        if (slot < 0) slot = pagingFile.allocate();
        if (slot < 0) break; // pagefile full: the pages stay modified
        try {
          pagingFile.write(slot, this.mm.frameBytes(f));
        } catch {
          if (pfn.pagefileSlot[f]! < 0) pagingFile.free(slot);
          this.writeFailures++;
          break;
        }
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
