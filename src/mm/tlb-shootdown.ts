/**
 * TlbShootdown: no frame is reused while a worker may still hold a cached translation.
 *
 * A process worker caches translations (its TLB) between kernel entries and drops them
 * all at every entry (fault, system call) and whenever it notices a flush request (it
 * checks at every memory access). When the kernel takes a page away from a
 * process whose worker is running user code, the frame cannot go to the standby,
 * modified or free list at once: the worker could still read or write it through a stale
 * translation. It waits in the PendingFlush state, in a batch stamped with the worker's
 * kernel-entry count, until that count has moved (the worker passed a quiescent point,
 * RCU-style) or the worker is gone. A worker that is inside the kernel holds no
 * translations, so pages taken from it are released at once.
 *
 * A section page shared by several processes stays Active while any process maps it, so
 * taking it from one process cannot park the frame on a list. Instead the share that
 * process held is dropped late: the batch keeps the frame's share count up until the
 * worker has passed a quiescent point, so the frame cannot reach the standby or modified
 * list (and be written out or reused) while a stale translation may still write to it.
 *
 * A batch stays open for more frames only while the worker's entry count is what it was
 * when the batch opened: the kernel thread trims while the worker runs, so the worker may
 * pass a quiescent point in the middle of a trim and then cache translations of pages the
 * trim has not reached yet; a frame retired after that point goes into a new batch.
 *
 * Invariants: every PendingFlush frame belongs to exactly one batch; every share held by
 * a batch is counted in its frame's share count.
 */
import { FrameState, type PfnDatabase } from './pfn-database.js';

/** What the kernel knows about a process's worker thread. */
export interface CpuMonitor {
  /** True if the worker is inside the kernel (or not running user code at all). */
  quiescentNow(pid: number): boolean;
  /** The worker's kernel-entry count. */
  entries(pid: number): number;
  /** Asks the worker to drop its translations soon. */
  requestFlush(pid: number): void;
}

interface Batch {
  id: number;
  pid: number;
  entries: number;
  frames: number[];
  /** Section frames whose share (held by this worker's old translation) drops at release. */
  shares: number[];
}

export type ListTarget = typeof FrameState.Free | typeof FrameState.Standby | typeof FrameState.Modified;

export class TlbShootdown {
  private batches: Batch[] = [];
  private open = new Map<number, Batch>();
  private nextId = 1;
  /** The batch each PendingFlush frame waits in (a frame can be re-retired after a soft fault). */
  private readonly batchOf: Int32Array;

  constructor(
    private readonly pfn: PfnDatabase,
    private readonly cpus: CpuMonitor,
    /** Puts a frame whose flush completed on its target list (the memory manager). */
    private readonly release: (frame: number, target: ListTarget) => void,
    /** Drops one share of a section frame (the memory manager). */
    private readonly releaseShare: (frame: number) => void,
  ) {
    this.batchOf = new Int32Array(pfn.frames);
  }

  get pendingBatches(): number {
    return this.batches.length + this.open.size;
  }

  /**
   * Takes an Active frame away from process `pid`: at once to `target` if the worker holds no
   * translations, else into PendingFlush until it does.
   */
  retire(frame: number, pid: number, target: ListTarget): void {
    if (this.cpus.quiescentNow(pid)) {
      this.release(frame, target);
      return;
    }
    this.pfn.flushTarget[frame] = target;
    this.pfn.insertTail(FrameState.PendingFlush, frame);
    const b = this.openBatch(pid);
    b.frames.push(frame);
    this.batchOf[frame] = b.id;
  }

  /**
   * Process `pid` no longer maps the section frame `frame`: drop the share it held at
   * once if its worker holds no translations, else when it has passed a quiescent point.
   */
  retireShare(frame: number, pid: number): void {
    if (this.cpus.quiescentNow(pid)) this.releaseShare(frame);
    else this.openBatch(pid).shares.push(frame);
  }

  /** Shares of `frame` still held by batches (for the invariant check). */
  heldShares(frame: number): number {
    let n = 0;
    for (const b of [...this.batches, ...this.open.values()]) for (const f of b.shares) if (f === frame) n++;
    return n;
  }

  private openBatch(pid: number): Batch {
    let b = this.open.get(pid);
    if (b && this.cpus.entries(pid) !== b.entries) {
      // The worker has passed a quiescent point since this batch opened, and may have cached
      // translations after it (to pages valid until now): a frame retired now must wait for
      // a later one. Seal the batch (it is ready) and open a new one.
      this.open.delete(pid);
      this.batches.push(b);
      b = undefined;
    }
    if (!b) {
      b = { id: this.nextId++, pid, entries: this.cpus.entries(pid), frames: [], shares: [] };
      this.open.set(pid, b);
      this.cpus.requestFlush(pid);
    }
    return b;
  }

  /** Seals open batches and releases every batch whose worker has passed a quiescent point. */
  poll(): void {
    for (const b of this.open.values()) this.batches.push(b);
    this.open.clear();
    if (this.batches.length === 0) return;
    const still: Batch[] = [];
    for (const b of this.batches) {
      if (this.cpus.quiescentNow(b.pid) || this.cpus.entries(b.pid) !== b.entries) this.releaseBatch(b);
      else still.push(b);
    }
    this.batches = still;
  }

  /** The worker of `pid` is gone or has entered the kernel: release all its batches. */
  releaseAll(pid: number): void {
    const b = this.open.get(pid);
    if (b) {
      this.open.delete(pid);
      this.releaseBatch(b);
    }
    this.batches = this.batches.filter((x) => {
      if (x.pid !== pid) return true;
      this.releaseBatch(x);
      return false;
    });
  }

  private releaseBatch(b: Batch): void {
    for (const f of b.frames) {
      // A frame soft-faulted back in the meantime is no longer pending: skip it.
      if (this.pfn.state[f] !== FrameState.PendingFlush || this.batchOf[f] !== b.id) continue;
      this.pfn.unlink(f);
      this.release(f, this.pfn.flushTarget[f] as ListTarget);
    }
    for (const f of b.shares) this.releaseShare(f);
  }

  checkInvariants(): void {
    const seen = new Set<number>();
    for (const b of [...this.batches, ...this.open.values()])
      for (const f of b.frames)
        if (this.pfn.state[f] === FrameState.PendingFlush && this.batchOf[f] === b.id) seen.add(f);
    if (seen.size !== this.pfn.countOf(FrameState.PendingFlush))
      throw new Error(`${this.pfn.countOf(FrameState.PendingFlush)} frames pending flush, ${seen.size} in batches`);
  }
}
