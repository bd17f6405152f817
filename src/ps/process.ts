/**
 * Process: an emulated process — its address space, handle table, worker thread and
 * mailbox — and the kernel object that handles to it refer to. The object is signaled
 * when the process has exited and every resource of it has been reclaimed.
 */
import type { ProcessState } from '../api/counters.js';
import type { WorkerHandle } from '../host/host.js';
import type { AddressSpace } from '../mm/address-space.js';
import { HandleTable } from '../ob/handle-table.js';
import { KernelObject } from '../ob/object.js';
import { MAILBOX_BYTES } from '../shared/layout.js';

/** A request the kernel could not finish yet (blocking wait, or a fault short of memory). */
export interface ParkedRequest {
  /** Retries the request; returns true when it has been answered. */
  retry(): boolean;
  /** Drops the request (the process is dying). */
  cancel(): void;
}

export class Process extends KernelObject {
  readonly typeName = 'Process';
  /** EPROCESS, kernel stack, PEB/TEB: what a process costs in nonpaged pool here. */
  readonly poolBytes = 0x3000;
  readonly handles = new HandleTable();
  readonly mailboxBuffer = new SharedArrayBuffer(MAILBOX_BYTES);
  readonly mailbox = new Int32Array(this.mailboxBuffer);
  readonly mailboxF64 = new Float64Array(this.mailboxBuffer, 0, 8);
  readonly mailboxBytes = new Uint8Array(this.mailboxBuffer);
  worker: WorkerHandle | null = null;
  state: ProcessState = 'starting';
  exitCode: number | null = null;
  /** Why the process ended, for reports (e.g. "access violation at 0x…"). */
  exitReason: string | undefined;
  /** Set by TerminateProcess/ExitProcess before the thread is really gone. */
  terminating = false;
  parked: ParkedRequest | null = null;
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly createdAt: number;

  constructor(
    readonly pid: number,
    readonly name: string,
    readonly commandLine: string,
    readonly addressSpace: AddressSpace,
    now: number,
    readonly parentPid: number,
  ) {
    super();
    this.createdAt = now;
  }

  get alive(): boolean {
    return this.state !== 'exited';
  }

  override isSignaled(): boolean {
    return this.state === 'exited';
  }
}
