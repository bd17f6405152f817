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
import { ProtoState, type Segment } from './section/segment.js';

/** Pages of one mapped file written together (NT clusters mapped-file writes to 64 KiB). */
const FILE_WRITE_CLUSTER_PAGES = 16;

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
        // Mapped page writer: the modified pages that follow in the file go in the same
        // write, as NT clusters mapped-file writes (up to 64 KiB here).
        const run = this.fileRun(seg, f);
        let after = next;
        while (after >= 0 && run.includes(after)) after = pfn.next(after);
        try {
          this.writeRun(seg, run);
        } catch {
          // The host refused the write (disk full, file gone): the pages stay modified and
          // are tried again on a later run; NT would report a lost delayed write.
          this.writeFailures++;
          break;
        }
        this.writeOperations++;
        for (const g of run) {
          pfn.dirty[g] = 0;
          pfn.unlink(g);
          pfn.insertTail(FrameState.Standby, g);
        }
        done += run.length;
        f = after;
        continue;
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

  /** `f` and the frames of the pages right after it in its file, while they are modified too. */
  private fileRun(seg: Segment, f: number): number[] {
    const { pfn } = this.mm;
    const run = [f];
    for (let page = pfn.vpn[f]! + 1; run.length < FILE_WRITE_CLUSTER_PAGES && page < seg.pages; page++) {
      if (seg.state(page) !== ProtoState.Transition) break;
      const g = seg.payload(page);
      if (pfn.state[g] !== FrameState.Modified) break;
      run.push(g);
    }
    return run;
  }

  private writeRun(seg: Segment, run: number[]): void {
    const file = seg.file!;
    const first = this.mm.pfn.vpn[run[0]!]!;
    if (run.length === 1 || !file.writePages) {
      run.forEach((g, i) => file.writePage(first + i, this.mm.frameBytes(g)));
      return;
    }
    // One host write for the cluster, straight from the frames.
    file.writePages(
      first,
      run.map((g) => this.mm.frameBytes(g)),
    );
  }
}
