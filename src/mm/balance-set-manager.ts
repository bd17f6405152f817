/**
 * BalanceSetManager: keeps available memory (zeroed + free + standby) above the floor.
 * When it falls below, it trims working sets above their minimum, largest excess first
 * (trimmed dirty pages go to the modified list), then lets the modified page writer turn
 * modified pages into standby ones. A fault that leaves memory low asks for a balance,
 * which the dispatch loop runs right after answering the requests in hand, so that a
 * process touching memory quickly cannot outrun it; a fault that finds no frame at all
 * balances at once; and a timer runs it otherwise.
 */
import type { MemoryManager } from './memory-manager.js';
import type { ModifiedPageWriter } from './modified-page-writer.js';
import { FrameState } from './pfn-database.js';

export class BalanceSetManager {
  trims = 0;
  pagesTrimmed = 0;

  constructor(
    private readonly mm: MemoryManager,
    private readonly writer: ModifiedPageWriter,
  ) {}

  private wanted = false;

  /** Asks for a balance at the kernel's next quiet moment (after the replies it owes). */
  request(): void {
    this.wanted = true;
  }

  /** Balances if a fault asked for it since the last time. */
  runIfRequested(): void {
    if (!this.wanted) return;
    this.wanted = false;
    this.balance();
  }

  /** True if available memory is below the floor. */
  isLow(): boolean {
    return this.mm.availablePages() < this.mm.lowPages;
  }

  /** Brings available memory back up to twice the floor if it can. */
  balance(): void {
    const mm = this.mm;
    const target = mm.lowPages * 2;
    if (mm.availablePages() >= mm.lowPages && mm.pfn.countOf(FrameState.Modified) < mm.modifiedHighPages) return;
    let need = target - mm.availablePages() - mm.pfn.countOf(FrameState.Modified);
    if (need > 0) {
      const spaces = [...mm.spaces.values()].sort(
        (a, b) => b.workingSet.size - b.workingSet.minimum - (a.workingSet.size - a.workingSet.minimum),
      );
      for (const as of spaces) {
        if (need <= 0) break;
        const n = mm.trimWorkingSet(as, need);
        if (n > 0) this.trims++;
        this.pagesTrimmed += n;
        need -= n;
      }
    }
    mm.shootdown.poll();
    if (mm.availablePages() < target || mm.pfn.countOf(FrameState.Modified) >= mm.modifiedHighPages) {
      this.writer.run(Math.max(target, mm.pfn.countOf(FrameState.Modified)));
    }
  }
}
