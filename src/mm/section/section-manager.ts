/**
 * SectionManager: sections and views — the memory side of CreateFileMapping,
 * MapViewOfFile, FlushViewOfFile, UnmapViewOfFile, and VirtualAlloc(MEM_COMMIT) inside a
 * SEC_RESERVE view. The system services (nt/services/section.ts) check arguments the way
 * Windows does and call these; failures that depend on the machine's state (commit
 * limit, no room in the address space) are thrown here as Win32Error.
 *
 *   file ──FCB──► ControlArea (one per file) ◄── SectionObject ◄── handles
 *                    │ Segment: prototype PTEs          ▲
 *                    ▼                                  │ (reference)
 *                  frames ◄──── process PTEs ──── MappedView / Vad, in each process
 *
 * Commit (SPEC section 3): a pagefile-backed section is charged whole at creation
 * (SEC_COMMIT) or page by page when committed (SEC_RESERVE), to the Sections source,
 * and given back when its control area goes; a copy-on-write view is charged whole when
 * mapped (CopyOnWrite source) and given back at unmap; a data-file section charges
 * nothing, the file backs it.
 */
import type { FileControlBlock } from '../../io/file-control-block.js';
import { fail } from '../../nt/win32-error.js';
import { PAGE_SIZE } from '../../shared/layout.js';
import { ALLOCATION_GRANULARITY } from '../../api/settings.js';
import { ERROR_COMMITMENT_LIMIT, ERROR_INVALID_ADDRESS, ERROR_NOT_ENOUGH_MEMORY } from '../../win32/errors.js';
import type { AddressSpace } from '../address-space.js';
import { CommitSource } from '../commit-charge.js';
import type { MemoryManager } from '../memory-manager.js';
import { PageState } from '../page-table.js';
import { FrameUse } from '../pfn-database.js';
import { isWritable } from '../protection.js';
import { VadType, type Vad } from '../vad.js';
import { ControlArea } from './control-area.js';
import { MappedView } from './mapped-view.js';
import { SectionObject } from './section-object.js';
import { ProtoState } from './segment.js';

const pageUp = (a: number) => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;

export interface ViewRequest {
  section: SectionObject;
  /** Page protection of the view's pages (PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY, ...). */
  protection: number;
  copyOnWrite: boolean;
  /** Byte offset in the section (allocation-granularity aligned). */
  offset: number;
  /** Bytes to map (already resolved: never 0). */
  bytes: number;
  /** Requested base address, or 0 for anywhere. */
  base: number;
}

export class SectionManager {
  private readonly fileAreas = new Map<FileControlBlock, ControlArea>();
  private readonly pagefileAreas = new Set<ControlArea>();
  /** Image-section control areas (mm/image), each with what to do when it is deleted. */
  readonly imageAreas = new Map<ControlArea, () => void>();

  constructor(private readonly mm: MemoryManager) {
    mm.unmapAllViews = (as) => this.unmapAll(as);
  }

  /** Every live control area (for the lab's views and the invariant check). */
  controlAreas(): ControlArea[] {
    return [...this.fileAreas.values(), ...this.pagefileAreas, ...this.imageAreas.keys()];
  }

  // ---------------------------------------------------------------- sections

  /** A pagefile-backed section of `bytes` (page-rounded); SEC_COMMIT charges it all now. */
  createPagefileSection(bytes: number, protection: number, attributes: number, reserveOnly: boolean): SectionObject {
    const pages = Math.ceil(bytes / PAGE_SIZE);
    if (!reserveOnly && !this.mm.commit.tryCharge(pages, CommitSource.Sections)) fail(ERROR_COMMITMENT_LIMIT);
    const ca = new ControlArea(this.mm, null, pages * PAGE_SIZE, reserveOnly);
    if (!reserveOnly) ca.chargedPages = pages;
    this.mm.segments.set(ca.id, ca.segment);
    this.pagefileAreas.add(ca);
    return this.newSection(ca, pages * PAGE_SIZE, protection, attributes, false);
  }

  /**
   * A section on a file of `bytes` (byte-exact; the caller has grown the file if needed).
   * The file's control area is made on first use and shared by every later section.
   */
  createFileSection(fcb: FileControlBlock, bytes: number, protection: number, attributes: number, writable: boolean): SectionObject {
    let ca = this.fileAreas.get(fcb);
    if (!ca) {
      ca = new ControlArea(this.mm, fcb, bytes, false);
      fcb.reference();
      fcb.dataSection = ca;
      this.fileAreas.set(fcb, ca);
      this.mm.segments.set(ca.id, ca.segment);
    } else if (bytes > ca.sectionBytes) {
      ca.sectionBytes = bytes;
      ca.segment.grow(Math.ceil(bytes / PAGE_SIZE));
    }
    return this.newSection(ca, bytes, protection, attributes, writable);
  }

