/**
 * ControlArea: the one place a section's memory is managed — NT's control area with its
 * segment. A data file has exactly one (found through its FileControlBlock), however
 * many mapping objects and views exist on it, in however many processes; a
 * pagefile-backed section has its own. It counts who keeps it alive (section objects
 * and views), holds the commit charged for it, and is the file's cache: ReadFile and
 * WriteFile on a mapped file go through its frames (FileDataSection), so file I/O and
 * views always agree.
 *
 * Lifetime: created by the first section on a file (or by a pagefile-backed section);
 * deleted when its last section object and last view are gone. Then dirty pages are
 * written to the file (to the host's file cache, not flushed: FlushViewOfFile is what
 * makes data durable), every frame is freed and the charge given back.
 *
 * Invariants: `sectionObjects` >= 0; a file control area is `fcb.dataSection` while it
 * lives and holds one reference on the FCB; `chargedPages` is what it holds of the
 * Sections commit source.
 */
import type { FileControlBlock, FileDataSection } from '../../io/file-control-block.js';
import { PAGE_SIZE } from '../../shared/layout.js';
import type { MemoryManager } from '../memory-manager.js';
import { FrameState, FrameUse } from '../pfn-database.js';
import { PageState } from '../page-table.js';
import type { MappedView } from './mapped-view.js';
import { ProtoState, Segment, type SegmentFile } from './segment.js';
import { readPagesInto } from '../scatter-read.js';

/** Dirty pages written together when a control area is deleted (256 KiB). */
const DESTROY_WRITE_PAGES = 64;

export class ControlArea implements FileDataSection, SegmentFile {
  readonly segment: Segment;
  /** Section objects referring to this control area. */
  sectionObjects = 0;
  /** Section objects created with write access (for the file sharing rules). */
  writableSectionObjects = 0;
  readonly views = new Set<MappedView>();
  /** Pages charged to commit for this control area (pagefile-backed sections). */
  chargedPages = 0;
  /** Dirty pages the host refused to take when the control area was deleted. */
  lostWrites = 0;
  /** Bytes the sections on it cover (a file section is byte-exact, not page-rounded). */
  sectionBytes: number;

  constructor(
    private readonly mm: MemoryManager,
    /** The file, or null for a pagefile-backed section. */
    readonly fcb: FileControlBlock | null,
    bytes: number,
    reserveOnly: boolean,
    /** Where the pages live if not in `fcb` at page * 4096 (an image section: mm/image). */
    segmentFile: SegmentFile | null = null,
  ) {
    this.sectionBytes = bytes;
    this.segment = new Segment(mm.newSegmentId(), Math.ceil(bytes / PAGE_SIZE), segmentFile ?? (fcb ? this : null), reserveOnly);
  }

  get id(): number {
    return this.segment.id;
  }

  get hasWriter(): boolean {
    if (this.writableSectionObjects > 0) return true;
    for (const v of this.views) if (v.writable) return true;
    return false;
  }

  /** True while something keeps the control area alive. */
  get inUse(): boolean {
    return this.sectionObjects > 0 || this.views.size > 0;
  }

  ownsFrame(frame: number): boolean {
    const p = this.mm.pfn;
    return p.use[frame] === FrameUse.Prototype && p.owner[frame] === this.segment.id;
  }

  /** The frame holding a page now (Active or Transition), or -1. */
  residentFrame(page: number): number {
    const st = this.segment.state(page);
    return st === ProtoState.Active || st === ProtoState.Transition ? this.segment.payload(page) : -1;
  }

  // ---------------------------------------------------------------- the file (SegmentFile)

  readPages(firstPage: number, dest: Uint8Array[]): void {
    // An image segment's pages come from its own file layout (prototype faults ask the CA).
    if (this.segment.file && this.segment.file !== this) return this.segment.file.readPages(firstPage, dest);
    if (this.fcb) readPagesInto(this.fcb.file, firstPage * PAGE_SIZE, dest);
    else for (const page of dest) page.fill(0);
  }

  writePage(page: number, src: Uint8Array): void {
    this.writePages(page, [src.subarray(0, PAGE_SIZE)]);
  }

  writePages(firstPage: number, src: Uint8Array[]): void {
    if (!this.fcb) throw new Error('writePages on a pagefile-backed section');
    const offset = firstPage * PAGE_SIZE;
    // A data section may end mid-page, and the file may be shorter than the section's pages.
    let room = this.fcb.size() - offset;
    const clipped: Uint8Array[] = [];
    for (const page of src) {
      if (room <= 0) break;
      clipped.push(room < page.length ? page.subarray(0, room) : page);
      room -= page.length;
    }
    if (clipped.length > 0) this.fcb.file.writev(clipped, offset);
  }

  // ---------------------------------------------------------------- file I/O (FileDataSection)

  read(offset: number, dest: Uint8Array): void {
    this.eachPage(offset, dest.length, (page, inPage, at, n) => {
      const f = this.residentFrame(page);
      if (f >= 0) dest.set(this.mm.frameBytes(f).subarray(inPage, inPage + n), at);
      else {
        const got = this.fcb!.file.read(dest.subarray(at, at + n), offset + at);
        if (got < n) dest.fill(0, at + got, at + n);
      }
    });
  }

  write(offset: number, src: Uint8Array): void {
    this.eachPage(offset, src.length, (page, inPage, at, n) => {
      const f = this.residentFrame(page);
      if (f < 0) {
        this.fcb!.file.write(src.subarray(at, at + n), offset + at);
        return;
      }
      this.mm.frameBytes(f).set(src.subarray(at, at + n), inPage);
      this.markDirty(f);
    });
  }

