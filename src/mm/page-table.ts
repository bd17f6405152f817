/**
 * PageTable: one process's translations, in two halves.
 *
 * Hardware half (shared with the process's worker): the three-level table of
 * shared/layout.ts, whose directory and table pages are frames of the pool, charged to
 * commit and counted as page-table frames. A valid PTE is what the worker's MMU may use.
 *
 * Software half (kernel only): for every virtual page, what the kernel knows when the
 * hardware PTE cannot say it: the page's state (demand-zero, active, transition, in the
 * pagefile, or "see the section" for a mapped view), its protection (PAGE_*), and a
 * payload (frame or pagefile slot). NT keeps this inside invalid PTEs; we keep it beside
 * them so the worker's format stays simple.
 *
 * Invariant: a hardware PTE is valid only if the software state is Active, and then it
 * names the same frame.
 */
import { PageEntries } from './page-entries.js';
import { PTES_PER_PAGE, TOP_SPAN_PAGES, PTE_VALID, PTE_DIRTY, makePte, pteFrame, PAGE_SIZE } from '../shared/layout.js';

export const PageState = {
  /** Not committed (reserved or free: the VAD says which). */
  None: 0,
  /** Committed, never touched: the first touch gets a zeroed frame. */
  DemandZero: 1,
  /** Resident, in the working set; payload = frame. */
  Active: 2,
  /** Trimmed but still in a frame on the standby/modified/pending list; payload = frame. */
  Transition: 3,
  /** Only copy is in the pagefile; payload = slot. */
  PagingFile: 4,
  /**
   * A page of a mapped view that this process does not have resident: its contents are
   * whatever the section's prototype PTE says (NT: a PTE pointing at the prototype PTE).
   */
  Prototype: 5,
} as const;
export type PageState = (typeof PageState)[keyof typeof PageState];

/** Frame provider for page-table pages (allocation, zeroing, commit) — the memory manager. */
export interface PageTableFrameSource {
  /** Returns a zero-filled frame for a page-table page, or -1 if none can be had now. */
  allocatePageTableFrame(pid: number): number;
}

export class PageTable {
  readonly top: Int32Array;
  /** Software PTEs: state, protection, payload per virtual page. */
  private readonly soft = new PageEntries();
  /** Page-table and directory frames owned by this table (freed when the process ends). */
  readonly tableFrames: number[] = [];

  constructor(
    readonly pid: number,
    readonly topBuffer: SharedArrayBuffer,
    private readonly pool32: Int32Array,
  ) {
    this.top = new Int32Array(topBuffer);
  }

  // ---- software half ----

  state(vpn: number): PageState {
    return this.soft.state(vpn) as PageState;
  }

  protection(vpn: number): number {
    return this.soft.protection(vpn);
  }

  payload(vpn: number): number {
    return this.soft.payload(vpn);
  }

  setSoft(vpn: number, state: PageState, protection: number, payload = 0): void {
    this.soft.set(vpn, state, protection, payload);
  }

  setState(vpn: number, state: PageState, payload = 0): void {
    this.setSoft(vpn, state, this.protection(vpn), payload);
  }

  setProtection(vpn: number, protection: number): void {
    this.setSoft(vpn, this.state(vpn), protection, this.payload(vpn));
  }

  // ---- hardware half ----

  /** Index into pool32 of the PTE for vpn, or -1 if its table page does not exist. */
  pteIndex(vpn: number): number {
    const pde0 = this.top[Math.floor(vpn / TOP_SPAN_PAGES)]!;
    if (!(pde0 & PTE_VALID)) return -1;
    const pde1 = this.pool32[pteFrame(pde0) * PTES_PER_PAGE + (Math.floor(vpn / PTES_PER_PAGE) & (PTES_PER_PAGE - 1))]!;
    if (!(pde1 & PTE_VALID)) return -1;
    return pteFrame(pde1) * PTES_PER_PAGE + (vpn & (PTES_PER_PAGE - 1));
  }

  /**
   * Makes sure the directory and table pages for vpn exist. Returns false if a frame for
   * them could not be had (the caller retries later or fails the operation).
   */
  ensureTable(vpn: number, frames: PageTableFrameSource): boolean {
    const ti = Math.floor(vpn / TOP_SPAN_PAGES);
    if (!(this.top[ti]! & PTE_VALID)) {
      const f = frames.allocatePageTableFrame(this.pid);
      if (f < 0) return false;
      this.tableFrames.push(f);
      Atomics.store(this.top, ti, makePte(f, true));
    }
    const di = pteFrame(this.top[ti]!) * PTES_PER_PAGE + (Math.floor(vpn / PTES_PER_PAGE) & (PTES_PER_PAGE - 1));
    if (!(this.pool32[di]! & PTE_VALID)) {
      const f = frames.allocatePageTableFrame(this.pid);
      if (f < 0) return false;
      this.tableFrames.push(f);
      Atomics.store(this.pool32, di, makePte(f, true));
    }
    return true;
  }

  /** The hardware PTE value (0 if no table). */
  hardware(vpn: number): number {
    const i = this.pteIndex(vpn);
    return i < 0 ? 0 : Atomics.load(this.pool32, i);
  }

  /** Publishes a valid translation. The table must exist. */
  setValid(vpn: number, frame: number, writable: boolean): void {
    const i = this.pteIndex(vpn);
    if (i < 0) throw new Error(`no page table for vpn ${vpn}`);
    Atomics.store(this.pool32, i, makePte(frame, writable));
  }

  /** Clears the hardware PTE and returns what it held (so the caller sees the dirty bit). */
  invalidate(vpn: number): number {
    const i = this.pteIndex(vpn);
    return i < 0 ? 0 : Atomics.exchange(this.pool32, i, 0);
  }

  /** Drops write permission (keeps the entry valid); returns the old entry. */
  writeProtect(vpn: number): number {
    const i = this.pteIndex(vpn);
    if (i < 0) return 0;
    for (;;) {
      const old = Atomics.load(this.pool32, i);
      if (Atomics.compareExchange(this.pool32, i, old, old & ~2) === old) return old;
    }
  }

  /** Clears the dirty bit (after the page was written back; the worker must hold no cached translation). */
  clearDirty(vpn: number): void {
    const i = this.pteIndex(vpn);
    if (i >= 0) Atomics.and(this.pool32, i, ~PTE_DIRTY);
  }

  /** Clears the accessed bit; returns whether it was set (working-set aging). */
  testAndClearAccessed(vpn: number): boolean {
    const i = this.pteIndex(vpn);
    if (i < 0) return false;
    for (;;) {
      const old = Atomics.load(this.pool32, i);
      if (!(old & 4)) return false;
      if (Atomics.compareExchange(this.pool32, i, old, old & ~4) === old) return true;
    }
  }

  /** Every vpn with software state other than None, in ascending order (for teardown and audits). */
  softPages(): Generator<number> {
    return this.soft.used();
  }

  /** softPages() restricted to [fromVpn, toVpn). */
  softPagesIn(fromVpn: number, toVpn: number): Generator<number> {
    return this.soft.usedIn(fromVpn, toVpn);
  }

  static byteAddress(vpn: number): number {
    return vpn * PAGE_SIZE;
  }
}
