/**
 * The counter sampler (SPEC section 3): while subscribed, onSample delivers a sample every
 * settings.sampleMs with the system counters (page lists adding up to RAM, commit, pagefile,
 * GlobalMemoryStatus figures) and one entry per process with its own counters; it stops when
 * the last listener unsubscribes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterSample } from '../../src/api/counters.js';
import { MiB } from '../../src/api/settings.js';
import { bootTestLab, type TestLab } from '../harness.js';

const SAMPLE_MS = 20;
const RAM = 64 * MiB;

/** Holds 2 MiB committed, 256 pages touched, for about 400 ms. */
const HOLDER = `
import * as W from 'mmlab/win32';
const { VirtualAlloc, Sleep, mem, MEM_RESERVE, MEM_COMMIT, PAGE_READWRITE } = W as any;
const a = VirtualAlloc(0, 2 * 1024 * 1024, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
for (let i = 0; i < 256; i++) mem.setInt32(a + i * 4096, i);
console.log('holding');
Sleep(400);
`;

describe(`the sampler at ${SAMPLE_MS} ms`, () => {
  let lab: TestLab;
  const samples: CounterSample[] = [];
  let pid: number;
  let afterStop = 0;

  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: RAM, pagefileBytes: 64 * MiB, profile: 'x86', sampleMs: SAMPLE_MS });
    const stop = lab.engine.onSample((s) => samples.push(s));
    const p = await lab.start(HOLDER, 'holder.ts');
    pid = p.pid;
    await p.exited;
    stop();
    const n = samples.length;
    await new Promise((r) => setTimeout(r, 5 * SAMPLE_MS));
    afterStop = samples.length - n;
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  }, 60_000);

  it('delivers samples every sampleMs (never sooner; on a busy host sometimes later)', () => {
    expect(samples.length).toBeGreaterThanOrEqual(8);
    const gaps = samples.slice(1).map((s, i) => s.system.t - samples[i]!.system.t);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(SAMPLE_MS - 1);
    const median = [...gaps].sort((a, b) => a - b)[gaps.length >> 1]!;
    expect(median).toBeLessThan(3 * SAMPLE_MS);
  });

  it('stops when the listener unsubscribes', () => {
    expect(afterStop).toBe(0);
  });

  it('system counters: the page lists add up to RAM, and the GlobalMemoryStatus figures follow from them', () => {
    for (const { system: s } of samples) {
      const l = s.lists;
      expect(l.zeroed + l.free + l.standby + l.modified + l.active + l.pendingFlush).toBe(RAM / 4096);
      expect(s.totalPages).toBe(RAM / 4096);
      expect(s.totalPhys).toBe(RAM);
      expect(s.availPhys).toBe((l.zeroed + l.free + l.standby) * 4096);
      expect(s.commitLimit).toBe((RAM + 64 * MiB) / 4096);
      expect(s.totalPageFile).toBe(s.commitLimit * 4096);
      expect(s.availPageFile).toBe((s.commitLimit - s.commitCharge) * 4096);
      expect(s.pagefilePages).toBe((64 * MiB) / 4096);
    }
  });

  it('per-process counters: the holder appears with its working set, private bytes and faults while it holds', () => {
    const holding = samples.filter((s) =>
      s.processes.some((p) => p.pid === pid && p.state !== 'exited' && p.workingSet.total >= 256),
    );
    expect(holding.length).toBeGreaterThanOrEqual(5);
    for (const s of holding) {
      const p = s.processes.find((x) => x.pid === pid)!;
      expect(p.name).toBe('holder.ts');
      expect(p.privateBytes).toBeGreaterThanOrEqual(2 * MiB);
      expect(p.faults.demandZero).toBeGreaterThanOrEqual(256);
      expect(p.availVirtual).toBeLessThanOrEqual(p.totalVirtual - 2 * MiB);
    }
  });
});
