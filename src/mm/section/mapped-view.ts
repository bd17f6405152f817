/**
 * MappedView: one view of a section in one address space (NT: the VAD of a mapped view
 * and what it points at). It says where the view is, which page of the segment its first
 * page shows, and how it was mapped. The view holds a reference on the control area, not
 * on the section object: closing the mapping handle after MapViewOfFile leaves the view
 * working (SPEC S11).
 *
 * A copy-on-write view (FILE_MAP_COPY) is charged to commit for its whole size when it is
 * mapped: every page may become a private copy that needs pagefile backing one day.
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
    /** Pages of commit charged for a copy-on-write view (0 otherwise). */
    readonly copyOnWriteCharge: number,
    /** Mapped for writing to the section itself (not copy-on-write). */
    readonly writable: boolean,
  ) {}

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

  /** True if the resident page is the section's frame (not a private copy). */
  isShared(vpn: number): boolean {
    const pt = this.as.pageTable;
    return pt.state(vpn) === PageState.Active && this.controlArea.ownsFrame(pt.payload(vpn));
  }
}
