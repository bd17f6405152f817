/**
 * KernelPort: the worker's side of the mailbox. Every kernel entry first drops the
 * worker's cached translations and bumps its entry count (a quiescent point for the
 * kernel's TLB shootdown), then posts the request, rings the doorbell and sleeps on the
 * mailbox until the kernel answers.
 */
import { readJson, writeJson } from '../shared/json-channel.js';
import { MailboxOp, MailboxState, Mb, MbF64 } from '../shared/layout.js';

export interface SyscallReply {
  r: unknown;
  e: number | null;
  o: Record<string, unknown> | null;
}

export class KernelPort {
  readonly mailbox: Int32Array;
  private readonly f64: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly doorbell: Int32Array;
  /** Set by the MMU: drops every cached translation. */
  flushTlb: () => void = () => {};

  constructor(mailbox: SharedArrayBuffer, doorbell: SharedArrayBuffer) {
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
    while (Atomics.load(this.mailbox, Mb.State) !== MailboxState.Reply) {
      Atomics.wait(this.mailbox, Mb.State, MailboxState.Request);
    }
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
