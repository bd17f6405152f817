/**
 * WorkingSet: the pages of one process that are resident and mapped valid (NT's working
 * set list). Trimming removes entries chosen by a clock over the accessed bits: a page
 * touched since the hand last passed gets a second chance.
 *
 * Minimum and maximum are NT's defaults (50 and 345 pages) until SetProcessWorkingSetSize
 * changes them. They are soft, as on NT: a working set may grow past its maximum while
 * memory is plentiful; the balance-set manager trims it back when memory runs low, and
 * never below the minimum. Locked pages (VirtualLock) are never trimmed.
 *
 * The list keeps the order pages entered it (a removed entry leaves a hole, squeezed out
 * once holes outnumber entries), so the clock meets pages oldest first: a process that
 * walks a big view sequentially is trimmed sequentially too, and the modified page writer
 * then finds whole runs of neighbouring pages to write in one cluster. (Filling a hole
 * with the newest entry, the cheap alternative, scatters the victims over the view.)
 *
 * Invariant: `index` maps each entry's vpn to its position in `entries`; every other
 * position holds HOLE; `size` = index.size.
 */
const HOLE = -1;

export const DEFAULT_WS_MINIMUM = 50;
export const DEFAULT_WS_MAXIMUM = 345;

export class WorkingSet {
  private entries: number[] = [];
  private readonly index = new Map<number, number>();
  private holes = 0;
  private hand = 0;
  minimum = DEFAULT_WS_MINIMUM;
  maximum = DEFAULT_WS_MAXIMUM;
  peak = 0;
  readonly locked = new Set<number>();

  get size(): number {
    return this.index.size;
  }

  has(vpn: number): boolean {
    return this.index.has(vpn);
  }

  add(vpn: number): void {
    if (this.index.has(vpn)) throw new Error(`vpn ${vpn} already in working set`);
    this.index.set(vpn, this.entries.length);
    this.entries.push(vpn);
    if (this.size > this.peak) this.peak = this.size;
  }

  remove(vpn: number): void {
    const i = this.index.get(vpn);
    if (i === undefined) throw new Error(`vpn ${vpn} not in working set`);
    this.index.delete(vpn);
    this.locked.delete(vpn);
    if (i === this.entries.length - 1) this.entries.pop();
    else {
      this.entries[i] = HOLE;
      if (++this.holes > this.index.size && this.holes > 64) this.compact();
    }
  }

  /** The pages in the working set, oldest first. */
  vpns(): number[] {
    return this.holes === 0 ? this.entries.slice() : this.entries.filter((v) => v !== HOLE);
  }

  /** Squeezes the holes out, keeping the order and the clock hand's place. */
  private compact(): void {
    let hand = 0;
    const kept: number[] = [];
    this.entries.forEach((vpn, i) => {
      if (i === this.hand) hand = kept.length;
      if (vpn === HOLE) return;
      this.index.set(vpn, kept.length);
      kept.push(vpn);
    });
    this.hand = this.hand >= this.entries.length ? kept.length : hand;
    this.entries = kept;
    this.holes = 0;
  }

  /**
   * Picks up to `count` victims with the clock: `wasAccessed(vpn)` tests and clears the
   * accessed bit. Locked pages are skipped. Does not remove them.
   */
  chooseVictims(count: number, wasAccessed: (vpn: number) => boolean): number[] {
    const victims: number[] = [];
    const n = this.entries.length;
    if (this.size === 0 || count <= 0) return victims;
    const chosen = new Set<number>();
    // Two sweeps at most: the first clears accessed bits, the second takes those pages.
    for (let step = 0; step < 2 * n && victims.length < count; step++) {
      if (this.hand >= n) this.hand = 0;
      const vpn = this.entries[this.hand++]!;
      if (vpn === HOLE || this.locked.has(vpn) || chosen.has(vpn)) continue;
      if (wasAccessed(vpn)) continue;
      chosen.add(vpn);
      victims.push(vpn);
    }
    return victims;
  }

  checkInvariants(): void {
    let holes = 0;
    this.entries.forEach((vpn, i) => {
      if (vpn === HOLE) holes++;
      else if (this.index.get(vpn) !== i) throw new Error(`working set index broken at ${vpn}`);
    });
    if (holes !== this.holes) throw new Error(`working set counts ${this.holes} holes, ${holes} found`);
    if (this.index.size + holes !== this.entries.length) throw new Error('working set index size mismatch');
    for (const vpn of this.locked) if (!this.index.has(vpn)) throw new Error(`locked vpn ${vpn} not in working set`);
  }
}
