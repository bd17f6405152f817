import { describe, expect, it } from 'vitest';
import { faultRateOption, MAX_MARKERS, memoryStatusOption, type Marker } from './options.js';
import { processCounters, sample, serviceEvent } from '../../testing/fake-lab-api.js';

const MiB = 1024 * 1024;
type Series = { name: string; data: unknown[] };

describe('dashboard chart options', () => {
  it('marks each call on the lines of the counters it moved, at the value after the call', () => {
    const samples = [sample(0, 64 * MiB), sample(100, 64 * MiB), sample(200, 48 * MiB)];
    const events = [
      serviceEvent(1, 150, 'VirtualAlloc', { availPhys: -16 * MiB }),
      serviceEvent(2, 160, 'GetTickCount'),
    ];
    const option = memoryStatusOption(samples, events, null, false);
    const series = option['series'] as Series[];
    const phys = series.find((s) => s.name === 'Available physical: calls')!.data as Marker[];
    expect(phys).toHaveLength(1);
    expect(phys[0]!.value).toEqual([0.15, 48]);
    expect(phys[0]!.event.call).toBe('VirtualAlloc');
    expect(series.find((s) => s.name === 'Available pagefile (commit left): calls')!.data).toEqual([]);
    // Without a selected process there is no virtual line and no virtual marker.
    expect(series.find((s) => s.name === 'Available virtual')!.data).toEqual([]);
  });

  it('marks only the newest calls when a program calls in a loop', () => {
    const samples = [sample(0, 64 * MiB), sample(10_000, 32 * MiB)];
    const events = Array.from({ length: 3 * MAX_MARKERS }, (_, i) =>
      serviceEvent(i + 1, 1 + i, 'VirtualAlloc', { availPhys: -4096 }),
    );
    const series = memoryStatusOption(samples, events, null, false)['series'] as Series[];
    const phys = series.find((s) => s.name === 'Available physical: calls')!.data as Marker[];
    expect(phys).toHaveLength(MAX_MARKERS);
    expect(phys.map((m) => m.event.seq)).toEqual(events.slice(-MAX_MARKERS).map((e) => e.seq));
  });

  it('turns fault counts into rates per second and never shows a negative rate', () => {
    const proc = (demandZero: number) =>
      processCounters(100, {
        faults: { demandZero, transition: 0, copyOnWrite: 0, pagefileRead: 0, fileRead: 0, accessViolation: 0 },
      });
    const samples = [sample(0, 0, [proc(0)]), sample(500, 0, [proc(50)]), sample(1000, 0, [])];
    const series = faultRateOption(samples)['series'] as Series[];
    expect(series.find((s) => s.name === 'demand-zero')!.data).toEqual([
      [0.5, 100],
      [1, 0],
    ]);
  });
});
