/**
 * Segment: what a section's memory holds, page by page — NT's prototype PTEs. Every view
 * of the section, in any process, finds a page's contents here, so all views share one
 * set of frames (coherence):
 *
 *   Backing     the page is not in memory: for a file segment its bytes are in the file
 *               at page * 4096 (zero beyond the end); for a pagefile-backed segment it
 *               was never written (demand-zero)
 *   Active      in a frame (payload) that one or more processes map; the frame's share
 *               count says how many
 *   Transition  in a frame (payload) on the standby or modified list, mapped by nobody:
 *               the next touch takes it back (a soft fault)
 *   PagingFile  pagefile-backed segments only: the page's only copy is in a pagefile
 *               slot (payload)
 *
 * Pagefile-backed sections created with SEC_RESERVE also keep a commit bit per page:
 * an uncommitted page cannot be touched until VirtualAlloc(MEM_COMMIT) commits it for
 * every view at once.
 *
 * Invariants: an Active or Transition page's frame has use Prototype, owner = this
 * segment's id and vpn = the page index; a PagingFile page's slot is allocated.
 */
import { PageEntries } from '../page-entries.js';

export const ProtoState = {
  Backing: 0,
  Active: 1,
  Transition: 2,
  PagingFile: 3,
} as const;
export type ProtoState = (typeof ProtoState)[keyof typeof ProtoState];

/** Reads and writes a file segment's pages in its file (the control area provides it). */
export interface SegmentFile {
  /**
   * Reads pages `firstPage`, `firstPage + 1`, ... into `dest` (one 4096-byte buffer per
   * page, usually frames of the pool); bytes past the end of file read as zero.
   */
  readPages(firstPage: number, dest: Uint8Array[]): void;
  /** Writes one page back, clipped to the file's size (a data section may end mid-page). */
  writePage(page: number, src: Uint8Array): void;
  /**
   * Writes consecutive pages from `firstPage` on (one 4096-byte buffer each, usually
   * frames) in one host write, clipped to the file's size (the mapped page writer's
   * clustered write). Optional.
   */
  writePages?(firstPage: number, src: Uint8Array[]): void;
  /**
   * True for an image segment (mm/image): its pages are read from the file but a page
   * written in memory (a shared section) goes to the pagefile, never back to the file.
   */
  readonly writesToPagefile?: boolean;
}

export class Segment {
  private readonly entries = new PageEntries();
  /** SEC_RESERVE segments: one byte per page, 1 = committed. Null: every page committed. */
  private commitBits: Uint8Array | null;
  /** Pages committed in a SEC_RESERVE segment (charged to commit). */
  committedPages = 0;

  constructor(
    readonly id: number,
    /** Size in pages; a file segment grows when a larger section is created on the file. */
    public pages: number,
    /** The file the pages live in, or null for a pagefile-backed segment. */
    readonly file: SegmentFile | null,
    reserveOnly: boolean,
  ) {
    this.commitBits = reserveOnly ? new Uint8Array(pages) : null;
  }

  get fileBacked(): boolean {
    return this.file !== null;
  }

  get reserveOnly(): boolean {
    return this.commitBits !== null;
  }

  state(page: number): ProtoState {
    return this.entries.state(page) as ProtoState;
  }

  /** The frame (Active, Transition) or slot (PagingFile) of a page. */
  payload(page: number): number {
    return this.entries.payload(page);
  }

  set(page: number, state: ProtoState, payload = 0): void {
    this.entries.set(page, state, 0, payload);
  }

  isCommitted(page: number): boolean {
    return this.commitBits === null || this.commitBits[page] === 1;
  }

  /** Marks a SEC_RESERVE page committed; returns false if it already was. */
  commit(page: number): boolean {
    if (!this.commitBits || this.commitBits[page] === 1) return false;
    this.commitBits[page] = 1;
    this.committedPages++;
    return true;
  }

  /** Grows a file segment (a larger section was created on the same file). */
  grow(pages: number): void {
    if (pages <= this.pages) return;
    if (this.commitBits) {
      const bits = new Uint8Array(pages);
      bits.set(this.commitBits);
      this.commitBits = bits;
    }
    this.pages = pages;
  }

  /** Pages not in the Backing state, ascending (for teardown and audits). */
  usedPages(): Generator<number> {
    return this.entries.used();
  }

  usedPagesIn(from: number, to: number): Generator<number> {
    return this.entries.usedIn(from, to);
  }
}
