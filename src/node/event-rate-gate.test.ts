import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../api/events.js';
import { EventRateGate } from './event-rate-gate.js';

const service = { kind: 'service', seq: 1, t: 0, pid: 100, call: 'VirtualAlloc', args: [], result: 0, lastError: 0, deltas: {} } as unknown as LabEvent;
const output = { kind: 'output', seq: 2, t: 0, pid: 100, stream: 'stdout', text: 'x' } as unknown as LabEvent;

describe('EventRateGate', () => {
  it('passes at most `limit` service events per window, and all of them again in the next window', () => {
    let now = 0;
    const gate = new EventRateGate(3, 100, () => now);
    expect([1, 2, 3, 4, 5].map(() => gate.admit(service))).toEqual([true, true, true, false, false]);
    expect(gate.dropped).toBe(2);
    now = 99;
    expect(gate.admit(service)).toBe(false);
    now = 100;
    expect([1, 2, 3, 4].map(() => gate.admit(service))).toEqual([true, true, true, false]);
  });

  it('never drops process or console events', () => {
    const gate = new EventRateGate(0, 100, () => 0);
    expect(gate.admit(output)).toBe(true);
    expect(gate.admit(service)).toBe(false);
  });
});
