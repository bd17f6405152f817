/**
 * sync-cases.ts: running object-manager and synchronisation cases, including cases that
 * span several processes. Every program gets cases.ts's prelude plus syncPrelude(); child
 * programs are written into the machine's workspace (C:\) so a parent can CreateProcess
 * them, and the JSON case lines of every process of the run are collected by name (the
 * names must be unique across the processes).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabEvent } from '../../src/api/events.js';
import { beforeAll } from 'vitest';
import { CaseResults, LAB_TIMEOUT, PendingCaseResults, byName, prelude, type SuiteLab } from './cases.js';
import { parseJsonLines } from '../harness.js';
import { syncPrelude } from './sync-values.js';

/** A full program: the suite's preludes and `body`. */
export function syncProgram(body: string): string {
  return prelude('x86') + syncPrelude() + body;
}

/**
 * Runs `body` as a process of `lab`, with `children` (workspace file name → body) written
 * to C:\ first. Resolves when the first process has exited and every process it started
 * has too; the results hold the case lines of all of them.
 */
export async function runFamily(
  lab: SuiteLab,
  body: string,
  children: Record<string, string> = {},
): Promise<CaseResults> {
  for (const [file, childBody] of Object.entries(children))
    writeFileSync(join(lab.lab.workspace, file), syncProgram(childBody));
  const lines = new Map<number, string[]>();
  const off = lab.engine.onEvent((e: LabEvent) => {
    if (e.kind !== 'output' || e.stream !== 'stdout') return;
    const l = lines.get(e.pid) ?? [];
    l.push(...e.text.split('\n').filter((s) => s.length > 0));
    lines.set(e.pid, l);
  });
  try {
    const run = await lab.run(syncProgram(body), 'sync-case.ts');
    // Children the parent did not wait for: wait until the machine has no running process.
    for (let i = 0; i < 600 && lab.engine.processes().some((p) => p.state !== 'exited'); i++)
      await new Promise((r) => setTimeout(r, 50));
    const all = [...lines.values()].flat();
    return new CaseResults(run, byName(parseJsonLines(all)));
  } finally {
    off();
  }
}

/** Call in a describe block: runs `body` (and the children it starts) once on `lab` before the block's tests. */
export function familyOn(lab: SuiteLab, body: string, children: Record<string, string> = {}): PendingCaseResults {
  const pending = new PendingCaseResults();
  beforeAll(async () => {
    pending.fill(await runFamily(lab, body, children));
  }, LAB_TIMEOUT);
  return pending;
}
