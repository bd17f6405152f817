/**
 * MemoryManager: owns physical memory — the frame pool, the PFN database and its lists,
 * commit, the pagefile, nonpaged pool — and the operations that move a page between
 * being resident in a working set and being on a list or on disk.
 *
 * Life of a private page:
 *
 *   DemandZero --first touch--> Active (in the working set, PTE valid)
 *   Active --trim--> Transition: frame on Modified (dirty) or Standby (clean), via
 *                    PendingFlush while the owner's worker may hold a stale translation
 *   Transition --touch--> Active (soft fault)
 *   Modified --modified page writer--> Standby, with a pagefile slot holding the data
 *   Standby --frame repurposed--> PagingFile (slot) or DemandZero (never written)
 *   PagingFile --touch--> Active (hard fault, clustered read)
 *
 * Single writer: only the kernel thread runs this code.
 * Freed frames are junk-filled (0xCC) before they go to the Free list, so that a bug that
 * keeps using a freed frame shows at once instead of quietly reading old data; the zero
 * page worker turns Free frames into Zeroed ones in the background.
 */
import { PAGE_SIZE } from '../shared/layout.js';
import type { AddressSpace } from './address-space.js';
import { CommitCharge, CommitSource } from './commit-charge.js';
import { FrameState, FrameUse, PfnDatabase } from './pfn-database.js';
import { PageState } from './page-table.js';
import type { PagingFile } from './paging-file.js';
import { isWritable } from './protection.js';
import { TlbShootdown, type CpuMonitor, type ListTarget } from './tlb-shootdown.js';
import { ProtoState, type Segment } from './section/segment.js';
import { InPageError } from './in-page-error.js';

const JUNK = 0xcc;

export class MemoryManager {
  readonly pool: SharedArrayBuffer;
  readonly pool8: Uint8Array;
  readonly pool32: Int32Array;
  readonly pfn: PfnDatabase;
  readonly commit: CommitCharge;
  readonly shootdown: TlbShootdown;
  readonly spaces = new Map<number, AddressSpace>();
  /** Live section segments by id (a Prototype frame's owner). */
  readonly segments = new Map<number, Segment>();
  private nextSegmentId = 1;
  /** Frames and bytes of nonpaged pool (kernel objects). */
  private readonly poolFrames: number[] = [];
  private poolBytes = 0;
  /** Available-page floor below which the balance-set manager trims working sets. */
  readonly lowPages: number;
  /** Modified-list size above which the modified page writer runs. */
  readonly modifiedHighPages: number;
  /** Called before a fault reads from disk (the kernel tells the faulting worker). */
  onInPageRead: () => void = () => {};
  /** Called when frames become available (waiting faults may retry). */
  onFramesAvailable: () => void = () => {};
  /** Unmaps every mapped view of an address space (the section manager; set at boot). */
  unmapAllViews: (as: AddressSpace) => void = () => {};

  constructor(
    ramBytes: number,
    readonly pagingFile: PagingFile,
    private readonly cpus: CpuMonitor,
  ) {
    const frames = ramBytes / PAGE_SIZE;
    this.pool = new SharedArrayBuffer(ramBytes);
    this.pool8 = new Uint8Array(this.pool);
    this.pool32 = new Int32Array(this.pool);
    this.pfn = new PfnDatabase(frames);
    this.commit = new CommitCharge(frames + pagingFile.slots);
    this.shootdown = new TlbShootdown(
      this.pfn,
      cpus,
      (f, t) => this.putOnList(f, t),
      (f) => this.releaseShare(f),
    );
    this.lowPages = Math.max(64, Math.floor(frames / 32));
    this.modifiedHighPages = Math.max(64, Math.floor(frames / 16));
  }

  get frames(): number {
    return this.pfn.frames;
  }

  availablePages(): number {
    const p = this.pfn;
    return p.countOf(FrameState.Zeroed) + p.countOf(FrameState.Free) + p.countOf(FrameState.Standby);
  }

  frameBytes(frame: number): Uint8Array {
    return this.pool8.subarray(frame * PAGE_SIZE, (frame + 1) * PAGE_SIZE);
  }

  // ---- frames ----

  /**
   * Takes a frame for new contents: zeroed if `zeroed`, else any. Order: Zeroed/Free, then
   * the oldest Standby frame (repurposed: its owner's page falls back to its backing store).
   * Returns -1 if no frame is available now.
   */
  allocateFrame(zeroed: boolean): number {
    let f = zeroed ? this.pfn.removeHead(FrameState.Zeroed) : this.pfn.removeHead(FrameState.Free);
    if (f >= 0) return f;
    f = zeroed ? this.pfn.removeHead(FrameState.Free) : this.pfn.removeHead(FrameState.Zeroed);
    if (f >= 0) {
      // A Free frame holds junk, or was never used since boot: fill it rather than look
      // first, since looking at a never-used frame costs the host a page fault too.
      if (zeroed) this.frameBytes(f).fill(0);
      return f;
    }
    f = this.pfn.removeHead(FrameState.Standby);
    if (f < 0) return -1;
    this.repurpose(f);
    if (zeroed) this.frameBytes(f).fill(0);
    return f;
  }

