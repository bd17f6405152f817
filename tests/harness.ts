/**
 * Test harness: boots a real lab machine (real workers, real SharedArrayBuffer, a real
 * pagefile in a temp folder), runs programs in it and hands back what they printed.
 * Conformance suites write small programs that print JSON lines and assert on them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachineSettings } from '../src/api/settings.js';
import type { LabEngine, LabProcess } from '../src/lab/lab-engine.js';
import { bootNodeLab } from '../src/node/boot.js';
import { checkInvariants } from '../src/lab/invariants.js';

export interface RunResult {
  exitCode: number;
  /** Raw stdout lines. */
  stdout: string[];
  stderr: string[];
  /** Every stdout line that parses as JSON, in order (non-JSON lines are skipped). */
  json: unknown[];
}

export type TestSettings = Partial<Omit<MachineSettings, 'workspace'>>;

/** Boots a machine with its own temp workspace and data folder. Call `close` when done. */
export async function bootTestLab(settings: TestSettings = {}): Promise<TestLab> {
  const root = mkdtempSync(join(tmpdir(), 'mmlab-test-'));
  const engine = await bootNodeLab({ ...settings, workspace: join(root, 'ws'), dataDir: join(root, 'data') });
  return new TestLab(engine, root);
}

export class TestLab {
  constructor(
    readonly engine: LabEngine,
    readonly root: string,
  ) {}

  get workspace(): string {
    return this.engine.settings.workspace;
  }

  async start(source: string, fileName = 'test.ts', commandLine?: string): Promise<LabProcess> {
    return this.engine.start({ fileName, source, commandLine });
  }

  async run(source: string, fileName = 'test.ts', commandLine?: string): Promise<RunResult> {
    const p = await this.start(source, fileName, commandLine);
    const exitCode = await p.exited;
    return { exitCode, stdout: p.stdout, stderr: p.stderr, json: parseJsonLines(p.stdout) };
  }

  /** Throws if the kernel's invariants do not hold (list totals, frame ownership, commit sums, leaks). */
  checkInvariants(): void {
    checkInvariants(this.engine);
  }

  async close(): Promise<void> {
    try {
      await this.engine.shutdown();
    } finally {
      rmSync(this.root, { recursive: true, force: true });
    }
  }
}

/** Boots a machine, runs one program, checks invariants after it, shuts down. */
export async function runProgram(source: string, settings: TestSettings = {}): Promise<RunResult> {
  const lab = await bootTestLab(settings);
  try {
    const r = await lab.run(source);
    lab.checkInvariants();
    return r;
  } finally {
    await lab.close();
  }
}

export function parseJsonLines(lines: string[]): unknown[] {
  const out: unknown[] = [];
  for (const line of lines) {
    try {
      out.push(JSON.parse(line));
    } catch {
      /* not JSON: skipped */
    }
  }
  return out;
}
