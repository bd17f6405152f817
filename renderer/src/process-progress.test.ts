import { describe, expect, it } from 'vitest';
import type { ProcessEvent } from '../../src/api/events.js';
import { formatDuration } from './format.js';
import { processProgress } from './process-progress.js';
import { processCounters, sample } from './testing/fake-lab-api.js';

const faults = (demandZero: number, fileRead = 0) => ({
  demandZero,
  transition: 1,
  copyOnWrite: 0,
  pagefileRead: 2,
  fileRead,
  accessViolation: 5,
});
const created: ProcessEvent = { kind: 'process', seq: 1, t: 1000, pid: 4, what: 'created', name: 'S4.ts' };

describe('processProgress', () => {
  it('reads elapsed time, working set, faults so far and the fault rate over the last second', () => {
    const samples = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((i) =>
      sample(1000 + i * 250, 0, [
        processCounters(4, {
          faults: faults(i * 100, i * 10),
          workingSet: { total: 10 + i, private: 10 + i, shareable: 0, shared: 0 },
        }),
      ]),
    );
    const p = processProgress(samples.at(-1)!.processes[0]!, samples, { created, exited: null, firstSeen: 1000 });
    expect(p).toMatchObject({
      pid: 4,
      state: 'running',
      elapsedMs: 3000,
      workingSetBytes: 22 * 4096,
      faults: 1200 + 1 + 2 + 120,
      hardFaults: 122,
    });
    // Over the last 1000 ms (4 samples of 250 ms): 400 demand-zero and 40 file-read faults.
    expect(p.faultsPerSecond).toBe(440);
    expect(p.exitReason).toBeNull();
  });

  it('falls back to the first sample that showed the process, and stops the clock at its exit', () => {
    const running = [sample(2000, 0, [processCounters(8)]), sample(2100, 0, [processCounters(8)])];
    expect(
      processProgress(running[1]!.processes[0]!, running, { created: null, exited: null, firstSeen: 2000 }).elapsedMs,
    ).toBe(100);
    const exitedCounters = processCounters(8, { state: 'exited', exitCode: 1 });
    const after = [...running, sample(9000, 0, [exitedCounters])];
    const exited: ProcessEvent = {
      kind: 'process',
      seq: 9,
      t: 2500,
      pid: 8,
      what: 'exited',
      name: 'x',
      exitCode: 1,
      reason: 'terminated from the lab',
    };
    const p = processProgress(exitedCounters, after, { created: null, exited, firstSeen: 2000 });
    expect(p).toMatchObject({
      state: 'exited',
      elapsedMs: 500,
      exitCode: 1,
      exitReason: 'terminated from the lab',
      faultsPerSecond: null,
    });
    expect(
      processProgress(running[0]!.processes[0]!, running.slice(0, 1), { created: null, exited: null, firstSeen: null }),
    ).toMatchObject({
      elapsedMs: null,
      faultsPerSecond: null,
    });
  });

  it('formats durations', () => {
    expect(formatDuration(400)).toBe('0.4 s');
    expect(formatDuration(12_449)).toBe('12.4 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});
