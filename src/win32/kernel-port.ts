/**
 * KernelPort: the worker's side of the mailbox. Every kernel entry first drops the
 * worker's cached translations and bumps its entry count (a quiescent point for the
 * kernel's TLB shootdown), then posts the request, rings the doorbell and waits on the
 * mailbox until the kernel answers: first polling it for a while, then asleep.
 *
 * Why poll: a fault is answered in a few microseconds, but waking a thread that sleeps
 * costs more than that (tens of microseconds where an idle virtual CPU must be woken).
 * Polling pays only while the kernel thread runs on another core; on a host short of
 * cores it just burns the time slice the kernel needs. So the poll budget adapts: it
 * grows while polls catch their replies and halves when one does not, and once it has
 * collapsed it is tried again now and then. A reply the kernel had to park (Mb.Parked)
 * leaves the budget alone, and while the kernel says it is reading the faulting page from
 * disk (Mb.InPage, a hard fault: a hundred microseconds or so) the worker polls on rather
 * than sleep and pay a wake-up on top of the read.
 */
import { readJson, writeJson } from '../shared/json-channel.js';
import { MailboxOp, MailboxState, Mb, MbF64 } from '../shared/layout.js';

/** Poll budget, in mailbox loads: at most a few tens of microseconds. */
const SPIN_MAX = 20_000;
const SPIN_STEP = 1024;
/** With the budget collapsed, try polling again once every this many kernel entries. */
const SPIN_RETRY_EVERY = 128;
/** Polls while the kernel reads the faulting page from disk: a millisecond or so at most. */
const IN_PAGE_POLL_MAX = 500_000;

export interface SyscallReply {
  r: unknown;
  e: number | null;
  o: Record<string, unknown> | null;
}

/** The polling limits; the defaults suit the lab, a test may pin them to be independent of timing. */
export interface KernelPortTuning {
  /** The poll budget the first kernel entry starts with. */
  spinBudget?: number;
  /** Polls while the kernel says it reads the faulting page from disk. */
  inPagePollMax?: number;
}

export class KernelPort {
  readonly mailbox: Int32Array;
  private readonly f64: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly doorbell: Int32Array;
  /** Set by the MMU: drops every cached translation. */
  flushTlb: () => void = () => {};
  private spinBudget: number;
  private readonly inPagePollMax: number;
  /** The last poll went on through a disk read the kernel announced (Mb.InPage). */
  private slowByDisk = false;
  private sinceCollapse = 0;

  constructor(mailbox: SharedArrayBuffer, doorbell: SharedArrayBuffer, tuning: KernelPortTuning = {}) {
    this.spinBudget = tuning.spinBudget ?? SPIN_STEP;
    this.inPagePollMax = tuning.inPagePollMax ?? IN_PAGE_POLL_MAX;
    this.mailbox = new Int32Array(mailbox);
    this.f64 = new Float64Array(mailbox, 0, 8);
    this.bytes = new Uint8Array(mailbox);
    this.doorbell = new Int32Array(doorbell);
  }

  /** A quiescent point without a kernel call (answers a flush request). */
  quiesce(): void {
    this.flushTlb();
    Atomics.store(this.mailbox, Mb.FlushRequest, 0);
    Atomics.add(this.mailbox, Mb.Entries, 1);
  }

  private enterAndWait(op: number): void {
    this.flushTlb();
    Atomics.add(this.mailbox, Mb.Entries, 1);
    Atomics.store(this.mailbox, Mb.FlushRequest, 0);
    this.mailbox[Mb.Op] = op;
    Atomics.store(this.mailbox, Mb.State, MailboxState.Request);
    Atomics.add(this.doorbell, 0, 1);
    Atomics.notify(this.doorbell, 0);
    const budget = this.spinBudget;
    const caught = this.pollForReply(budget);
    // Say we sleep before sleeping; a reply stored meanwhile makes Atomics.wait return at
    // once (State is no longer Request), so the kernel may skip the notify while Sleeping is 0.
    while (Atomics.load(this.mailbox, Mb.State) !== MailboxState.Reply) {
      Atomics.store(this.mailbox, Mb.Sleeping, 1);
      Atomics.wait(this.mailbox, Mb.State, MailboxState.Request);
      Atomics.store(this.mailbox, Mb.Sleeping, 0);
    }
    // A reply slowed by a disk read or a parked request says nothing about polling.
    this.adapt(budget, caught, this.mailbox[Mb.Parked] !== 0 || this.slowByDisk);
  }

  /**
   * Polls the mailbox for the reply, at most `budget` loads, and on while the kernel says it
   * is reading the page from disk (up to inPagePollMax loads); true if the reply came
   * within the budget.
   */
  private pollForReply(budget: number): boolean {
    let i = 0;
    while (i < budget && Atomics.load(this.mailbox, Mb.State) !== MailboxState.Reply) i++;
    this.slowByDisk = false;
    if (i < budget) return true;
    // Not on a host short of cores (the budget has collapsed): there, polling through the
    // read would take the processor the kernel reads with.
    const max = this.inPagePollMax;
    for (let j = 0; budget > 0 && j < max && Atomics.load(this.mailbox, Mb.InPage) !== 0; j++) {
      this.slowByDisk = true;
      if (Atomics.load(this.mailbox, Mb.State) === MailboxState.Reply) break;
    }
    return false;
  }

  /**
   * The adaptive poll budget (see the header): grows when a poll caught its reply, halves
   * when one missed — unless the kernel had parked the request (it waited for memory or a
   * transfer), which says nothing about whether polling pays.
   */
  private adapt(budget: number, caught: boolean, parked: boolean): void {
    if (caught) this.spinBudget = Math.min(SPIN_MAX, budget + SPIN_STEP);
    else if (parked) return;
    else if (budget > 0) this.spinBudget = budget >= 2 * SPIN_STEP ? budget >> 1 : 0;
    else if (++this.sinceCollapse % SPIN_RETRY_EVERY === 0) this.spinBudget = SPIN_STEP;
  }

  /** Returns 0 if the fault was resolved, else the exception code (and its address). */
  fault(address: number, write: boolean): { status: number; address: number } {
    this.f64[MbF64.FaultAddress] = address;
    this.mailbox[Mb.Access] = write ? 1 : 0;
    this.enterAndWait(MailboxOp.Fault);
    const status = this.mailbox[Mb.Status]! >>> 0;
    const at = this.f64[MbF64.ExceptionAddress]!;
    Atomics.store(this.mailbox, Mb.State, MailboxState.Idle);
    return { status, address: at };
  }

  call(fn: string, args: unknown[]): SyscallReply {
    writeJson(this.mailbox, this.bytes, { fn, args });
    this.enterAndWait(MailboxOp.Syscall);
    const reply = readJson(this.mailbox, this.bytes) as SyscallReply;
    Atomics.store(this.mailbox, Mb.State, MailboxState.Idle);
    return reply;
  }
}