  flush(offset?: number, length?: number): void {
    const pages =
      offset === undefined || length === undefined
        ? this.segment.usedPages()
        : this.segment.usedPagesIn(Math.floor(offset / PAGE_SIZE), Math.ceil((offset + length) / PAGE_SIZE));
    for (const page of [...pages]) this.writeBackPage(page);
    this.fcb?.file.flush();
  }

  private eachPage(offset: number, length: number, fn: (page: number, inPage: number, at: number, n: number) => void): void {
    let at = 0;
    while (at < length) {
      const pos = offset + at;
      const page = Math.floor(pos / PAGE_SIZE);
      const inPage = pos - page * PAGE_SIZE;
      const n = Math.min(length - at, PAGE_SIZE - inPage);
      fn(page, inPage, at, n);
      at += n;
    }
  }

  /** The kernel wrote into a resident frame: its page now differs from the file. */
  private markDirty(f: number): void {
    const pfn = this.mm.pfn;
    pfn.dirty[f] = 1;
    if (pfn.state[f] === FrameState.Standby) {
      pfn.unlink(f);
      pfn.insertTail(FrameState.Modified, f);
    }
  }

  // ---------------------------------------------------------------- write-back

  /**
   * Collects the dirty bits of every process PTE mapping the page's frame into the PFN.
   * A PTE's bit is cleared only if its worker holds no cached translations (it is in the
   * kernel); otherwise it stays set, so later writes through a cached translation are
   * still written out when that PTE goes.
   */
  private harvestDirty(page: number, f: number): { clear: () => void } {
    const pfn = this.mm.pfn;
    const clears: Array<() => void> = [];
    let keepDirty = false;
    for (const v of this.views) {
      const vpn = v.vpnOf(page);
      if (vpn < 0) continue;
      const pt = v.as.pageTable;
      if (pt.state(vpn) !== PageState.Active || pt.payload(vpn) !== f) continue;
      if (!(pt.hardware(vpn) & 8)) continue;
      pfn.dirty[f] = 1;
      if (this.mm.isQuiescent(v.as.pid)) clears.push(() => pt.clearDirty(vpn));
      else keepDirty = true;
    }
    return {
      clear: () => {
        for (const c of clears) c();
        pfn.dirty[f] = keepDirty ? 1 : 0;
      },
    };
  }

  /**
   * Writes one page back if it is dirty (file sections only; a pagefile-backed page has
   * nowhere to go but the pagefile, which the modified page writer handles). Returns
   * true if it wrote.
   */
  writeBackPage(page: number): boolean {
    if (!this.fcb) return false;
    const f = this.residentFrame(page);
    if (f < 0) return false;
    const pfn = this.mm.pfn;
    const harvest = this.harvestDirty(page, f);
    if (pfn.dirty[f] !== 1) return false;
    this.writePage(page, this.mm.frameBytes(f));
    harvest.clear();
    if (pfn.state[f] === FrameState.Modified && (pfn.dirty[f] as number) === 0) {
      pfn.unlink(f);
      pfn.insertTail(FrameState.Standby, f);
      this.mm.onFramesAvailable();
    }
    return true;
  }

  // ---------------------------------------------------------------- deletion

  /**
   * Gives everything back: writes dirty file pages to the file, frees every frame and
   * pagefile slot of the segment. No view may remain (so no frame is Active).
   */
  destroy(): void {
    if (this.views.size > 0 || this.sectionObjects > 0) throw new Error('control area deleted while in use');
    const seg = this.segment;
    const pfn = this.mm.pfn;
    const run: Array<{ page: number; frame: number }> = [];
    const writeRun = () => {
      if (run.length === 0) return;
      // The last chance to save the pages; if the host refuses, the data is lost (NT's
      // "delayed write failed"), but the kernel must still give everything back.
      try {
        this.writePages(
          run[0]!.page,
          run.map((r) => this.mm.frameBytes(r.frame)),
        );
      } catch {
        this.lostWrites += run.length;
      }
      for (const r of run) this.freeSegmentFrame(r.frame);
      run.length = 0;
    };
    for (const page of [...seg.usedPages()]) {
      const st = seg.state(page);
      if (st === ProtoState.Active) throw new Error(`segment ${seg.id} page ${page} still active at deletion`);
      if (st === ProtoState.Transition) {
        const f = seg.payload(page);
        if (this.fcb && pfn.dirty[f] === 1) {
          // Dirty pages that follow each other in the file go in one write.
          if (run.length > 0 && (run[run.length - 1]!.page !== page - 1 || run.length === DESTROY_WRITE_PAGES)) writeRun();
          run.push({ page, frame: f });
        } else this.freeSegmentFrame(f);
      } else if (st === ProtoState.PagingFile) {
        this.mm.pagingFile.free(seg.payload(page));
      }
      seg.set(page, ProtoState.Backing);
    }
    writeRun();
    // No flush to disk here: like Windows after the last unmap and close, the data is in
    // the host's file cache; FlushViewOfFile and FlushFileBuffers are what make it durable.
  }

  /** Gives a transition frame of the segment back (its pagefile slot too). */
  private freeSegmentFrame(f: number): void {
    const pfn = this.mm.pfn;
    const slot = pfn.pagefileSlot[f]!;
    if (slot >= 0) this.mm.pagingFile.free(slot);
    pfn.unlink(f);
    this.mm.freeFrame(f);
  }
}
