/**
 * Runs a seed example (examples/*.ts) as it is shipped, in a real lab machine, and keeps
 * what a test needs to check it against SPEC section 4:
 *   - every line each process printed, with the counters sampled at the moment it was
 *     printed (the kernel emits output events synchronously, on its own thread, so the
 *     sample is the machine's state exactly between the calls before and after the print);
 *   - the example's step table ("<call>: avail phys ±X, avail pagefile ±Y, avail virtual
 *     ±Z") parsed back into numbers, each step with the service events of the calls it
 *     measured (the lab's exact deltas for them);
 *   - a hook that runs synchronously at each printed line, to look at the host file or the
 *     kernel's tables at that exact point of the program.
 */
import { readFileSync } from 'node:fs';
import type { CounterSample } from '../../src/api/counters.js';
import type { LabEvent, ServiceEvent } from '../../src/api/events.js';
import { findExample, listExamples } from '../../src/cli/examples-command.js';
import type { Lab } from '../../src/lab/lab.js';
import { afterAll, beforeAll } from 'vitest';
import { bootTestLab, type TestLab, type TestSettings } from '../harness.js';

export const PAGE = 4096;
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

export interface PrintedLine {
  pid: number;
  text: string;
  /** Counters when the line was printed. */
  sample: CounterSample;
  /** Service calls this process made since its previous line. */
  calls: ServiceEvent[];
}

export interface Step {
  pid: number;
  /** The call as the example names it, e.g. `MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)`. */
  what: string;
  /** What the program printed: after − before, in bytes. */
  phys: number;
  pagefile: number;
  virtual: number;
  /** The line itself, and the line the process printed before it (or its start). */
  line: PrintedLine;
  previous: PrintedLine;
}

export interface RunOptions {
  /** The machine (default: the lab's defaults, x86 profile, 256 MiB RAM, 512 MiB pagefile). */
  settings?: TestSettings;
  /** Runs before the example starts (prepare files in lab.workspace). */
  prepare?: (lab: TestLab) => void;
  /** Words after the program's name on its command line (sizes). */
  args?: string[];
  /** Keep every counter sample the lab's sampler takes while the example runs (period: settings.sampleMs). */
  collectSamples?: boolean;
  /** Runs synchronously on the kernel thread when a process prints a stdout line. */
  onLine?: (line: PrintedLine) => void;
}

const STEP = /^(.+): avail phys ([+-]?\d+), avail pagefile ([+-]?\d+), avail virtual ([+-]?\d+)$/;

export class ExampleRun {
  constructor(
    readonly exitCode: number,
    readonly lines: PrintedLine[],
    readonly stderr: string[],
    readonly events: LabEvent[],
    /** The sampler's samples, with RunOptions.collectSamples. */
    readonly samples: CounterSample[],
    /** Per process, an empty line standing for its start (the counters when it was created). */
    readonly starts: Map<number, PrintedLine>,
  ) {}

  /** The pid of the program started from the lab (the first to print or call). */
  get mainPid(): number {
    const first = this.events.find((e) => e.kind === 'process' && e.what === 'created');
    return first!.pid;
  }

  /** Pids of the processes the example started itself, in creation order. */
  get childPids(): number[] {
    return this.events
      .filter((e) => e.kind === 'process' && e.what === 'created' && e.pid !== this.mainPid)
      .map((e) => e.pid);
  }

  text(pid = this.mainPid): string[] {
    return this.lines.filter((l) => l.pid === pid).map((l) => l.text);
  }

  /** The first line of `pid` that starts with `prefix`; throws if none. */
  line(prefix: string, pid?: number): PrintedLine {
    const found = this.lines.find((l) => (pid === undefined || l.pid === pid) && l.text.startsWith(prefix));
    if (!found) throw new Error(`no line starting with ${JSON.stringify(prefix)} in:\n${this.dump()}`);
    return found;
  }

  get steps(): Step[] {
    const out: Step[] = [];
    const last = new Map(this.starts);
    for (const line of this.lines) {
      const m = STEP.exec(line.text);
      if (m)
        out.push({
          pid: line.pid,
          what: m[1]!,
          phys: Number(m[2]),
          pagefile: Number(m[3]),
          virtual: Number(m[4]),
          line,
          previous: last.get(line.pid)!,
        });
      last.set(line.pid, line);
    }
    return out;
  }

  /** The `n`-th step (0-based) whose call starts with `prefix`; throws if none. */
  step(prefix: string, n = 0): Step {
    const found = this.steps.filter((s) => s.what.startsWith(prefix))[n];
    if (!found) throw new Error(`no step ${n} starting with ${JSON.stringify(prefix)} in:\n${this.dump()}`);
    return found;
  }

