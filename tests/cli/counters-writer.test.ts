// The --counters CSV layout: header, one row per sample, per-process columns, empty cells.
import { describe, it, expect } from 'vitest';
import { countersFormat, samplesToCsv } from '../../src/cli/counters-writer.js';
import { UsageError } from '../../src/cli/context.js';
import type { CounterSample, ProcessCounters, SystemCounters } from '../../src/api/counters.js';

function system(t: number, availPhys: number): SystemCounters {
  return {
    t,
    totalPages: 65536,
    lists: { zeroed: 100, free: 2, standby: 3, modified: 4, active: 5, pageTables: 6, pool: 7, pendingFlush: 0 },
    commitCharge: 10,
    commitLimit: 196608,
    commitPeak: 12,
    pagefilePages: 131072,
    pagefileUsed: 0,
    memoryLoad: 1,
    totalPhys: 268435456,
    availPhys,
    totalPageFile: 805306368,
    availPageFile: 805265408,
  };
}

function proc(pid: number, name: string, availVirtual: number, ws: number): ProcessCounters {
  return {
    pid,
    name,
    state: 'running',
    exitCode: null,
    workingSet: { total: ws, private: ws, shareable: 0, shared: 0 },
    peakWorkingSet: ws,
    privateBytes: 0,
    faults: { demandZero: 0, transition: 0, copyOnWrite: 0, pagefileRead: 0, fileRead: 0, accessViolation: 0 },
    totalVirtual: 2147352576,
    availVirtual,
    handleCount: 3,
  };
}

describe('samplesToCsv', () => {
  const samples: CounterSample[] = [
    { system: system(0, 1000), processes: [proc(4, 'a.ts', 2000, 10)] },
    { system: system(100, 900), processes: [proc(4, 'a.ts', 1900, 11), proc(8, 'child, "quoted".ts', 3000, 1)] },
    { system: system(200, 950), processes: [proc(8, 'child, "quoted".ts', 2900, 2)] },
  ];
  const lines = samplesToCsv(samples).trimEnd().split('\n');

  it('has a header of t, flattened system counters, then per-process columns', () => {
    const header = lines[0]!.split(',');
    expect(header[0]).toBe('t');
    expect(header).toContain('lists.zeroed');
    expect(header).toContain('lists.pendingFlush');
    expect(header).toContain('commitCharge');
    expect(header).toContain('availPhys');
    expect(header.slice(-4)).toEqual(['pid4.availVirtual', 'pid4.workingSet', 'pid8.availVirtual', 'pid8.workingSet']);
  });

  it('has one row per sample with empty cells for absent processes', () => {
    expect(lines).toHaveLength(4);
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const col = (name: string) => header.indexOf(name);
    expect(rows.map((r) => r[col('t')])).toEqual(['0', '100', '200']);
    expect(rows.map((r) => r[col('availPhys')])).toEqual(['1000', '900', '950']);
    expect(rows.map((r) => r[col('pid4.availVirtual')])).toEqual(['2000', '1900', '']);
    expect(rows.map((r) => r[col('pid8.workingSet')])).toEqual(['', '1', '2']);
  });

  it('gives a header only for no samples', () => {
    expect(samplesToCsv([]).trim()).toBe('t');
  });
});

describe('countersFormat', () => {
  it('goes by extension', () => {
    expect(countersFormat('out.csv')).toBe('csv');
    expect(countersFormat('OUT.JSON')).toBe('json');
    expect(() => countersFormat('out.txt')).toThrow(UsageError);
  });
});
