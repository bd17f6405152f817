/**
 * ZeroPageWorker: in idle time, zeroes frames on the free list and moves them to the
 * zeroed list, so that demand-zero faults find a zeroed frame without paying for it.
 */
import type { MemoryManager } from './memory-manager.js';
import { FrameState } from './pfn-database.js';

export class ZeroPageWorker {
  constructor(private readonly mm: MemoryManager) {}

  /** Zeroes up to `maxPages` free frames; returns how many. */
  run(maxPages: number): number {
    const { pfn } = this.mm;
    let n = 0;
    while (n < maxPages) {
      const f = pfn.removeHead(FrameState.Free);
      if (f < 0) break;
      this.mm.frameBytes(f).fill(0);
      pfn.insertTail(FrameState.Zeroed, f);
      n++;
    }
    return n;
  }
}
