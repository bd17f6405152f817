/**
 * MappedView: one view of a section in one address space (NT: the VAD of a mapped view
 * and what it points at). It says where the view is, which page of the segment its first
 * page shows, and how it was mapped. The view holds a reference on the control area, not
 * on the section object: closing the mapping handle after MapViewOfFile leaves the view
 * working (SPEC S11).
 *
 * A copy-on-write view (FILE_MAP_COPY) is charged to commit for its whole size when it is
 * mapped: every page may become a private copy that needs pagefile backing one day. In
 * another view a page made copy-on-write later (VirtualProtect, VirtualAlloc) is charged
 * then, one page at a time, as NT does when it sets the protection.
 */
import { PAGE_SIZE } from '../../shared/layout.js';
import type { AddressSpace } from '../address-space.js';
import { PageState } from '../page-table.js';
import type { Vad } from '../vad.js';
import type { ControlArea } from './control-area.js';

export class MappedView {
  constructor(
    readonly as: AddressSpace,
    readonly vad: Vad,
    readonly controlArea: ControlArea,
    /** Segment page shown at the view's first page. */
    readonly firstPage: number,
    /** Mapped copy-on-write (FILE_MAP_COPY): every page charged when mapped. */
    readonly copyOnWrite: boolean,
    /** Mapped for writing to the section itself (not copy-on-write). */
    readonly writable: boolean,
  ) {}

  /** Pages of a shared view charged one by one when they were made copy-on-write. */
  readonly copyOnWritePages = new Set<number>();

  /** Pages of commit this view holds (CopyOnWrite source). */
  get copyOnWriteCharge(): number {
    return (this.copyOnWrite ? this.pages : 0) + this.copyOnWritePages.size;
  }

  get start(): number {
    return this.vad.start;
  }

  get pages(): number {
    return (this.vad.end - this.vad.start) / PAGE_SIZE;
  }

  /** The segment page a virtual page of this view shows. */
  segmentPage(vpn: number): number {
    return this.firstPage + (vpn - this.vad.start / PAGE_SIZE);
  }

  /** The virtual page at which this view shows segment page `page`, or -1 if it does not. */
  vpnOf(page: number): number {
    const i = page - this.firstPage;
    return i >= 0 && i < this.pages ? this.vad.start / PAGE_SIZE + i : -1;
  }

  /**
   * True if the page is committed as VirtualQuery sees it: a private copy always is; a
   * page still showing the section is if the segment page is (SEC_RESERVE sections).
   */
  isCommitted(vpn: number): boolean {
    const st = this.as.pageTable.state(vpn);
    if (st === PageState.None) return false;
    if (st !== PageState.Prototype && !(st === PageState.Active && this.isShared(vpn))) return true;
    return this.controlArea.segment.isCommitted(this.segmentPage(vpn));
  }

  /** True if the page has left the section: it holds this process's private copy. */
  isPrivateCopy(vpn: number): boolean {
    const st = this.as.pageTable.state(vpn);
    return st !== PageState.None && st !== PageState.Prototype && !this.isShared(vpn);
  }

  /** True if the resident page is the section's frame (not a private copy). */
  isShared(vpn: number): boolean {
    const pt = this.as.pageTable;
    return pt.state(vpn) === PageState.Active && this.controlArea.ownsFrame(pt.payload(vpn));
  }
}
