/**
 * PageEntries: a sparse array of software page entries, one per page index — what NT
 * keeps in invalid PTEs and prototype PTEs. Each entry has a small state (0 is the
 * default every untouched page has), a protection (PAGE_* bits) and a payload (a frame
 * number or a pagefile slot). Storage grows in chunks of 1024 pages, so a 1 GiB view or
 * a 4 GiB file section costs nothing until its pages are used.
 *
 * Used by the software half of PageTable (per process) and by Segment (prototype PTEs).
 */

const CHUNK = 1024;

export class PageEntries {
  /** By chunk: [2*i] = state + protection * 256, [2*i+1] = payload. */
  private readonly chunks = new Map<number, Float64Array>();

  private chunk(index: number, create: boolean): Float64Array | undefined {
    const key = Math.floor(index / CHUNK);
    let c = this.chunks.get(key);
    if (!c && create) {
      c = new Float64Array(CHUNK * 2);
      this.chunks.set(key, c);
    }
    return c;
  }

  state(index: number): number {
    const c = this.chunk(index, false);
    return c ? c[(index % CHUNK) * 2]! % 256 : 0;
  }

  protection(index: number): number {
    const c = this.chunk(index, false);
    return c ? Math.floor(c[(index % CHUNK) * 2]! / 256) : 0;
  }

  payload(index: number): number {
    const c = this.chunk(index, false);
    return c ? c[(index % CHUNK) * 2 + 1]! : 0;
  }

  set(index: number, state: number, protection: number, payload = 0): void {
    const c = this.chunk(index, true)!;
    const i = (index % CHUNK) * 2;
    c[i] = state + protection * 256;
    c[i + 1] = payload;
  }

  /** Every index whose state is not the default (0), ascending. */
  *used(): Generator<number> {
    const keys = [...this.chunks.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      const c = this.chunks.get(k)!;
      for (let i = 0; i < CHUNK; i++) if (c[i * 2]! % 256 !== 0) yield k * CHUNK + i;
    }
  }

  /** Every index in [from, to) whose state is not the default, ascending. */
  *usedIn(from: number, to: number): Generator<number> {
    for (let k = Math.floor(from / CHUNK); k * CHUNK < to; k++) {
      const c = this.chunks.get(k);
      if (!c) continue;
      const lo = Math.max(from, k * CHUNK);
      const hi = Math.min(to, (k + 1) * CHUNK);
      for (let i = lo; i < hi; i++) if (c[(i - k * CHUNK) * 2]! % 256 !== 0) yield i;
    }
  }
}
