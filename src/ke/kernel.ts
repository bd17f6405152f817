/**
 * Kernel: one simulated machine. Boots the memory manager and its helpers, creates
 * processes (each a worker thread), and serves their page faults and system calls.
 *
 * The dispatch loop runs on the host's main thread. Workers post a request in their
 * mailbox and ring the machine's doorbell; the loop answers every pending request, then
 * waits for the doorbell: briefly and synchronously while requests keep coming (a fault
 * round trip then costs a few microseconds), asynchronously when idle so timers and the
 * host's own I/O run. The kernel never waits on a worker: a worker that dies, hangs or is
 * terminated mid-request simply never collects its reply, and its exit hook reclaims all.
 */
import type { LabEvent } from '../api/events.js';
import type { MachineSettings } from '../api/settings.js';
import type { HostServices, TimerHandle } from '../host/host.js';
import { AddressSpace, PROFILE_LAYOUTS, type ProfileLayout } from '../mm/address-space.js';
import { BalanceSetManager } from '../mm/balance-set-manager.js';
import { FaultHandler, type FaultOutcome } from '../mm/fault-handler.js';
import { MemoryManager } from '../mm/memory-manager.js';
import { ModifiedPageWriter } from '../mm/modified-page-writer.js';
import { PagingFile } from '../mm/paging-file.js';
import { VirtualMemory } from '../mm/virtual-memory.js';
import { ZeroPageWorker } from '../mm/zero-page-worker.js';
import { FrameState } from '../mm/pfn-database.js';
import { ObjectManager } from '../ob/object-manager.js';
import { SectionManager } from '../mm/section/section-manager.js';
import { ImageSections } from '../mm/image/image-sections.js';
import { FileSystem } from '../io/file-system.js';
import { Process } from '../ps/process.js';
import { readJson, writeJson } from '../shared/json-channel.js';
import { DOORBELL_BYTES, MailboxOp, MailboxState, Mb, MbF64, PAGE_SIZE } from '../shared/layout.js';
import { isBlocked, type Blocked, type ServiceReply } from '../nt/service.js';
import { SERVICES } from '../nt/services.js';
import { Win32Error } from '../nt/win32-error.js';
import { ERROR_INVALID_FUNCTION, ERROR_INVALID_PARAMETER } from '../win32/errors.js';
import { processCounters, systemCounters } from '../lab/counters.js';

const SLICE_MS = 4;
/**
 * How long the dispatch loop polls the doorbell before sleeping on it: longer than a
 * worker's usual gap between faults (its wake-up, then a page's worth of accesses), so a
 * fault arriving in a burst finds the loop awake.
 */
const SPIN_MS = 0.1;
/** The zero page worker runs only after this long without a request. */
const ZERO_IDLE_MS = 20;
/** Zeroed frames the dispatch loop keeps ready while it waits for requests. */
const ZEROED_RESERVE = 256;

/** A LabEvent before the kernel stamps it with its sequence number and time. */
type LabEventInput = LabEvent extends infer E ? (E extends LabEvent ? Omit<E, 'seq' | 't'> : never) : never;

export interface ProgramImage {
  code: string;
  fileName: string;
}

export class Kernel {
  readonly mm: MemoryManager;
  readonly faults: FaultHandler;
  readonly vm: VirtualMemory;
  readonly writer: ModifiedPageWriter;
  readonly balancer: BalanceSetManager;
  readonly zeroWorker: ZeroPageWorker;
  readonly objects: ObjectManager;
  /** Sections, control areas and mapped views. */
  readonly sections: SectionManager;
  /** Image sections (SEC_IMAGE): EXEs and DLLs mapped from their files. */
  readonly images: ImageSections;
  /** The file system over the workspace (drive C:\): FCBs, opens, share access. */
  readonly io: FileSystem;
  readonly layout: ProfileLayout;
  readonly processes = new Map<number, Process>();
  readonly doorbell = new Int32Array(new SharedArrayBuffer(DOORBELL_BYTES));
  private readonly bootTime: number;
  private nextPid = 100;
  private seq = 0;
  private running = true;
  private readonly listeners = new Set<(e: LabEvent) => void>();
  private readonly timers: TimerHandle[] = [];
  private readonly loopDone: Promise<void>;
  /** Processes with a parked request to retry when something changes. */
  private readonly parked = new Set<Process>();
  /** The process whose fault the kernel is resolving now (its worker hears of disk reads). */
  private faulting: Process | null = null;
  /** When the dispatch loop last answered a request (host clock, ms). */
  private lastRequest = -Infinity;
  /** Asked before each system call; true holds the call (the lab's step mode). */
  syscallGate: ((p: Process, fn: string, args: unknown[]) => boolean) | null = null;