  /** The control area of a file, if it has a data section. */
  fileControlArea(fcb: FileControlBlock): ControlArea | undefined {
    return this.fileAreas.get(fcb);
  }

  /** A section object on `ca` (image sections: mm/image makes theirs here too). */
  newSection(ca: ControlArea, bytes: number, protection: number, attributes: number, writable: boolean): SectionObject {
    ca.sectionObjects++;
    if (writable) ca.writableSectionObjects++;
    return new SectionObject(ca, bytes, protection, attributes, () => {
      ca.sectionObjects--;
      if (writable) ca.writableSectionObjects--;
      this.release(ca);
    });
  }

  /** Deletes a control area nothing refers to any more. */
  private release(ca: ControlArea): void {
    if (ca.inUse) return;
    ca.destroy();
    if (ca.chargedPages > 0) this.mm.commit.release(ca.chargedPages, CommitSource.Sections);
    ca.chargedPages = 0;
    this.mm.segments.delete(ca.id);
    if (ca.fcb) {
      this.fileAreas.delete(ca.fcb);
      ca.fcb.dataSection = null;
      ca.fcb.dereference();
    } else this.pagefileAreas.delete(ca);
    const onImageDeleted = this.imageAreas.get(ca);
    if (onImageDeleted) {
      this.imageAreas.delete(ca);
      onImageDeleted();
    }
  }

  // ---------------------------------------------------------------- views

  /** Maps a view; returns its base address. */
  mapView(as: AddressSpace, r: ViewRequest): number {
    const length = pageUp(r.bytes);
    const { minAddress, maxAddress } = as.layout;
    let base = r.base;
    if (base === 0) {
      base = as.vads.findFree(length, ALLOCATION_GRANULARITY, minAddress, maxAddress + 1, false);
      if (base < 0) fail(ERROR_NOT_ENOUGH_MEMORY);
    } else if (base < minAddress || base + length - 1 > maxAddress || !as.vads.isFree(base, base + length)) {
      fail(ERROR_INVALID_ADDRESS);
    }
    const charge = r.copyOnWrite ? length / PAGE_SIZE : 0;
    if (charge > 0 && !this.mm.commit.tryCharge(charge, CommitSource.CopyOnWrite)) fail(ERROR_COMMITMENT_LIMIT);
    as.copyOnWriteCommit += charge;
    const vad: Vad = {
      start: base,
      end: base + length,
      type: VadType.Mapped,
      allocationProtect: r.protection,
      committedPages: 0,
      lockedPages: new Set(),
    };
    const ca = r.section.controlArea;
    const view = new MappedView(as, vad, ca, r.offset / PAGE_SIZE, r.copyOnWrite, isWritable(r.protection));
    vad.view = view;
    as.vads.insert(vad);
    const pt = as.pageTable;
    for (let vpn = base / PAGE_SIZE; vpn < (base + length) / PAGE_SIZE; vpn++) pt.setSoft(vpn, PageState.Prototype, r.protection);
    ca.views.add(view);
    return base;
  }

  /**
   * Unmaps the view `vad` of `as`. The caller guarantees the process holds no cached
   * translations (it is in the kernel, or its worker is gone).
   */
  unmapView(as: AddressSpace, vad: Vad): void {
    const view = vad.view;
    if (!view) throw new Error('unmapView of a VAD that is not a view');
    // Shares this process still holds through earlier shootdown batches go first: the
    // control area may be deleted below.
    this.mm.shootdown.releaseAll(as.pid);
    const pt = as.pageTable;
    for (const vpn of [...pt.softPagesIn(vad.start / PAGE_SIZE, vad.end / PAGE_SIZE)]) {
      if (pt.state(vpn) === PageState.Active) this.mm.removeResident(as, vpn, false);
      else this.mm.discardPage(as, vpn);
      pt.setSoft(vpn, PageState.None, 0);
    }
    as.vads.remove(vad);
    const charge = view.copyOnWriteCharge;
    if (charge > 0) this.mm.commit.release(charge, CommitSource.CopyOnWrite);
    as.copyOnWriteCommit -= charge;
    view.controlArea.views.delete(view);
    this.release(view.controlArea);
  }

  private unmapAll(as: AddressSpace): void {
    for (const vad of [...as.vads.all]) if (vad.view) this.unmapView(as, vad);
  }

  /**
   * Pages of a view are about to become copy-on-write (VirtualProtect, VirtualAlloc):
   * charges one page of commit for each not charged yet, all or nothing.
   */
  chargeCopyOnWrite(as: AddressSpace, vad: Vad, vpns: number[]): void {
    const view = vad.view!;
    if (view.copyOnWrite) return;
    // Pages already copied were charged when they became copy-on-write.
    const fresh = vpns.filter((v) => !view.copyOnWritePages.has(v) && (as.pageTable.state(v) === PageState.Prototype || view.isShared(v)));
    if (fresh.length === 0) return;
    if (!this.mm.commit.tryCharge(fresh.length, CommitSource.CopyOnWrite)) fail(ERROR_COMMITMENT_LIMIT);
    for (const v of fresh) view.copyOnWritePages.add(v);
    as.copyOnWriteCommit += fresh.length;
  }

