/**
 * What a bench case is and the helpers every case uses. A case boots its own lab machine
 * (real workers, real pagefile), runs one or more programs in it that time their own work
 * with `performance.now()` inside the process worker, and reports rows for the table that
 * bench/run.ts prints. A case also checks that the machine did what the measurement claims
 * (e.g. that the timed faults really were hard faults) and says so in the row's note, so a
 * figure cannot silently measure the wrong thing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultCounts } from '../src/api/counters.js';
import type { MachineSettings } from '../src/api/settings.js';
import type { LabEngine } from '../src/lab/lab-engine.js';
import { bootNodeLab } from '../src/node/boot.js';

/** One line of the bench table. */
export interface BenchRow {
  measure: string;
  value: number;
  unit: string;
  /** The target, if the row has one: met when value <= max. */
  max?: number;
  /** How the figure was checked or what it includes. */
  note?: string;
}

export interface BenchCase {
  /** Short name, used on the command line to run only some cases. */
  name: string;
  /** One line: what the case measures. */
  about: string;
  run(): Promise<BenchRow[]>;
}

export interface ProgramRun {
  exitCode: number;
  /** The last JSON object the program printed (its measurements). */
  result: Record<string, unknown>;
  /** The process's fault counters after it exited. */
  faults: FaultCounts;
  stderr: string[];
}

/** A machine for one case; `close` removes its workspace, pagefile and data folder. */
export class BenchLab {
  private constructor(
    readonly engine: LabEngine,
    private readonly root: string,
  ) {}

  static async boot(settings: Partial<Omit<MachineSettings, 'workspace' | 'dataDir'>>): Promise<BenchLab> {
    const root = mkdtempSync(join(tmpdir(), 'mmlab-bench-'));
    const engine = await bootNodeLab({ ...settings, workspace: join(root, 'ws'), dataDir: join(root, 'data') });
    return new BenchLab(engine, root);
  }

  /**
   * Waits until the machine has settled after boot: the zero page worker (which runs while
   * no process asks for anything, as NT's zero page thread does) has zeroed every free frame.
   * A lab session is in that state by the time a user starts an experiment; a program started
   * the instant the machine boots would instead pay for the host's first touch of each frame.
   */
  async settle(timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.engine.sample().system.lists.free > 0) {
      if (Date.now() > end) throw new Error('the machine did not settle: free frames are still waiting to be zeroed');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Runs `source` as one process; throws with its stderr if it fails or prints no JSON result. */
  async run(source: string, fileName: string): Promise<ProgramRun> {
    const p = await this.engine.start({ fileName, source });
    const exitCode = await p.exited;
    const counters = this.engine.sample().processes.find((c) => c.pid === p.pid);
    const last = [...p.stdout].reverse().find((l) => l.startsWith('{'));
    if (exitCode !== 0 || !last || !counters) {
      throw new Error(
        `${fileName} failed (exit code 0x${exitCode.toString(16)}):\n${[...p.stdout, ...p.stderr].join('\n')}`,
      );
    }
    return { exitCode, result: JSON.parse(last) as Record<string, unknown>, faults: counters.faults, stderr: p.stderr };
  }

  async close(): Promise<void> {
    try {
      this.engine.checkInvariants();
    } finally {
      await this.engine.shutdown();
      rmSync(this.root, { recursive: true, force: true });
    }
  }

  /** Boots, runs `fn`, always closes. */
  static async with<T>(settings: Parameters<typeof BenchLab.boot>[0], fn: (lab: BenchLab) => Promise<T>): Promise<T> {
    const lab = await BenchLab.boot(settings);
    try {
      return await fn(lab);
    } finally {
      await lab.close();
    }
  }
}

/**
 * Program text for cases that time single accesses: `__stats(us)` turns the per-access
 * times (microseconds) into { n, median, p90, max }.
 */
export const TIMING_HELPERS = `
function __stats(us: number[]) {
  const s = [...us].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: at(0.5), p90: at(0.9), max: s[s.length - 1] };
}
`;

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