  constructor(
    readonly settings: MachineSettings,
    readonly host: HostServices,
  ) {
    this.bootTime = host.now();
    this.layout = PROFILE_LAYOUTS[settings.profile];
    const pf = new PagingFile(settings.pagefileBytes > 0 ? host.createPagingFile(settings.pagefileBytes) : null, settings.pagefileBytes);
    this.mm = new MemoryManager(settings.ramBytes, pf, {
      quiescentNow: (pid) => this.quiescentNow(pid),
      entries: (pid) => {
        const p = this.processes.get(pid);
        return p ? Atomics.load(p.mailbox, Mb.Entries) : 0;
      },
      requestFlush: (pid) => {
        const p = this.processes.get(pid);
        if (p) Atomics.store(p.mailbox, Mb.FlushRequest, 1);
      },
    });
    this.mm.onInPageRead = () => {
      if (this.faulting) Atomics.store(this.faulting.mailbox, Mb.InPage, 1);
    };
    this.mm.onFramesAvailable = () => {
      if (this.parked.size) this.ring();
    };
    this.objects = new ObjectManager(this.mm);
    this.sections = new SectionManager(this.mm);
    this.io = new FileSystem(host, this.objects);
    this.images = new ImageSections(this.mm, this.sections, this.objects, host);
    this.writer = new ModifiedPageWriter(this.mm);
    this.balancer = new BalanceSetManager(this.mm, this.writer);
    this.faults = new FaultHandler(this.mm, this.balancer);
    this.vm = new VirtualMemory(this.mm, this.faults, this.sections);
    this.zeroWorker = new ZeroPageWorker(this.mm);
    // Like NT's zero page thread (priority 0), zero only while no process is asking for
    // anything: a 256-page run holds the dispatch loop for a millisecond or more, and faults
    // arriving meanwhile would wait for it. Under load, faults zero their own frames.
    this.every(20, () => {
      if (this.host.now() - this.lastRequest >= ZERO_IDLE_MS) this.zeroWorker.run(256);
    });
    this.every(250, () => {
      this.balancer.balance();
      // Like NT's modified page writer, write dirty pages out gradually in the background.
      this.writer.run(64);
    });
    this.loopDone = this.loop();
  }

  uptime(): number {
    return this.host.now() - this.bootTime;
  }

  private every(ms: number, fn: () => void): void {
    const tick = () => {
      if (!this.running) return;
      fn();
      this.timers.push(this.host.setTimer(ms, tick));
    };
    this.timers.push(this.host.setTimer(ms, tick));
  }

  // ---------------------------------------------------------------- events

