import { describe, expect, it } from 'vitest';
import { countersCsv } from './counters-export.js';
import { processCounters, sample } from './testing/fake-lab-api.js';

describe('counters CSV', () => {
  it('has the CLI columns: t, the system counters, then per-process virtual and working set', () => {
    const p = processCounters(104, { workingSet: { total: 7, private: 7, shareable: 0, shared: 0 }, availVirtual: 5 });
    const lines = countersCsv([sample(0), sample(100, 4096, [p])]).trim().split('\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['t', 'totalPages', 'lists.zeroed']);
    expect(header.slice(-2)).toEqual(['pid104.availVirtual', 'pid104.workingSet']);
    expect(lines[1]!.endsWith(',,')).toBe(true);
    expect(lines[2]!.endsWith(',5,7')).toBe(true);
  });
});
