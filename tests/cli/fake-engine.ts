/**
 * A stand-in LabEngine for testing `mmlab run` in-process without the kernel. Its
 * "programs" are lines of a tiny script, run one line per timer tick:
 *   print TEXT / eprint TEXT   a line on stdout / stderr
 *   exit N                     ends with exit code N
 *   crash                      ends with 0xC0000005 and a reason, like an uncaught access violation
 *   child NAME TEXT            a child process NAME that prints TEXT and exits 0
 *   hang                       runs until terminated
 * A source containing "SYNTAX" makes start() reject with ProgramError, as the engine does.
 */
import type { CounterSample } from '../../src/api/counters.js';
import type { LabEvent } from '../../src/api/events.js';
import type { ProcessSummary, ProgramInput } from '../../src/api/lab-api.js';
import { resolveSettings, type MachineSettings } from '../../src/api/settings.js';
import { ProgramError, type LabEngine, type LabProcess } from '../../src/lab/lab-engine.js';

interface FakeProc extends LabProcess {
  state: ProcessSummary['state'];
  exitCode: number | null;
  finish(code: number, reason?: string): void;
}

export class FakeEngine implements LabEngine {
  /** A stand-in has no kernel: nothing to check. */
  checkInvariants(): void {}

  readonly settings: MachineSettings;
  readonly started: ProgramInput[] = [];
  shutdownCalls = 0;
  private nextPid = 4;
  private seq = 0;
  private readonly t0 = Date.now();
  private readonly procs = new Map<number, FakeProc>();
  private readonly eventListeners = new Set<(e: LabEvent) => void>();
  private readonly sampleListeners = new Set<(s: CounterSample) => void>();
  private sampler: ReturnType<typeof setInterval> | undefined;

  constructor(input: Partial<MachineSettings> & { workspace: string }) {
    this.settings = resolveSettings(input);
  }

  async start(program: ProgramInput): Promise<LabProcess> {
    await new Promise((r) => setTimeout(r, 1));
    if (program.source.includes('SYNTAX')) {
      throw new ProgramError(
        `${program.fileName}:1:5: ERROR: Expected ";" but found "SYNTAX"\n  1 | let SYNTAX\n    |     ^`,
      );
    }
    this.started.push(program);
    const proc = this.spawn(program.fileName);
    const lines = program.source.split('\n').filter((l) => l.trim());
    void this.script(proc, lines);
    return proc;
  }

  private spawn(name: string): FakeProc {
    const pid = this.nextPid;
    this.nextPid += 4;
    let resolveExit!: (code: number) => void;
    const exited = new Promise<number>((r) => (resolveExit = r));
    const proc: FakeProc = {
      pid,
      name,
      exited,
      stdout: [],
      stderr: [],
      state: 'running',
      exitCode: null,
      finish: (code, reason) => {
        if (proc.state === 'exited') return;
        proc.state = 'exited';
        proc.exitCode = code;
        this.emit({
          kind: 'process',
          seq: 0,
          t: 0,
          pid,
          what: 'exited',
          name,
          exitCode: code,
          ...(reason ? { reason } : {}),
        });
        resolveExit(code);
      },
    };
    this.procs.set(pid, proc);
    this.emit({ kind: 'process', seq: 0, t: 0, pid, what: 'created', name });
    return proc;
  }

  private async script(proc: FakeProc, lines: string[]): Promise<void> {
    for (const line of lines) {
      await new Promise((r) => setTimeout(r, 2));
      if (proc.state === 'exited') return;
      const [cmd, ...rest] = line.trim().split(' ');
      const text = rest.join(' ');
      if (cmd === 'print' || cmd === 'eprint') this.output(proc, cmd === 'print' ? 'stdout' : 'stderr', text);
      else if (cmd === 'exit') return proc.finish(Number(text));
      else if (cmd === 'crash') return proc.finish(0xc0000005, 'unhandled exception 0xC0000005: write to 0x00000000');
      else if (cmd === 'hang') return;
      else if (cmd === 'child') {
        const child = this.spawn(rest[0]!);
        this.output(child, 'stdout', rest.slice(1).join(' '));
        child.finish(0);
      }
    }
    proc.finish(0);
  }

  private output(proc: FakeProc, stream: 'stdout' | 'stderr', text: string): void {
    proc[stream].push(text);
    this.emit({ kind: 'output', seq: 0, t: 0, pid: proc.pid, stream, text });
  }

  private emit(e: LabEvent): void {
    const event = { ...e, seq: ++this.seq, t: Date.now() - this.t0 };
    for (const l of this.eventListeners) l(event);
  }

  terminate(pid: number, exitCode = 1): void {
    this.procs.get(pid)?.finish(exitCode, 'terminated');
  }

  processes(): ProcessSummary[] {
    return [...this.procs.values()].map((p) => ({ pid: p.pid, name: p.name, state: p.state, exitCode: p.exitCode }));
  }

  sample(): CounterSample {
    const pages = this.settings.ramBytes / 4096;
    const alive = [...this.procs.values()].filter((p) => p.state !== 'exited');
    return {
      system: {
        t: Date.now() - this.t0,
        totalPages: pages,
        lists: {
          zeroed: pages - 100,
          free: 0,
          standby: 0,
          modified: 0,
          active: 100,
          pageTables: 10,
          pool: 20,
          pendingFlush: 0,
        },
        commitCharge: 100,
        commitLimit: pages + this.settings.pagefileBytes / 4096,
        commitPeak: 120,
        pagefilePages: this.settings.pagefileBytes / 4096,
        pagefileUsed: 0,
        memoryLoad: 1,
        totalPhys: this.settings.ramBytes,
        availPhys: this.settings.ramBytes - 100 * 4096,
        totalPageFile: this.settings.ramBytes + this.settings.pagefileBytes,
        availPageFile: this.settings.ramBytes + this.settings.pagefileBytes - 100 * 4096,
      },
      processes: alive.map((p) => ({
        pid: p.pid,
        name: p.name,
        state: p.state,
        exitCode: null,
        workingSet: { total: 5, private: 5, shareable: 0, shared: 0 },
        peakWorkingSet: 5,
        privateBytes: 8192,
        faults: { demandZero: 1, transition: 0, copyOnWrite: 0, pagefileRead: 0, fileRead: 0, accessViolation: 0 },
        totalVirtual: 0x7ffe0000,
        availVirtual: 0x7ff00000,
        handleCount: 2,
      })),
    };
  }

  onSample(listener: (s: CounterSample) => void): () => void {
    this.sampleListeners.add(listener);
    this.sampler ??= setInterval(() => {
      const s = this.sample();
      for (const l of this.sampleListeners) l(s);
    }, this.settings.sampleMs);
    return () => this.sampleListeners.delete(listener);
  }

  onEvent(listener: (e: LabEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async shutdown(): Promise<void> {
    this.shutdownCalls++;
    clearInterval(this.sampler);
    for (const p of this.procs.values()) p.finish(0xc000013a, 'machine shut down');
  }
}
