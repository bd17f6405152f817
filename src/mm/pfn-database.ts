/**
 * PfnDatabase: one record per physical frame (NT's PFN database) and the page lists that
 * thread through it.
 *
 * Every frame is in exactly one state at any time:
 *   Zeroed, Free, Standby, Modified   on the list of that name (doubly linked, FIFO)
 *   PendingFlush                      taken from its owner, waiting until no worker can
 *                                     still hold a cached translation to it (see TlbShootdown)
 *   Active                            in use: in a working set, a page table, pool
 *
 * For a frame that holds a page (Active, Standby, Modified, PendingFlush) the record says
 * whose page it is (`owner`: the process id for private pages, `vpn`: its virtual page;
 * for section pages the segment id and the page's index in it) and where its data lives
 * on disk when clean (`pagefileSlot`, -1 if none; a file page's place is its index).
 *
 * Invariants (checkInvariants): list counts equal their lengths; each frame's state names
 * the list it is on; the counts of all states add up to the number of frames.
 * Only the kernel thread touches this module.
 */

export const FrameState = {
  Zeroed: 0,
  Free: 1,
  Standby: 2,
  Modified: 3,
  PendingFlush: 4,
  Active: 5,
} as const;
export type FrameState = (typeof FrameState)[keyof typeof FrameState];

export const FRAME_STATE_NAMES = ['zeroed', 'free', 'standby', 'modified', 'pendingFlush', 'active'] as const;

/** What an Active frame is used for. */
export const FrameUse = {
  None: 0,
  /** A private page of a process (owner = pid, vpn). */
  Private: 1,
  /** A page-table or page-directory page of a process (owner = pid). */
  PageTable: 2,
  /** Nonpaged pool. */
  Pool: 3,
  /**
   * A page of a section (file data or pagefile-backed), named by its prototype PTE:
   * owner = the segment's id, vpn = the page's index in the segment. While Active its
   * share count says how many process PTEs map it.
   */
  Prototype: 4,
} as const;
export type FrameUse = (typeof FrameUse)[keyof typeof FrameUse];

const NIL = -1;
const LIST_COUNT = 5; // lists exist for Zeroed..PendingFlush; Active frames are on no list

export class PfnDatabase {
  readonly frames: number;
  readonly state: Uint8Array;
  readonly use: Uint8Array;
  readonly owner: Int32Array;
  readonly vpn: Float64Array;
  readonly pagefileSlot: Int32Array;
  /** Set when the frame's contents differ from its backing store (kernel writes, dirty PTEs). */
  readonly dirty: Uint8Array;
  /**
   * For Prototype frames: the process PTEs that map the frame, plus translations still
   * being shot down. The frame leaves the Active state only when this reaches zero.
   */
  readonly shareCount: Int32Array;
  /** For PendingFlush frames: the list the frame goes to when the flush completes. */
  readonly flushTarget: Uint8Array;
  private readonly flink: Int32Array;
  private readonly blink: Int32Array;
  private readonly head = new Int32Array(LIST_COUNT).fill(NIL);
  private readonly tail = new Int32Array(LIST_COUNT).fill(NIL);
  private readonly count = new Float64Array(LIST_COUNT + 1);

  /** All frames start on the Free list (their contents are not known to be zero). */
  constructor(frames: number) {
    this.frames = frames;
    this.state = new Uint8Array(frames);
    this.use = new Uint8Array(frames);
    this.owner = new Int32Array(frames);
    this.vpn = new Float64Array(frames);
    this.pagefileSlot = new Int32Array(frames).fill(-1);
    this.flushTarget = new Uint8Array(frames);
    this.shareCount = new Int32Array(frames);
    this.dirty = new Uint8Array(frames);
    this.flink = new Int32Array(frames);
    this.blink = new Int32Array(frames);
    this.state.fill(FrameState.Active);
    this.count[FrameState.Active] = frames;
    for (let f = 0; f < frames; f++) this.insertTail(FrameState.Free, f);
  }

  countOf(state: FrameState): number {
    return this.count[state]!;
  }

  first(list: FrameState): number {
    return this.head[list]!;
  }

  next(frame: number): number {
    return this.flink[frame]!;
  }

  /** Moves an Active frame to the tail of `list`. */
  insertTail(list: FrameState, frame: number): void {
    if (this.state[frame] !== FrameState.Active) throw new Error(`PFN ${frame}: insert while on list ${this.state[frame]}`);
    const t = this.tail[list]!;
    this.flink[frame] = NIL;
    this.blink[frame] = t;
    if (t === NIL) this.head[list] = frame;
    else this.flink[t] = frame;
    this.tail[list] = frame;
    this.state[frame] = list;
    this.count[list]!++;
    this.count[FrameState.Active]!--;
  }

  /** Takes a frame off whatever list it is on; it becomes Active (unowned until set). */
  unlink(frame: number): void {
    const list = this.state[frame]!;
    if (list === FrameState.Active) throw new Error(`PFN ${frame}: unlink of an active frame`);
    const f = this.flink[frame]!;
    const b = this.blink[frame]!;
    if (b === NIL) this.head[list] = f;
    else this.flink[b] = f;
    if (f === NIL) this.tail[list] = b;
    else this.blink[f] = b;
    this.state[frame] = FrameState.Active;
    this.count[list]!--;
    this.count[FrameState.Active]!++;
  }

  /** Removes and returns the oldest frame of `list`, or -1 if empty. */
  removeHead(list: FrameState): number {
    const f = this.head[list]!;
    if (f !== NIL) this.unlink(f);
    return f;
  }

  setOwner(frame: number, use: FrameUse, owner: number, vpn: number): void {
    this.use[frame] = use;
    this.owner[frame] = owner;
    this.vpn[frame] = vpn;
  }

  clearOwner(frame: number): void {
    this.use[frame] = FrameUse.None;
    this.owner[frame] = 0;
    this.vpn[frame] = 0;
    this.pagefileSlot[frame] = -1;
    this.dirty[frame] = 0;
    this.shareCount[frame] = 0;
  }

  /** Walks every list; throws with a precise message on the first broken invariant. */
  checkInvariants(): void {
    let total = 0;
    for (let list = 0; list < LIST_COUNT; list++) {
      let n = 0;
      let prev = NIL;
      for (let f = this.head[list]!; f !== NIL; f = this.flink[f]!) {
        if (this.state[f] !== list) throw new Error(`PFN ${f} is on list ${list} but its state is ${this.state[f]}`);
        if (this.blink[f] !== prev) throw new Error(`PFN ${f}: back link broken on list ${list}`);
        prev = f;
        if (++n > this.frames) throw new Error(`list ${list} has a cycle`);
      }
      if (this.tail[list] !== prev) throw new Error(`list ${list}: tail is ${this.tail[list]}, last is ${prev}`);
      if (n !== this.count[list]) throw new Error(`list ${list}: count ${this.count[list]} but ${n} frames linked`);
      total += n;
    }
    let active = 0;
    for (let f = 0; f < this.frames; f++) if (this.state[f] === FrameState.Active) active++;
    if (active !== this.count[FrameState.Active]) throw new Error(`active count ${this.count[FrameState.Active]} but ${active} active frames`);
    if (total + active !== this.frames) throw new Error(`frames: ${total} listed + ${active} active != ${this.frames}`);
  }
}