  /** A standby frame is taken for other use: its owner's page goes back to its backing store. */
  private repurpose(f: number): void {
    const p = this.pfn;
    if (p.use[f] === FrameUse.Prototype) {
      const seg = this.segments.get(p.owner[f]!);
      const page = p.vpn[f]!;
      if (seg && seg.state(page) === ProtoState.Transition && seg.payload(page) === f) {
        const slot = p.pagefileSlot[f]!;
        if (slot >= 0) seg.set(page, ProtoState.PagingFile, slot);
        else seg.set(page, ProtoState.Backing);
      }
    } else if (p.use[f] === FrameUse.Private) {
      const as = this.spaces.get(p.owner[f]!);
      const vpn = p.vpn[f]!;
      if (as && as.pageTable.state(vpn) === PageState.Transition && as.pageTable.payload(vpn) === f) {
        const slot = p.pagefileSlot[f]!;
        if (slot >= 0) as.pageTable.setState(vpn, PageState.PagingFile, slot);
        else as.pageTable.setState(vpn, PageState.DemandZero);
      }
    }
    p.clearOwner(f);
  }

  /**
   * Fills a freshly allocated frame from backing store. If the host read fails the frame is
   * freed and an InPageError thrown, so the caller has nothing to undo.
   */
  readIntoFrame(f: number, read: (bytes: Uint8Array) => void): void {
    try {
      read(this.frameBytes(f));
    } catch (e) {
      this.freeFrame(f);
      throw new InPageError(e);
    }
  }

  /** Frame is unused: junk-fill and put on the Free list. */
  freeFrame(f: number): void {
    this.pfn.clearOwner(f);
    this.frameBytes(f).fill(JUNK);
    this.pfn.insertTail(FrameState.Free, f);
    this.onFramesAvailable();
  }

  private putOnList(f: number, target: ListTarget): void {
    if (target === FrameState.Free) {
      this.freeFrame(f);
      return;
    }
    this.pfn.insertTail(target, f);
    if (target === FrameState.Standby) this.onFramesAvailable();
  }

  /** Page-table frames: zero-filled, charged to commit (PageTables). */
  allocatePageTableFrame(pid: number): number {
    if (!this.commit.tryCharge(1, CommitSource.PageTables)) return -1;
    const f = this.allocateFrame(true);
    if (f < 0) {
      this.commit.release(1, CommitSource.PageTables);
      return -1;
    }
    this.pfn.setOwner(f, FrameUse.PageTable, pid, 0);
    return f;
  }

  /** True if the worker of `pid` holds no cached translations now (it is in the kernel, or gone). */
  isQuiescent(pid: number): boolean {
    return this.cpus.quiescentNow(pid);
  }

  // ---- section pages ----

  newSegmentId(): number {
    return this.nextSegmentId++;
  }

  /** Maps the section frame `frame` at `vpn` in `as` (one more share of it). */
  mapSectionFrame(as: AddressSpace, vpn: number, frame: number, protection: number): void {
    const pt = as.pageTable;
    this.pfn.shareCount[frame]!++;
    pt.setState(vpn, PageState.Active, frame);
    as.workingSet.add(vpn);
    pt.setValid(vpn, frame, isWritable(protection));
  }

  /**
   * One process PTE no longer maps the section frame `f` (and no stale translation of it
   * is left). The last share gone, the page stays in memory in transition.
   */
  releaseShare(f: number): void {
    const p = this.pfn;
    if (p.use[f] !== FrameUse.Prototype || p.shareCount[f]! <= 0) throw new Error(`share release of frame ${f}, which has none`);
    if (--p.shareCount[f]! === 0) this.shelveSectionFrame(f);
  }

  /**
   * A section frame nobody maps goes to the modified list (dirty) or the standby list
   * (clean), its prototype PTE in transition: the next touch is a soft fault.
   */
  shelveSectionFrame(f: number): void {
    const p = this.pfn;
    const seg = this.segments.get(p.owner[f]!);
    if (!seg) throw new Error(`frame ${f} belongs to no live segment`);
    seg.set(p.vpn[f]!, ProtoState.Transition, f);
    this.putOnList(f, p.dirty[f] === 1 ? FrameState.Modified : FrameState.Standby);
  }

  // ---- nonpaged pool ----

  /** Charges kernel-object memory; takes frames as the pool grows past page boundaries. */
  poolAllocate(bytes: number): boolean {
    const need = Math.ceil((this.poolBytes + bytes) / PAGE_SIZE);
    while (this.poolFrames.length < need) {
      const f = this.allocateFrame(true);
      if (f < 0) return false;
      this.pfn.setOwner(f, FrameUse.Pool, 0, 0);
      this.poolFrames.push(f);
    }
    this.poolBytes += bytes;
    return true;
  }

  poolFree(bytes: number): void {
    this.poolBytes -= bytes;
    if (this.poolBytes < 0) throw new Error('nonpaged pool freed below zero');
    const need = Math.ceil(this.poolBytes / PAGE_SIZE);
    while (this.poolFrames.length > need) this.freeFrame(this.poolFrames.pop()!);
  }

