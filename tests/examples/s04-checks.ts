/**
 * What S4 (SPEC section 4: increment every int32 of a file through one view, with less RAM
 * than the file) must show, as tests shared by the default tier (a 32 MiB file in 16 MiB of
 * RAM, s04-increment.test.ts) and the slow tier (the seed's 1 GiB file in 256 MiB,
 * full-size.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
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
  let afterClose: Buffer | null = null;
  const ex = useExample(
    'S4',
    {
      args: [sizeName],
      settings: { profile: 'x86', ramBytes, sampleMs: 5 },
      collectSamples: true,
      // int32 number i of the file holds i, so every value written back can be checked.
      prepare: (lab: TestLab) => writeFileSync(join(lab.workspace, fileName), numbered(N)),
      onLine: (l: PrintedLine) => {
        // Before the view is unmapped: the first pages, trimmed long ago, are on disk already.
        if (l.text.startsWith('  8/8 done')) midRun = readInts(ex.lab, fileName, 0, 16);
        // The file is closed: everything is on disk.
        if (l.text.startsWith('CloseHandle(hFile)')) afterClose = readFileSync(join(ex.lab.workspace, fileName));
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
    expect(loop).toMatchObject({ pagefile: -tables * PAGE, virtual: 0 });
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
    expect(afterClose).not.toBeNull();
    const ints = new Int32Array(afterClose!.buffer, afterClose!.byteOffset, N);
    const wrong: string[] = [];
    for (let i = 0; i < N && wrong.length < 5; i++) {
      const want = i === N - 1 ? 10 : i === 100 ? 90 : i === 101 ? 100 : i + 1;
      if (ints[i] !== want) wrong.push(`[${i}] = ${ints[i]}, not ${want}`);
    }
    expect(wrong).toEqual([]);
  });
}

/** int32 number i = i, as `mmlab mkfile --pattern seq` makes it. */
function numbered(n: number): Buffer {
  const ints = new Int32Array(n);
  for (let i = 0; i < n; i++) ints[i] = i;
  return Buffer.from(ints.buffer);
}

function readInts(lab: TestLab, fileName: string, first: number, count: number): Int32Array {
  const b = readFileSync(join(lab.workspace, fileName)).subarray(first * 4, (first + count) * 4);
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}
