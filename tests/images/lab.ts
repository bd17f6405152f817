/**
 * Helpers of the image tests: a lab machine with the sample images in its workspace, and
 * reads of the kernel's own state (frames, shares, commit) to check what programs cannot see.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kernel } from '../../src/ke/kernel.js';
import type { Lab } from '../../src/lab/lab.js';
import { FrameUse } from '../../src/mm/pfn-database.js';
import { PageState } from '../../src/mm/page-table.js';
import type { Process } from '../../src/ps/process.js';
import type { TestLab } from '../harness.js';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/images');
export const SAMPLES = ['app.exe', 'liba.dll', 'libb.dll', 'fixed.dll', 'app64.dll'];

export function installSamples(lab: TestLab, companions: Record<string, string> = {}): void {
  for (const f of SAMPLES) copyFileSync(join(FIXTURES, f), join(lab.workspace, f));
  for (const [name, source] of Object.entries(companions)) writeFileSync(join(lab.workspace, name), source);
}

export function kernelOf(lab: TestLab): Kernel {
  return (lab.engine as Lab).kernel;
}

/** What maps virtual address `a` in `p`: the frame, whether it is the section's (shared) frame, its share count. */
export function frameAt(k: Kernel, p: Process, a: number): { state: number; frame: number; prototype: boolean; shares: number } {
  const pt = p.addressSpace.pageTable;
  const vpn = Math.floor(a / 4096);
  const state = pt.state(vpn);
  if (state !== PageState.Active) return { state, frame: -1, prototype: false, shares: 0 };
  const f = pt.payload(vpn);
  return { state, frame: f, prototype: k.mm.pfn.use[f] === FrameUse.Prototype, shares: k.mm.pfn.shareCount[f]! };
}

/** Resolves when `pred` holds (polled), or rejects after `ms`. */
export async function until(pred: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out waiting for the lab');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The live or exited processes named `name`, by pid. */
export function processesNamed(k: Kernel, name: string): Process[] {
  return [...k.processes.values()].filter((p) => p.name === name).sort((a, b) => a.pid - b.pid);
}

/** The JSON lines a process printed. */
export function jsonOf(p: Process): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of p.stdout) {
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      /* not JSON */
    }
  }
  return out;
}