  get poolPages(): number {
    return this.poolFrames.length;
  }

  // ---- private pages of an address space ----

  /** Puts `frame` into the working set of `as` at `vpn` with the page's protection. */
  makeResident(as: AddressSpace, vpn: number, frame: number, protection: number, validInHardware: boolean): void {
    const pt = as.pageTable;
    this.pfn.setOwner(frame, FrameUse.Private, as.pid, vpn);
    pt.setState(vpn, PageState.Active, frame);
    as.workingSet.add(vpn);
    if (validInHardware) pt.setValid(vpn, frame, isWritable(protection));
  }

  /**
   * Takes a resident page out of the working set. `keep`: the page stays committed and its
   * frame goes to the standby or modified list (trim). Otherwise the page's contents are
   * discarded and the frame freed (decommit, release, teardown).
   */
  removeResident(as: AddressSpace, vpn: number, keep: boolean): void {
    const pt = as.pageTable;
    const frame = pt.payload(vpn);
    const old = pt.invalidate(vpn);
    as.workingSet.remove(vpn);
    if (old & 8) this.pfn.dirty[frame] = 1;
    if (this.pfn.use[frame] === FrameUse.Prototype) {
      // A section page: this process lets go of it; the section keeps it either way.
      pt.setState(vpn, PageState.Prototype);
      this.shootdown.retireShare(frame, as.pid);
      return;
    }
    if (keep) {
      pt.setState(vpn, PageState.Transition, frame);
      // Clean pages go to standby: either their pagefile slot holds the same data, or they
      // were never written at all and fall back to demand-zero if the frame is repurposed.
      const target = this.pfn.dirty[frame] === 1 ? FrameState.Modified : FrameState.Standby;
      this.shootdown.retire(frame, as.pid, target);
    } else {
      const slot = this.pfn.pagefileSlot[frame]!;
      if (slot >= 0) this.pagingFile.free(slot);
      this.pfn.pagefileSlot[frame] = -1;
      this.shootdown.retire(frame, as.pid, FrameState.Free);
    }
  }

  /**
   * Discards whatever backs a committed page (any state) and leaves it DemandZero-free:
   * the caller sets the new software state. Used by decommit, release and teardown.
   */
  discardPage(as: AddressSpace, vpn: number): void {
    const pt = as.pageTable;
    switch (pt.state(vpn)) {
      case PageState.Active:
        this.removeResident(as, vpn, false);
        break;
      case PageState.Transition: {
        const f = pt.payload(vpn);
        const slot = this.pfn.pagefileSlot[f]!;
        if (slot >= 0) this.pagingFile.free(slot);
        this.pfn.pagefileSlot[f] = -1;
        if (this.pfn.state[f] === FrameState.PendingFlush) {
          // Still waiting for the owner's worker: let it finish there, but go to Free.
          this.pfn.flushTarget[f] = FrameState.Free;
        } else {
          this.pfn.unlink(f);
          this.freeFrame(f);
        }
        break;
      }
      case PageState.PagingFile:
        this.pagingFile.free(pt.payload(vpn));
        break;
      default:
        break;
    }
  }

  /**
   * MEM_RESET: forget that a resident page was written, so trimming drops it instead of
   * writing it out. Only for the calling process's own pages: its worker is in the
   * kernel, so no cached write translation can skip setting the dirty bit again.
   */
  pageTableClearDirty(as: AddressSpace, vpn: number, frame: number): void {
    const i = as.pageTable.pteIndex(vpn);
    if (i >= 0) Atomics.and(this.pool32, i, ~8);
    this.pfn.dirty[frame] = 0;
  }

  /** Trims up to `count` pages from a working set (never below its minimum unless `force`). */
  trimWorkingSet(as: AddressSpace, count: number, force = false): number {
    const ws = as.workingSet;
    const allowed = force ? ws.size - ws.locked.size : Math.max(0, ws.size - ws.minimum);
    const n = Math.min(count, allowed);
    if (n <= 0) return 0;
    const victims = ws.chooseVictims(n, (vpn) => as.pageTable.testAndClearAccessed(vpn));
    for (const vpn of victims) this.removeResident(as, vpn, true);
    return victims.length;
  }

  /** Releases every resource of an address space whose worker is gone. */
  teardown(as: AddressSpace): void {
    this.shootdown.releaseAll(as.pid);
    this.unmapAllViews(as);
    const pt = as.pageTable;
    for (const vpn of [...pt.softPages()]) {
      this.discardPage(as, vpn);
      pt.setSoft(vpn, PageState.None, 0);
    }
    this.shootdown.releaseAll(as.pid);
    if (as.privateCommit > 0) this.commit.release(as.privateCommit, CommitSource.Private);
    as.privateCommit = 0;
    for (const f of pt.tableFrames) this.freeFrame(f);
    this.commit.release(pt.tableFrames.length, CommitSource.PageTables);
    pt.tableFrames.length = 0;
    this.spaces.delete(as.pid);
  }
}
