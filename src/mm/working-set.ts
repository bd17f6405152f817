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
 * Invariant: `index` maps each entry's vpn to its position in `entries`.
 */

export const DEFAULT_WS_MINIMUM = 50;
export const DEFAULT_WS_MAXIMUM = 345;

export class WorkingSet {
  private entries: number[] = [];
  private readonly index = new Map<number, number>();
  private hand = 0;
  minimum = DEFAULT_WS_MINIMUM;
  maximum = DEFAULT_WS_MAXIMUM;
  peak = 0;
  readonly locked = new Set<number>();

  get size(): number {
    return this.entries.length;
  }

  has(vpn: number): boolean {
    return this.index.has(vpn);
  }

  add(vpn: number): void {
    if (this.index.has(vpn)) throw new Error(`vpn ${vpn} already in working set`);
    this.index.set(vpn, this.entries.length);
    this.entries.push(vpn);
    if (this.entries.length > this.peak) this.peak = this.entries.length;
  }

  remove(vpn: number): void {
    const i = this.index.get(vpn);
    if (i === undefined) throw new Error(`vpn ${vpn} not in working set`);
    const last = this.entries.pop()!;
    this.index.delete(vpn);
    if (i < this.entries.length) {
      this.entries[i] = last;
      this.index.set(last, i);
    }
    this.locked.delete(vpn);
  }

  vpns(): readonly number[] {
    return this.entries;
  }

  /**
   * Picks up to `count` victims with the clock: `wasAccessed(vpn)` tests and clears the
   * accessed bit. Locked pages are skipped. Does not remove them.
   */
  chooseVictims(count: number, wasAccessed: (vpn: number) => boolean): number[] {
    const victims: number[] = [];
    const n = this.entries.length;
    if (n === 0 || count <= 0) return victims;
    const chosen = new Set<number>();
    // Two sweeps at most: the first clears accessed bits, the second takes those pages.
    for (let step = 0; step < 2 * n && victims.length < count; step++) {
      if (this.hand >= n) this.hand = 0;
      const vpn = this.entries[this.hand++]!;
      if (this.locked.has(vpn) || chosen.has(vpn)) continue;
      if (wasAccessed(vpn)) continue;
      chosen.add(vpn);
      victims.push(vpn);
    }
    return victims;
  }

  checkInvariants(): void {
    if (this.index.size !== this.entries.length) throw new Error('working set index size mismatch');
    this.entries.forEach((vpn, i) => {
      if (this.index.get(vpn) !== i) throw new Error(`working set index broken at ${vpn}`);
    });
    for (const vpn of this.locked) if (!this.index.has(vpn)) throw new Error(`locked vpn ${vpn} not in working set`);
  }
}
