/**
 * What S4 (SPEC section 4: increment every int32 of a file through one view, with less RAM
 * than the file) must show, as tests shared by the default tier (a 32 MiB file in 16 MiB of
 * RAM, s04-increment.test.ts) and the slow tier (the seed's 1 GiB file in 256 MiB,
 * full-size.test.ts).
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { TestLab } from '../harness.js';
import {
  balanceSetFloorPages,
  PAGE,
  pageTablesBetween,
  processIn,
  useExample,
  type PrintedLine,
} from './run-example.js';

/** Defines S4's tests for a file of `fileBytes` bytes on a machine with `ramBytes` of RAM. */
export function s4Tests(fileBytes: number, ramBytes: number, sizeName: string, timeoutMs: number): void {
  const N = fileBytes / 4;
  const fileName = `${sizeName}.bin`;
  let midRun: Int32Array | null = null;
  let wrongAtClose: string[] | null = null;
  const ex = useExample(
    'S4',
    {
      args: [sizeName],
      settings: { profile: 'x86', ramBytes, sampleMs: 5 },
      collectSamples: true,
      // int32 number i of the file holds i, so every value written back can be checked.
      prepare: (lab: TestLab) => writeNumbered(join(lab.workspace, fileName), N),
      onLine: (l: PrintedLine) => {
        // Before the view is unmapped: the first pages, trimmed long ago, are on disk already.
        if (l.text.startsWith('  8/8 done')) midRun = readInts(join(ex.lab.workspace, fileName), 0, 16);
        // The file is closed: everything is on disk.
        if (l.text.startsWith('CloseHandle(hFile)'))
          wrongAtClose = checkIncremented(join(ex.lab.workspace, fileName), N);
      },
    },
    timeoutMs,
  );

  it('runs to the end', () => {
    expect(ex.run.exitCode, ex.run.dump()).toBe(0);
    expect(ex.run.text()).toContain(`pInt[N-1] before = ${N - 1}`);
  });

  it('MapViewOfFile of the whole file moves only avail virtual, by the file size', () => {
    const map = ex.run.step('MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)');
    expect(ex.run.call(map).deltas).toMatchObject({ availPhys: 0, availPageFile: 0, availVirtual: -fileBytes });
    expect(map).toMatchObject({ phys: 0, pagefile: 0, virtual: -fileBytes });
  });

  it('the loop reads the file by page faults and charges commit only for page tables', () => {
    const start = ex.run.line('pInt[N-1] before = ');
    const loop = ex.run.step('increment every int32');
    const tables = pageTablesBetween(start, loop.line);
    expect(tables).toBeGreaterThan(0);
    expect(loop).toMatchObject({ pagefile: 0 - tables * PAGE, virtual: 0 });
    expect(loop.line.sample.system.commitCharge - start.sample.system.commitCharge).toBe(tables);
    const faults = (l: PrintedLine) => processIn(l.sample, ex.run.mainPid).faults;
    expect(faults(loop.line).fileRead - faults(start).fileRead).toBeGreaterThan(0);
    // Dirty file pages go back to their file, never to the pagefile.
    for (const s of ex.run.samples) expect(s.system.pagefileUsed).toBe(0);
  });

  it('avail phys falls, and trimming keeps it at or above the balance-set floor', () => {
    const floor = balanceSetFloorPages(ex.lab) * PAGE;
    const before = ex.run.line('before the loop').sample.system.availPhys;
    const during = [
      ...ex.run.samples.map((s) => s.system.availPhys),
      ...ex.run.lines.filter((l) => / done: /.test(l.text)).map((l) => l.sample.system.availPhys),
    ];
    expect(during.length).toBeGreaterThan(8);
    expect(Math.min(...during)).toBeGreaterThanOrEqual(floor);
    expect(Math.min(...during)).toBeLessThan(before - ramBytes / 2);
    // The view never fits: the working set was trimmed while the loop ran.
    const peak = Math.max(...ex.run.samples.map((s) => processIn(s, ex.run.mainPid).peakWorkingSet));
    expect(peak).toBeLessThan(fileBytes / PAGE);
  });

  it('the modified page writer wrote pages back to the file before the unmap', () => {
    expect(midRun).not.toBeNull();
    expect(Array.from(midRun!)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('after the unmap the file holds the new values (ReadFile at once, the disk by the close)', () => {
    expect(ex.run.text()).toContain('the file after unmap: [0] = 1, [100] = 90, [101] = 100, [N-1] = 10');
    expect(wrongAtClose).toEqual([]);
  });
}

const CHUNK_INTS = 4 * 1024 * 1024;

/** Writes `n` int32s, number i = i (as `mmlab mkfile --pattern seq`), 16 MiB at a time. */
function writeNumbered(path: string, n: number): void {
  const fd = openSync(path, 'w');
  try {
    const ints = new Int32Array(Math.min(CHUNK_INTS, n));
    for (let first = 0; first < n; first += ints.length) {
      const count = Math.min(ints.length, n - first);
      for (let i = 0; i < count; i++) ints[i] = first + i;
      writeSync(fd, new Uint8Array(ints.buffer, 0, count * 4));
    }
  } finally {
    closeSync(fd);
  }
}

function readInts(path: string, first: number, count: number): Int32Array {
  const ints = new Int32Array(count);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, new Uint8Array(ints.buffer), 0, count * 4, first * 4);
  } finally {
    closeSync(fd);
  }
  return ints;
}

/** The first few int32s of the file that are not what S4 leaves: i + 1, and the seed's 90, 100 and 10. */
function checkIncremented(path: string, n: number): string[] {
  const wrong: string[] = [];
  for (let first = 0; first < n && wrong.length < 5; first += CHUNK_INTS) {
    const ints = readInts(path, first, Math.min(CHUNK_INTS, n - first));
    for (let k = 0; k < ints.length && wrong.length < 5; k++) {
      const i = first + k;
      const want = i === n - 1 ? 10 : i === 100 ? 90 : i === 101 ? 100 : i + 1;
      if (ints[k] !== want) wrong.push(`[${i}] = ${ints[k]}, not ${want}`);
    }
  }
  return wrong;
}
