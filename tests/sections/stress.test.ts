/**
 * Stress: several processes share one file through different mapping objects and views,
 * write with plain stores, Interlocked* and under a named mutex, while RAM is small (so
 * working sets are trimmed and the mapped page writer writes pages back behind them) and
 * the test kills processes at random moments. Afterwards the file on disk must equal a
 * model of the writes that completed, every resource must be back, and the kernel
 * invariants must hold.
 *
 * The file layout (int32 slots):
 *   [0]                 completed rounds, all processes (InterlockedIncrement)
 *   [1]                 log length (plain stores under the mutex)
 *   [16 .. 16+LOG)      log entries, (process index + 1) << 16 | round, appended under the mutex
 *   region i            REGION ints per process, each round r writes (i + 1) << 24 | r to every
 *                       slot in order, alternating page by page between two views of the
 *                       same bytes
 *
 * The model: a region holds rounds r and r - 1 only (r - 1 where a kill cut round r short);
 * the counter equals the rounds whose increment ran; log entries of one process have
 * consecutive rounds and no entry is torn.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestLab, type TestLab } from '../harness.js';
import type { LabProcess } from '../../src/lab/lab-engine.js';
import type { Lab } from '../../src/lab/lab.js';

const PROCESSES = 4;
const REGION_INTS = 2304 * 1024; // 9 MiB per process: the two survivors alone need more than the machine's 16 MiB
const LOG = 4096;
const REGION_START = 16 + LOG + 1024 * 3; // past the header page(s), int index
const FILE_BYTES = (REGION_START + PROCESSES * REGION_INTS) * 4;
const ROUNDS = 4;

const worker = `
import { CreateFile, CreateFileMapping, OpenFileMapping, MapViewOfFile, UnmapViewOfFile, CloseHandle, CreateMutex, WaitForSingleObject, ReleaseMutex,
         GetCommandLine, GetLastError, InterlockedIncrement, mem, GENERIC_READ, GENERIC_WRITE, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING,
         PAGE_READWRITE, FILE_MAP_WRITE, FILE_MAP_ALL_ACCESS, INFINITE, WAIT_FAILED } from 'mmlab/win32';
const i = Number(GetCommandLine().split(' ').pop());
const must = (v: number, what: string) => { if (!v || v === -1) throw new Error(what + ' failed: ' + GetLastError()); return v; };
const f = must(CreateFile('C:\\\\shared.bin', GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, null), 'CreateFile');
// Each process its own unnamed mapping object on the file, plus a named one shared by all.
const own = must(CreateFileMapping(f, null, PAGE_READWRITE, 0, 0, null), 'own mapping');
const named = must(CreateFileMapping(f, null, PAGE_READWRITE, 0, 0, 'stress-map'), 'named mapping');
const whole = must(MapViewOfFile(own, FILE_MAP_WRITE, 0, 0, 0), 'whole view');
const regionByte = (${REGION_START} + i * ${REGION_INTS}) * 4;
const aligned = Math.floor(regionByte / 65536) * 65536;
const window = must(MapViewOfFile(named, FILE_MAP_ALL_ACCESS, 0, aligned, regionByte - aligned + ${REGION_INTS * 4}), 'window view');
const viaWhole = mem.int32(whole + regionByte);
const viaWindow = mem.int32(window + (regionByte - aligned));
const counter = whole;
const log = mem.int32(whole);
const mutex = must(CreateMutex(null, 0, 'stress-mutex'), 'mutex');
for (let r = 1; r <= ${ROUNDS}; r++) {
  const v = ((i + 1) << 24) | r;
  // In order, alternating views every page: the page being written is often trimmed while
  // this worker still holds a translation for it (the accessed bit is set only on a TLB
  // miss), which is what a broken shootdown would get wrong.
  for (let k = 0; k < ${REGION_INTS}; k++) ((k >> 10) & 1 ? viaWindow : viaWhole).set(k, v);
  InterlockedIncrement(counter);
  const w = WaitForSingleObject(mutex, INFINITE);
  if (w === WAIT_FAILED) throw new Error('wait failed ' + GetLastError());
  const n = log.get(1);
  log.set(16 + n, ((i + 1) << 16) | r);
  log.set(1, n + 1);
  ReleaseMutex(mutex);
}
console.log('done', i);
UnmapViewOfFile(whole); UnmapViewOfFile(window); CloseHandle(own); CloseHandle(named); CloseHandle(f); CloseHandle(mutex);
`;

describe('sections under stress: shared file, small RAM, random kills', () => {
  let lab: TestLab;
  const exits: number[] = [];
  let killed: number[] = [];
  let baseline: { commit: number; pool: number; objects: number };

  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: 16 * 1024 * 1024, pagefileBytes: 64 * 1024 * 1024 });
    writeFileSync(join(lab.workspace, 'shared.bin'), Buffer.alloc(FILE_BYTES));
    writeFileSync(join(lab.workspace, 'w.ts'), worker);
    const s0 = lab.engine.sample().system;
    baseline = { commit: s0.commitCharge, pool: s0.lists.pool, objects: 0 };
    const procs: LabProcess[] = [];
    for (let i = 0; i < PROCESSES; i++) procs.push(await lab.start(worker, 'w.ts', `w.ts ${i}`));
    // Kill two of them at a random moment: a few milliseconds after a random round of
    // theirs (not the last) has ended, so they die in the middle of the next one.
    const victims = [procs[1]!, procs[3]!];
    killed = victims.map((p) => p.pid);
    const timers: ReturnType<typeof setTimeout>[] = [];
    const killAfter = new Map(killed.map((pid) => [pid, 1 + Math.floor(Math.random() * (ROUNDS - 2))]));
    const off = lab.engine.onEvent((e) => {
      if (e.kind !== 'service' || e.call !== 'ReleaseMutex' || !killAfter.has(e.pid)) return;
      const left = killAfter.get(e.pid)! - 1;
      if (left > 0) {
        killAfter.set(e.pid, left);
        return;
      }
      killAfter.delete(e.pid);
      timers.push(setTimeout(() => lab.engine.terminate(e.pid, 0xdead), Math.random() * 10));
    });
    for (const p of procs) exits.push(await p.exited);
    off();
    timers.forEach(clearTimeout);
  }, 300_000);

  afterAll(async () => {
    await lab?.close();
  });

  it('the survivors finish every round; the victims were killed mid-work', () => {
    expect(exits).toEqual([0, 0xdead, 0, 0xdead]);
  });

  it('memory was short: working sets were trimmed and pages written back to the file meanwhile', () => {
    const k = (lab.engine as Lab).kernel;
    expect({ trimmed: k.balancer.pagesTrimmed > 0, written: k.writer.pagesWritten > 0 }).toEqual({ trimmed: true, written: true });
  });

  it('the file on disk equals the model of the completed writes', () => {
    const data = readFileSync(join(lab.workspace, 'shared.bin'));
    const ints = new Int32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    const rounds: number[] = [];
    for (let i = 0; i < PROCESSES; i++) {
      const base = REGION_START + i * REGION_INTS;
      let r = 0;
      for (let k = 0; k < REGION_INTS; k++) r = Math.max(r, ints[base + k]! & 0xffffff);
      const tag = (i + 1) << 24;
      const older = r > 1 ? tag | (r - 1) : 0;
      let wrong = 0;
      for (let k = 0; k < REGION_INTS; k++) if (ints[base + k] !== (tag | r) && ints[base + k] !== older) wrong++;
      expect(wrong, `region ${i}: slots that are neither round ${r} nor ${r - 1}`).toBe(0);
      if (exits[i] === 0) expect(r, `survivor ${i} did every round`).toBe(ROUNDS);
      rounds.push(r);
    }
    // Every completed round was counted once; a process killed between its last store and
    // its increment leaves one round uncounted.
    const counter = ints[0]!;
    const full = rounds.reduce((a, b) => a + b, 0);
    expect(counter).toBeLessThanOrEqual(full);
    expect(counter).toBeGreaterThanOrEqual(full - killed.length);
    // The log: consecutive rounds per process, never more than its region shows.
    const n = ints[1]!;
    expect(n).toBeGreaterThanOrEqual(counter - killed.length);
    const seen = new Map<number, number>();
    for (let e = 0; e < n; e++) {
      const entry = ints[16 + e]!;
      const who = (entry >> 16) - 1;
      const round = entry & 0xffff;
      expect(who).toBeGreaterThanOrEqual(0);
      expect(who).toBeLessThan(PROCESSES);
      expect(round, `log entry ${e}`).toBe((seen.get(who) ?? 0) + 1);
      seen.set(who, round);
      expect(round).toBeLessThanOrEqual(rounds[who]!);
    }
  });

  it('everything is given back and the kernel invariants hold', async () => {
    lab.checkInvariants();
    // The zero-page worker and the writer run on timers: let them settle, then compare.
    const s = lab.engine.sample().system;
    expect(s.commitCharge).toBe(baseline.commit);
    expect(s.lists.pool).toBe(baseline.pool);
    expect(lab.engine.processes().filter((p) => p.state !== 'exited')).toEqual([]);
    void baseline.objects;
  });
});