  /** The one service call a single-call step measured (the last call before its line). */
  call(step: Step): ServiceEvent {
    const calls = step.line.calls;
    if (calls.length === 0) throw new Error(`step ${step.what} made no service call`);
    return calls[calls.length - 1]!;
  }

  exitCodeOf(pid: number): number | undefined {
    const e = this.events.find((x) => x.kind === 'process' && x.what === 'exited' && x.pid === pid);
    return e?.kind === 'process' ? e.exitCode : undefined;
  }

  dump(): string {
    return [...this.lines.map((l) => `[${l.pid}] ${l.text}`), ...this.stderr.map((l) => `[stderr] ${l}`)].join('\n');
  }
}

/** Counters of one process in a sample (throws if it is not there). */
export function processIn(sample: CounterSample, pid: number) {
  const p = sample.processes.find((x) => x.pid === pid);
  if (!p) throw new Error(`process ${pid} is not in the sample`);
  return p;
}

/** Page-table frames made between two lines (page tables are charged to commit, SPEC section 3). */
export function pageTablesBetween(a: PrintedLine, b: PrintedLine): number {
  return b.sample.system.lists.pageTables - a.sample.system.lists.pageTables;
}

/** Nonpaged pool frames taken between two lines (kernel objects are charged to pool by the page). */
export function poolPagesBetween(a: PrintedLine, b: PrintedLine): number {
  return b.sample.system.lists.pool - a.sample.system.lists.pool;
}

/** The memory manager's balance-set floor, in pages (src/mm/memory-manager.ts lowPages). */
export function balanceSetFloorPages(lab: TestLab): number {
  return (lab.engine as Lab).kernel.mm.lowPages;
}

/** Runs the example `name` (e.g. "S4") until it and every process it started have exited. */
export async function runExample(lab: TestLab, name: string, options: RunOptions = {}): Promise<ExampleRun> {
  const example = findExample(await listExamples(), name);
  const source = readFileSync(example.path, 'utf8');
  const fileName = `${example.name}.ts`;
  const events: LabEvent[] = [];
  const lines: PrintedLine[] = [];
  const stderr: string[] = [];
  const samples: CounterSample[] = [];
  const starts = new Map<number, PrintedLine>();
  const calls = new Map<number, ServiceEvent[]>();
  const started = new Set<number>();
  const exited = new Set<number>();
  let allExited: () => void = () => {};
  const done = new Promise<void>((resolve) => (allExited = resolve));
  let hookError: unknown;

  const off = lab.engine.onEvent((e) => {
    events.push(e);
    if (e.kind === 'service') {
      const list = calls.get(e.pid) ?? [];
      list.push(e);
      calls.set(e.pid, list);
    } else if (e.kind === 'process') {
      if (e.what === 'created') {
        started.add(e.pid);
        starts.set(e.pid, { pid: e.pid, text: '', sample: lab.engine.sample(), calls: [] });
      } else exited.add(e.pid);
      if (started.size > 0 && [...started].every((pid) => exited.has(pid))) allExited();
    } else {
      const text = e.text.endsWith('\n') ? e.text.slice(0, -1) : e.text;
      if (e.stream === 'stderr') {
        stderr.push(...text.split('\n'));
        return;
      }
      for (const t of text.split('\n')) {
        const line: PrintedLine = { pid: e.pid, text: t, sample: lab.engine.sample(), calls: calls.get(e.pid) ?? [] };
        calls.set(e.pid, []);
        lines.push(line);
        try {
          options.onLine?.(line);
        } catch (err) {
          hookError ??= err;
        }
      }
    }
  });
  const offSamples = options.collectSamples ? lab.engine.onSample((x) => samples.push(x)) : () => {};
  try {
    const p = await lab.start(source, fileName, [fileName, ...(options.args ?? [])].join(' '));
    const exitCode = await p.exited;
    await done;
    if (hookError) throw hookError;
    return new ExampleRun(exitCode, lines, stderr, events, samples, starts);
  } finally {
    off();
    offSamples();
  }
}

/**
 * Boots a machine for the enclosing describe, runs the example in it once (beforeAll), and
 * after the describe's tests checks the kernel's invariants and shuts the machine down.
 */
export function useExample(
  name: string,
  options: RunOptions = {},
  timeoutMs = 120_000,
): { run: ExampleRun; lab: TestLab } {
  const ctx = {} as { run: ExampleRun; lab: TestLab };
  beforeAll(async () => {
    ctx.lab = await bootTestLab(options.settings ?? {});
    options.prepare?.(ctx.lab);
    ctx.run = await runExample(ctx.lab, name, options);
  }, timeoutMs);
  afterAll(async () => {
    if (!ctx.lab) return;
    try {
      ctx.lab.checkInvariants();
    } finally {
      await ctx.lab.close();
    }
  });
  return ctx;
}
