/**
 * The event stream (SPEC section 3, issue 2 section 5): every service call that can change a
 * counter produces one ServiceEvent with the process, the call, its arguments, its result,
 * the last error it set and the exact counter deltas it caused; queries produce none.
 *
 * The calls below work inside one 2 MiB-aligned block whose page table exists before the
 * measured calls (an anchor page, committed and touched first), so no page table is made
 * or freed by them and the deltas are exactly the pages of the call (x86: 4 KiB pages,
 * one page table per 4 MiB).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent, ServiceEvent } from '../../src/api/events.js';
import { MiB } from '../../src/api/settings.js';
import { bootTestLab, type RunResult, type TestLab } from '../harness.js';
import { W } from '../conformance/win32-values.js';

const PG = 4096;

const PROGRAM = `
import * as W from 'mmlab/win32';
const { VirtualAlloc, VirtualFree, VirtualQuery, SetProcessWorkingSetSize, GetProcessMemoryInfo, GetCurrentProcess,
        MEMORY_BASIC_INFORMATION, PROCESS_MEMORY_COUNTERS, mem, MEM_RESERVE, MEM_COMMIT, MEM_DECOMMIT, MEM_RELEASE, PAGE_READWRITE } = W as any;
const R = VirtualAlloc(0, 0x400000, MEM_RESERVE, PAGE_READWRITE);
const B = Math.ceil(R / 0x200000) * 0x200000;
VirtualFree(R, 0, MEM_RELEASE);
VirtualAlloc(B, 0x100000, MEM_RESERVE, PAGE_READWRITE);
VirtualAlloc(B, 0x1000, MEM_COMMIT, PAGE_READWRITE);
mem.setInt32(B, 1);
const c = VirtualAlloc(B + 0x10000, 16 * 0x1000, MEM_COMMIT, PAGE_READWRITE);
for (let i = 0; i < 8; i++) mem.setInt32(c + i * 0x1000, i);
VirtualQuery(B, new MEMORY_BASIC_INFORMATION(), 28);
const pmc = new PROCESS_MEMORY_COUNTERS();
GetProcessMemoryInfo(GetCurrentProcess(), pmc, 40);
const trimmed = SetProcessWorkingSetSize(GetCurrentProcess(), -1, -1);
const decommitted = VirtualFree(c, 16 * 0x1000, MEM_DECOMMIT);
const zero = VirtualAlloc(0, 0, MEM_RESERVE, PAGE_READWRITE);
const huge = VirtualAlloc(0, 0x40000000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
const released = VirtualFree(B, 0, MEM_RELEASE);
console.log(JSON.stringify({ B, c, ws: pmc.WorkingSetSize, trimmed, decommitted, zero, huge, released }));
`;

describe('service events carry the call and its exact counter deltas', () => {
  let lab: TestLab;
  let run: RunResult;
  let pid: number;
  let out: {
    B: number;
    c: number;
    ws: number;
    trimmed: number;
    decommitted: number;
    zero: number;
    huge: number;
    released: number;
  };
  const events: LabEvent[] = [];
  let calls: ServiceEvent[];

  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: 64 * MiB, pagefileBytes: 64 * MiB, profile: 'x86' });
    lab.engine.onEvent((e) => events.push(e));
    const p = await lab.start(PROGRAM, 'events.ts');
    pid = p.pid;
    run = { exitCode: await p.exited, stdout: p.stdout, stderr: p.stderr, json: [] };
    out = JSON.parse(run.stdout.at(-1)!) as typeof out;
    calls = events.filter((e): e is ServiceEvent => e.kind === 'service' && e.pid === pid);
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  }, 60_000);

  const none = { availPhys: 0, availPageFile: 0, availVirtual: 0, commitCharge: 0, workingSet: 0 };

  it('the program ran; each counter-changing call is one event, in call order, and queries make none', () => {
    expect(run.exitCode).toBe(0);
    expect(calls.map((e) => e.call)).toEqual([
      'VirtualAlloc',
      'VirtualFree',
      'VirtualAlloc',
      'VirtualAlloc',
      'VirtualAlloc',
      'SetProcessWorkingSetSize',
      'VirtualFree',
      'VirtualAlloc',
      'VirtualAlloc',
      'VirtualFree',
    ]);
    const seqs = calls.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.t).toBeGreaterThanOrEqual(calls[i - 1]!.t);
  });

  it('reserving 1 MiB: availVirtual -1 MiB and nothing else', () => {
    expect(calls[2]).toMatchObject({
      args: [out.B, 0x100000, W.MEM_RESERVE, W.PAGE_READWRITE],
      result: out.B,
      lastError: 0,
      deltas: { ...none, availVirtual: -0x100000 },
    });
  });

  it('committing N pages: availPageFile -N*4096, commit charge +N, no physical memory', () => {
    expect(calls[4]).toMatchObject({
      args: [out.B + 0x10000, 16 * PG, W.MEM_COMMIT, W.PAGE_READWRITE],
      result: out.c,
      lastError: 0,
      deltas: { ...none, availPageFile: -16 * PG, commitCharge: 16 },
    });
  });

  it('emptying the working set: the working set delta is minus its size; dirty pages go to the modified list', () => {
    expect(out.trimmed).toBe(1);
    expect(out.ws).toBeGreaterThanOrEqual(9 * PG);
    expect(calls[5]).toMatchObject({
      args: [-1, -1, -1],
      result: 1,
      lastError: 0,
      deltas: { ...none, workingSet: -out.ws / PG },
    });
  });

  it('decommitting 16 pages, 8 of them touched (and trimmed): commit and pagefile back, modified frames freed', () => {
    expect(calls[6]).toMatchObject({
      args: [out.c, 16 * PG, W.MEM_DECOMMIT],
      result: 1,
      lastError: 0,
      deltas: { ...none, availPageFile: 16 * PG, commitCharge: -16, availPhys: 8 * PG },
    });
  });

  it('a failing call records its result and last error, and moves nothing', () => {
    expect(calls[7]).toMatchObject({
      args: [0, 0, W.MEM_RESERVE, W.PAGE_READWRITE],
      result: 0,
      lastError: W.ERROR_INVALID_PARAMETER,
      deltas: none,
    });
    expect(out.huge).toBe(0);
    expect(calls[8]).toMatchObject({ result: 0, lastError: W.ERROR_COMMITMENT_LIMIT, deltas: none });
  });

  // Only the range is asserted: whether the now empty page table goes too (and with it one
  // more page of commit and of physical memory) is the page-table policy's business.
  it('releasing the block gives back its virtual range', () => {
    expect(calls[9]).toMatchObject({ args: [out.B, 0, W.MEM_RELEASE], result: 1, lastError: 0 });
    expect(calls[9]!.deltas.availVirtual).toBe(0x100000);
    expect(calls[9]!.deltas.workingSet).toBe(0);
  });
});
