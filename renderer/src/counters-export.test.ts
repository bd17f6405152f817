import { stringify } from 'csv-stringify/browser/esm/sync';
import { describe, expect, it } from 'vitest';
import type { CounterSample } from '../../src/api/counters.js';
import { countersCsv, countersCsvSliced, countersJson, countersJsonSliced } from './counters-export.js';
import { TaskCancelled, taskControl } from './slicing.js';
import { processCounters, sample } from './testing/fake-lab-api.js';

/** 250 samples; processes come and go, one with a name that needs quoting. */
function recording(): CounterSample[] {
  return Array.from({ length: 250 }, (_, i) =>
    sample(i * 100, 4096 * i, [
      processCounters(4, { name: 'a, "quoted" name', state: i < 200 ? 'running' : 'exited' }),
      ...(i >= 50 ? [processCounters(8, { availVirtual: i })] : []),
    ]),
  );
}

describe('counters CSV', () => {
  it('has the CLI columns: t, the system counters, then per-process virtual and working set', () => {
    const p = processCounters(104, { workingSet: { total: 7, private: 7, shareable: 0, shared: 0 }, availVirtual: 5 });
    const lines = countersCsv([sample(0), sample(100, 4096, [p])])
      .trim()
      .split('\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['t', 'totalPages', 'lists.zeroed']);
    expect(header.slice(-2)).toEqual(['pid104.availVirtual', 'pid104.workingSet']);
    expect(lines[1]!.endsWith(',,')).toBe(true);
    expect(lines[2]!.endsWith(',5,7')).toBe(true);
  });

  it('is the text one stringify of every row makes, however many parts it is made in', () => {
    const samples = recording();
    expect(countersCsv(samples)).toBe(wholeCsv(samples));
    const lines = countersCsv(samples).trimEnd().split('\n');
    expect(lines).toHaveLength(251);
    expect(lines[200]!.endsWith(',199,1')).toBe(true); // the last sample with pid 4 running
    expect(lines[201]!.endsWith(',,,200,1')).toBe(true); // pid 4 exited: empty; pid 8: its own values
  });
});

/** The export as one stringify call (as it was made before it came in parts). */
function wholeCsv(samples: CounterSample[]): string {
  const flat = samples.map((s) => {
    const out = new Map<string, unknown>();
    const walk = (v: unknown, prefix: string): void => {
      if (typeof v === 'object' && v !== null)
        for (const [k, x] of Object.entries(v)) walk(x, prefix ? `${prefix}.${k}` : k);
      else out.set(prefix, v);
    };
    walk(s.system, '');
    return out;
  });
  const columns = ['t', ...[...new Set(flat.flatMap((m) => [...m.keys()]))].filter((c) => c !== 't')];
  const pids = [...new Set(samples.flatMap((s) => s.processes.map((p) => p.pid)))].sort((a, b) => a - b);
  const header = [...columns, ...pids.flatMap((pid) => [`pid${pid}.availVirtual`, `pid${pid}.workingSet`])];
  const rows = samples.map((s, i) => [
    ...columns.map((c) => flat[i]!.get(c) ?? ''),
    ...pids.flatMap((pid): (number | string)[] => {
      const p = s.processes.find((q) => q.pid === pid);
      return p && p.state !== 'exited' ? [p.availVirtual, p.workingSet.total] : ['', ''];
    }),
  ]);
  return stringify([header, ...rows]);
}

describe('counters JSON', () => {
  it('is JSON.stringify(samples, null, 1) with a final newline', () => {
    for (const samples of [[], [sample(0)], recording()])
      expect(countersJson(samples)).toBe(`${JSON.stringify(samples, null, 1)}\n`);
  });
});

describe('sliced exports', () => {
  it('give the same text, reporting progress by samples, and stop when cancelled', async () => {
    const samples = recording();
    const progress: number[] = [];
    const ctl = taskControl(new AbortController().signal, (f) => progress.push(f), 0);
    expect(await countersCsvSliced(samples, ctl)).toBe(countersCsv(samples));
    expect(progress).toEqual([0, 0.4, 0.8, 1, 1]);
    expect(await countersJsonSliced(samples, ctl)).toBe(countersJson(samples));

    const abort = new AbortController();
    abort.abort();
    await expect(countersJsonSliced(samples, taskControl(abort.signal))).rejects.toBeInstanceOf(TaskCancelled);
  });
});