  /** FlushViewOfFile: writes the dirty pages of [start, end) of a view to its file, durably. */
  flushView(as: AddressSpace, vad: Vad, start: number, end: number): void {
    const view = vad.view!;
    const ca = view.controlArea;
    if (!ca.fcb) return;
    for (let vpn = start / PAGE_SIZE; vpn < end / PAGE_SIZE; vpn++) ca.writeBackPage(view.segmentPage(vpn));
    ca.fcb.file.flush();
  }

  /**
   * VirtualAlloc(MEM_COMMIT) inside a view of a pagefile-backed section: commits the pages
   * for the section (SEC_RESERVE), so every view in every process sees them committed.
   * Charged page by page to the Sections source; a SEC_COMMIT section has nothing to do.
   */
  commitInView(vad: Vad, start: number, end: number): void {
    const view = vad.view!;
    const ca = view.controlArea;
    const seg = ca.segment;
    let fresh = 0;
    for (let vpn = start / PAGE_SIZE; vpn < end / PAGE_SIZE; vpn++) if (!seg.isCommitted(view.segmentPage(vpn))) fresh++;
    if (fresh > 0 && !this.mm.commit.tryCharge(fresh, CommitSource.Sections)) fail(ERROR_COMMITMENT_LIMIT);
    ca.chargedPages += fresh;
    for (let vpn = start / PAGE_SIZE; vpn < end / PAGE_SIZE; vpn++) seg.commit(view.segmentPage(vpn));
  }

  // ---------------------------------------------------------------- audits

  /**
   * Checks the section invariants: prototype frames point back at their segment page,
   * share counts equal the process PTEs mapping the frame plus shares still held by TLB
   * shootdown batches, commit sources add up. Throws on the first broken rule.
   */
  checkInvariants(): void {
    const { pfn } = this.mm;
    let sections = 0;
    let cow = 0;
    const shares = new Map<number, number>();
    for (const ca of this.controlAreas()) {
      sections += ca.chargedPages;
      if (this.mm.segments.get(ca.id) !== ca.segment) throw new Error(`segment ${ca.id} not registered`);
      if (!ca.inUse) throw new Error(`control area ${ca.id} alive with no section or view`);
      for (const page of ca.segment.usedPages()) {
        const st = ca.segment.state(page);
        if (st === ProtoState.PagingFile) {
          if (!this.mm.pagingFile.isAllocated(ca.segment.payload(page))) throw new Error(`segment ${ca.id} page ${page}: slot not allocated`);
          continue;
        }
        const f = ca.segment.payload(page);
        if (pfn.use[f] !== FrameUse.Prototype || pfn.owner[f] !== ca.id || pfn.vpn[f] !== page)
          throw new Error(`segment ${ca.id} page ${page}: frame ${f} does not point back`);
        if (st === ProtoState.Active) shares.set(f, 0);
        else if (pfn.shareCount[f] !== 0) throw new Error(`segment ${ca.id} page ${page}: transition frame ${f} has ${pfn.shareCount[f]} shares`);
      }
      for (const v of ca.views) {
        cow += v.copyOnWriteCharge;
        const pt = v.as.pageTable;
        for (const vpn of pt.softPagesIn(v.start / PAGE_SIZE, v.start / PAGE_SIZE + v.pages)) {
          if (pt.state(vpn) !== PageState.Active) continue;
          const f = pt.payload(vpn);
          if (pfn.use[f] !== FrameUse.Prototype) continue;
          if (!ca.ownsFrame(f) || ca.segment.payload(v.segmentPage(vpn)) !== f || ca.segment.state(v.segmentPage(vpn)) !== ProtoState.Active)
            throw new Error(`pid ${v.as.pid} vpn ${vpn}: maps frame ${f}, not its segment page's`);
          shares.set(f, (shares.get(f) ?? 0) + 1);
        }
      }
    }
    for (const [f, n] of shares) {
      const held = this.mm.shootdown.heldShares(f);
      if (pfn.shareCount[f] !== n + held) throw new Error(`frame ${f}: share count ${pfn.shareCount[f]}, but ${n} PTEs and ${held} pending`);
    }
    if (sections !== this.mm.commit.sourceTotal(CommitSource.Sections))
      throw new Error(`section commit ${this.mm.commit.sourceTotal(CommitSource.Sections)} != ${sections} charged by control areas`);
    if (cow !== this.mm.commit.sourceTotal(CommitSource.CopyOnWrite))
      throw new Error(`copy-on-write commit ${this.mm.commit.sourceTotal(CommitSource.CopyOnWrite)} != ${cow} charged by views`);
  }
}