  onEvent(listener: (e: LabEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: LabEventInput): void {
    const full = { ...e, seq: ++this.seq, t: this.uptime() } as LabEvent;
    for (const l of this.listeners) l(full);
  }

  // ---------------------------------------------------------------- processes

  /**
   * Creates a process running `image`. The returned process holds one reference for the
   * caller (dropped by the lab when it has reported the exit, or by a handle's close).
   * `beforeStart` runs once the address space exists and before the worker starts (a
   * process from an EXE maps its image and DLLs there, ps/loader.ts); a program it
   * returns runs instead of `image`.
   */
  createProcess(image: ProgramImage, commandLine: string, parent: Process | null, inheritHandles: boolean, beforeStart?: (p: Process) => ProgramImage | void): Process {
    const pid = this.nextPid;
    this.nextPid += 4;
    const as = new AddressSpace(pid, this.layout, this.mm.pool32);
    const p = new Process(pid, image.fileName, commandLine, as, this.host.now(), parent?.pid ?? 0);
    if (!this.objects.register(p)) throw new Win32Error(8 /* ERROR_NOT_ENOUGH_MEMORY */);
    if (parent && inheritHandles) {
      for (const [h, e] of parent.handles.all()) {
        if (!e.inherit) continue;
        // Inherited handles keep their values, access and flags in the child (ExDupHandleTable).
        this.objects.insertHandle(p.handles, { ...e }, h);
      }
    }
    this.mm.spaces.set(pid, as);
    this.processes.set(pid, p);
    const run = beforeStart?.(p) ?? image;
    const worker = this.host.spawnWorker(
      {
        pid,
        pool: this.mm.pool,
        topDirectory: as.pageTable.topBuffer,
        mailbox: p.mailboxBuffer,
        doorbell: this.doorbell.buffer as SharedArrayBuffer,
        code: run.code,
        fileName: run.fileName,
        commandLine,
        is64Bit: this.layout.is64Bit,
      },
      {
        onExit: (code) => this.onWorkerExit(p, code),
        onError: (err) => {
          p.stderr.push(String(err.stack ?? err));
          this.emit({ kind: 'output', pid, stream: 'stderr', text: String(err.message) });
        },
      },
    );
    p.worker = worker;
    p.state = 'running';
    this.emit({ kind: 'process', pid, what: 'created', name: image.fileName });
    return p;
  }

  /** Ends a process from outside or inside (TerminateProcess, ExitProcess, uncaught exception). */
  terminate(p: Process, exitCode: number, reason?: string): void {
    if (!p.alive || p.terminating) return;
    p.terminating = true;
    p.exitCode = exitCode >>> 0;
    p.exitReason = reason;
    p.worker?.terminate();
  }

  private onWorkerExit(p: Process, threadCode: number): void {
    if (p.state === 'exited') return;
    if (p.exitCode === null) {
      p.exitCode = threadCode === 0 ? 0 : 1;
      p.exitReason ??= 'the worker thread ended unexpectedly';
    }
    if (p.parked) this.unpark(p);
    p.worker = null;
    // Thread rundown before the handle table goes (NT order): owned mutants are abandoned.
    this.objects.rundown(p);
    this.objects.closeAll(p.handles);
    this.mm.teardown(p.addressSpace);
    p.state = 'exited';
    this.emit({ kind: 'process', pid: p.pid, what: 'exited', name: p.name, exitCode: p.exitCode, reason: p.exitReason });
    p.signalWaiters();
    this.ring();
  }

  private quiescentNow(pid: number): boolean {
    const p = this.processes.get(pid);
    if (!p || !p.worker || p.state === 'exited') return true;
    return Atomics.load(p.mailbox, Mb.State) !== MailboxState.Idle;
  }

  // ---------------------------------------------------------------- dispatch loop

  /** Wakes the dispatch loop (something changed that parked requests may wait for). */
  ring(): void {
    Atomics.add(this.doorbell, 0, 1);
    Atomics.notify(this.doorbell, 0);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const sliceEnd = this.host.now() + SLICE_MS;
      let idle = 0;
      for (;;) {
        const v = Atomics.load(this.doorbell, 0);
        const handled = this.drain();
        if (!this.running || this.host.now() > sliceEnd) break;
        if (handled > 0) {
          idle = 0;
          this.lastRequest = this.host.now();
          continue;
        }
        // Requests come in bursts: wait a little, synchronously, before going idle; spin
        // first, since a worker usually faults again within microseconds and waking a
        // thread that sleeps on the doorbell costs tens of them.
        if (this.spin(v, SPIN_MS)) continue;
        if (Atomics.wait(this.doorbell, 0, v, 0.05) === 'timed-out' && ++idle > 4) break;
      }
      if (!this.running) break;
      const v = Atomics.load(this.doorbell, 0);
      // A request posted after the last drain but before this load rang a doorbell value
      // we would now wait past: look for one first, or the worker sleeps out the timeout.
      const busy = this.parked.size > 0 || this.mm.shootdown.pendingBatches > 0;
      const r = this.requestWaiting() ? null : Atomics.waitAsync(this.doorbell, 0, v, busy ? 2 : 100);
      if (r?.async) await r.value;
      else await new Promise<void>((resolve) => this.host.defer(resolve));
    }
  }

  /**
   * Polls the doorbell for up to `ms`; true if it rang. Meanwhile, while the zeroed list is
   * short, it does the zero page worker's job one frame at a time, so demand-zero faults in
   * a burst find zeroed frames and a fault that arrives waits for one page at most.
   */
  private spin(v: number, ms: number): boolean {
    const end = this.host.now() + ms;
    while (Atomics.load(this.doorbell, 0) === v) {
      if (this.host.now() > end) return false;
      if (this.mm.pfn.countOf(FrameState.Zeroed) < ZEROED_RESERVE) this.zeroWorker.run(1);
    }
    return true;
  }

