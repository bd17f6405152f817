/**
 * Page faults on mapped views: the process touched a page of a view that it does not
 * have resident (its PTE says "see the section"), or wrote to a copy-on-write page.
 *
 *   segment page Active      another process has it: map the same frame (soft)
 *   segment page Transition  on the standby/modified list: take it back (soft)
 *   segment page Backing     file section: read it from the file, with the following
 *                            pages of the file clustered onto the standby list (hard);
 *                            pagefile section: a zeroed frame (demand-zero)
 *   segment page PagingFile  read its slot (hard)
 *   write, copy-on-write     a private copy for this process only: the page leaves the
 *                            section for good (its protection becomes read-write, as
 *                            VirtualQuery shows on Windows)
 *
 * No fault-around: the pages read ahead stay on the standby list until touched, each
 * touch a soft fault, as on NT. Mapping them with the faulting page (Linux's fault-around)
 * would save those faults but move the counters Windows users see: available memory
 * counts standby pages, not pages in a working set.
 *
 * Contract as FaultHandler.resolve: the process's worker is waiting in the kernel, the
 * page table page exists, protection has been checked; `retry` means no frame now.
 */
import type { AddressSpace } from '../address-space.js';
import type { FaultOutcome } from '../fault-handler.js';
import type { MemoryManager } from '../memory-manager.js';
import { PageState } from '../page-table.js';
import { FrameState, FrameUse } from '../pfn-database.js';
import { afterCopyOnWrite, isCopyOnWrite } from '../protection.js';
import type { Vad } from '../vad.js';
import type { ControlArea } from './control-area.js';
import { ProtoState } from './segment.js';
import { InPageError } from '../in-page-error.js';

/** File pages read together on a hard fault (NT reads up to 16 for mapped files by default). */
const FILE_CLUSTER_PAGES = 16;

const RESOLVED: FaultOutcome = { kind: 'resolved' };
const RETRY: FaultOutcome = { kind: 'retry' };

export class PrototypeFaults {
  constructor(private readonly mm: MemoryManager) {}

  /** Resolves a fault at `vpn` in the view `vad` (state Prototype, or Active on a copy-on-write write). */
  resolve(as: AddressSpace, vad: Vad, vpn: number, write: boolean, protection: number, address: number): FaultOutcome {
    const view = vad.view!;
    const ca = view.controlArea;
    const page = view.segmentPage(vpn);
    const seg = ca.segment;
    if (page >= seg.pages || !seg.isCommitted(page)) {
      as.faults.accessViolation++;
      return { kind: 'exception', code: 0xc0000005, address };
    }
    if (write && isCopyOnWrite(protection)) return this.copyOnWrite(as, ca, page, vpn, protection);
    const f = this.bringIn(as, ca, page);
    if (f < 0) return RETRY;
    this.mm.mapSectionFrame(as, vpn, f, protection);
    return RESOLVED;
  }

  /**
   * Makes segment page `page` resident and returns its frame (Active in the segment; the
   * caller maps it or copies it), or -1 if no frame can be had now.
   */
  private bringIn(as: AddressSpace, ca: ControlArea, page: number): number {
    const { mm } = this;
    const seg = ca.segment;
    switch (seg.state(page)) {
      case ProtoState.Active:
        as.faults.transition++;
        return seg.payload(page);
      case ProtoState.Transition: {
        const f = seg.payload(page);
        mm.pfn.unlink(f);
        seg.set(page, ProtoState.Active, f);
        as.faults.transition++;
        return f;
      }
      case ProtoState.PagingFile: {
        const f = mm.allocateFrame(false);
        if (f < 0) return -1;
        const slot = seg.payload(page);
        mm.onInPageRead();
        mm.readIntoFrame(f, (bytes) => mm.pagingFile.read(slot, bytes));
        mm.pfn.setOwner(f, FrameUse.Prototype, seg.id, page);
        mm.pfn.pagefileSlot[f] = slot;
        seg.set(page, ProtoState.Active, f);
        as.faults.pagefileRead++;
        return f;
      }
      default: {
        const f = mm.allocateFrame(!seg.fileBacked);
        if (f < 0) return -1;
        if (seg.fileBacked) {
          mm.onInPageRead();
          this.readFromFile(ca, page, f);
          as.faults.fileRead++;
        } else as.faults.demandZero++;
        mm.pfn.setOwner(f, FrameUse.Prototype, seg.id, page);
        seg.set(page, ProtoState.Active, f);
        return f;
      }
    }
  }

  /**
   * Reads page `page` into frame `f`, and the following pages of the file that are not in
   * memory into standby frames while memory allows (one read for the whole cluster).
   */
  private readFromFile(ca: ControlArea, page: number, f: number): void {
    const { mm } = this;
    const seg = ca.segment;
    const extra: number[] = [];
    for (let p = page + 1; p < seg.pages && extra.length < FILE_CLUSTER_PAGES - 1; p++) {
      if (seg.state(p) !== ProtoState.Backing) break;
      if (mm.availablePages() <= mm.lowPages) break;
      const g = mm.allocateFrame(false);
      if (g < 0) break;
      extra.push(g);
    }
    const frames = [f, ...extra];
    try {
      // One host read for the cluster, straight into the frames.
      ca.readPages(page, frames.map((g) => mm.frameBytes(g)));
    } catch (e) {
      // Nothing is owned yet: give the frames back and fail the fault.
      for (const g of frames) mm.freeFrame(g);
      throw new InPageError(e);
    }
    extra.forEach((g, i) => {
      const p = page + 1 + i;
      mm.pfn.setOwner(g, FrameUse.Prototype, seg.id, p);
      seg.set(p, ProtoState.Transition, g);
      mm.pfn.insertTail(FrameState.Standby, g);
    });
  }

  /** First write to a copy-on-write page: this process gets its own copy of the page. */
  private copyOnWrite(as: AddressSpace, ca: ControlArea, page: number, vpn: number, protection: number): FaultOutcome {
    const { mm } = this;
    const pt = as.pageTable;
    const copy = mm.allocateFrame(false);
    if (copy < 0) return RETRY;
    const mapped = pt.state(vpn) === PageState.Active;
    let src: number;
    try {
      src = mapped ? pt.payload(vpn) : this.bringIn(as, ca, page);
    } catch (e) {
      mm.freeFrame(copy);
      throw e;
    }
    if (src < 0) {
      mm.freeFrame(copy);
      return RETRY;
    }
    mm.frameBytes(copy).set(mm.frameBytes(src));
    if (mapped) mm.removeResident(as, vpn, false);
    else if (mm.pfn.shareCount[src] === 0) mm.shelveSectionFrame(src);
    const writable = afterCopyOnWrite(protection);
    pt.setProtection(vpn, writable);
    mm.makeResident(as, vpn, copy, writable, true);
    // The copy exists nowhere else: it must be written to the pagefile before reuse.
    mm.pfn.dirty[copy] = 1;
    as.faults.copyOnWrite++;
    return RESOLVED;
  }
}