  private requestWaiting(): boolean {
    for (const p of this.processes.values()) {
      if (!p.parked && p.worker && !p.terminating && Atomics.load(p.mailbox, Mb.State) === MailboxState.Request) return true;
    }
    return false;
  }

  /** Answers every pending request once; returns how many it handled. */
  drain(): number {
    let n = 0;
    for (const p of this.processes.values()) {
      if (p.parked || !p.worker || p.terminating) continue;
      if (Atomics.load(p.mailbox, Mb.State) !== MailboxState.Request) continue;
      n++;
      this.handle(p);
    }
    if (this.parked.size > 0) for (const p of [...this.parked]) if (p.parked && p.parked.retry()) this.parked.delete(p);
    this.mm.shootdown.poll();
    // Trimming and writing out after the replies: the processes run meanwhile.
    this.balancer.runIfRequested();
    return n;
  }

  private handle(p: Process): void {
    const op = p.mailbox[Mb.Op];
    if (op === MailboxOp.Fault) {
      const address = p.mailboxF64[MbF64.FaultAddress]!;
      const write = p.mailbox[Mb.Access] === 1;
      this.faulting = p;
      const outcome = this.faults.resolve(p.addressSpace, address, write);
      this.faulting = null;
      if (outcome.kind === 'retry') {
        this.park(p, {
          retry: () => {
            const o = this.faults.resolve(p.addressSpace, address, write);
            if (o.kind === 'retry') return false;
            this.replyFault(p, o, true);
            return true;
          },
          cancel: () => {},
        });
      } else this.replyFault(p, outcome);
      return;
    }
    if (op === MailboxOp.Syscall) {
      this.syscall(p);
      return;
    }
    this.reply(p, { ret: null, lastError: ERROR_INVALID_FUNCTION }, 0);
  }

  /** Answers a fault; `parked`: it was answered from the parked list (a retry). */
  private replyFault(p: Process, o: FaultOutcome, parked = false): void {
    p.mailbox[Mb.Parked] = parked ? 1 : 0;
    p.mailbox[Mb.InPage] = 0;
    if (parked) {
      // The process is served again from now on (drain skips parked processes).
      p.parked = null;
      this.parked.delete(p);
    }
    if (o.kind === 'exception') {
      p.mailbox[Mb.Status] = o.code | 0;
      p.mailboxF64[MbF64.ExceptionAddress] = o.address;
    } else p.mailbox[Mb.Status] = 0;
    Atomics.store(p.mailbox, Mb.State, MailboxState.Reply);
    this.wake(p);
  }

  /** Wakes `p`'s worker if it sleeps for its reply (a polling worker sees the reply by itself). */
  private wake(p: Process): void {
    if (Atomics.load(p.mailbox, Mb.Sleeping) !== 0) Atomics.notify(p.mailbox, Mb.State);
  }

  private syscall(p: Process): void {
    let fn = '?';
    let args: unknown[] = [];
    try {
      const req = readJson(p.mailbox, p.mailboxBytes) as { fn: string; args: unknown[] };
      fn = req.fn;
      args = Array.isArray(req.args) ? req.args : [];
    } catch {
      this.reply(p, { ret: null, lastError: ERROR_INVALID_PARAMETER }, 0);
      return;
    }
    const service = Object.prototype.hasOwnProperty.call(SERVICES, fn) ? SERVICES[fn] : undefined;
    if (!service) {
      this.reply(p, { ret: 0, lastError: ERROR_INVALID_FUNCTION }, 0);
      return;
    }
    if (this.syscallGate?.(p, fn, args)) {
      // Step mode (src/lab/stepper.ts): hold the call, asked again at every drain, until the
      // gate lets it through; then it runs as if it had just arrived.
      this.park(p, {
        retry: () => {
          if (this.syscallGate?.(p, fn, args)) return false;
          this.runService(p, fn, args, service);
          return p.parked === null;
        },
        cancel: () => {},
      });
      return;
    }
    this.runService(p, fn, args, service);
  }

  /** Runs a system service for `p` and replies now, or parks it if it blocks. */
  private runService(p: Process, fn: string, args: unknown[], service: (typeof SERVICES)[string]): void {
    const before = service.quiet ? null : this.snapshot(p);
    const finish = (r: ServiceReply, error: number | undefined) => {
      this.reply(p, r, error);
      if (before) this.recordEvent(p, fn, args, r, error ?? r.lastError ?? 0, before);
    };
    const run = (): ServiceReply | Blocked | { failed: number } => {
      try {
        return service.run(this, p, args);
      } catch (e) {
        if (e instanceof Win32Error) return { failed: e.code };
        // A kernel bug must not take the machine down: fail the call and say so.
        p.stderr.push(`kernel: ${fn} failed internally: ${(e as Error).stack ?? e}`);
        return { failed: 1359 /* ERROR_INTERNAL_ERROR */ };
      }
    };
    const r = run();
    if ('failed' in r) finish({ ret: service.failValue }, r.failed);
    else if (isBlocked(r)) {
      const done = r.poll();
      if (done) {
        r.dispose();
        finish(done, undefined);
        return;
      }
      this.park(p, {
        retry: () => {
          const d = r.poll();
          if (!d) return false;
          r.dispose();
          finish(d, undefined);
          return true;
        },
        cancel: () => r.dispose(),
      });
    } else finish(r, undefined);
  }

  private park(p: Process, req: { retry(): boolean; cancel(): void }): void {
    p.parked = req;
    this.parked.add(p);
  }

  private unpark(p: Process): void {
    p.parked?.cancel();
    p.parked = null;
    this.parked.delete(p);
  }

  /** Writes a system-call reply and wakes the worker. `error` undefined: last error unchanged. */
  private reply(p: Process, r: ServiceReply, error: number | undefined): void {
    p.mailbox[Mb.Parked] = p.parked ? 1 : 0;
    p.parked = null;
    this.parked.delete(p);
    if (!p.worker) return;
    const lastError = error ?? r.lastError;
    writeJson(p.mailbox, p.mailboxBytes, { r: r.ret, e: lastError ?? null, o: r.out ?? null });
    p.mailbox[Mb.Status] = 0;
    Atomics.store(p.mailbox, Mb.State, MailboxState.Reply);
    this.wake(p);
  }

  private snapshot(p: Process) {
    const s = systemCounters(this);
    return { availPhys: s.availPhys, availPageFile: s.availPageFile, commit: s.commitCharge, availVirtual: p.addressSpace.availVirtual(), ws: p.addressSpace.workingSet.size };
  }

  private recordEvent(p: Process, call: string, args: unknown[], r: ServiceReply, lastError: number, before: ReturnType<Kernel['snapshot']>): void {
    if (this.listeners.size === 0) return;
    const after = this.snapshot(p);
    this.emit({
      kind: 'service',
      pid: p.pid,
      call,
      args,
      result: r.ret,
      lastError,
      deltas: {
        availPhys: after.availPhys - before.availPhys,
        availPageFile: after.availPageFile - before.availPageFile,
        availVirtual: after.availVirtual - before.availVirtual,
        commitCharge: after.commit - before.commit,
        workingSet: after.ws - before.ws,
      },
    });
  }

  // ---------------------------------------------------------------- lifecycle

  /** Stops every process, waits for their reclamation, stops the loop, closes the pagefile. */
  async shutdown(): Promise<void> {
    const waits = [...this.processes.values()].filter((p) => p.alive).map((p) => this.whenExited(p));
    for (const p of this.processes.values()) this.terminate(p, 0xc000013a, 'the machine was shut down');
    await Promise.all(waits);
    this.running = false;
    for (const t of this.timers) t.cancel();
    this.ring();
    await this.loopDone;
    this.mm.pagingFile.close();
  }

  whenExited(p: Process): Promise<number> {
    if (!p.alive) return Promise.resolve(p.exitCode ?? 0);
    return new Promise((resolve) => {
      p.waits.add({
        wake: () => {
          resolve(p.exitCode ?? 0);
          return true;
        },
      });
    });
  }

  /** Process counters for one process (events and samples). */
  counters(p: Process) {
    return processCounters(this, p);
  }

  static readonly PAGE_SIZE = PAGE_SIZE;
}
