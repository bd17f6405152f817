/**
 * Paging under pressure (issue 2, section 7): one program commits and writes twice the
 * machine's RAM, then reads all of it back through the pagefile. Every int32 holds its own
 * index (xor a seed), so a page read back from the wrong slot, a lost write or a zeroed
 * page all show as mismatches. The pagefile must really have been used: hard faults
 * counted, slots in use while the program ran, and the program's pages found in the
 * pagefile.sys file on the host disk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultCounts } from '../../src/api/counters.js';
import { MiB } from '../../src/api/settings.js';
import { bootTestLab, parseJsonLines, type RunResult, type TestLab } from '../harness.js';
import { machineState, type MachineState } from '../machine/machine-state.js';

const RAM = 32 * MiB;
const DATA = 2 * RAM;
const SEED = 0x6d3a5c21;

const PROGRAM = `
import { VirtualAlloc, VirtualFree, MEM_COMMIT, MEM_RESERVE, MEM_RELEASE, PAGE_READWRITE, mem } from 'mmlab/win32';
const WORDS = ${DATA / 4};
const SEED = ${SEED};
const a = VirtualAlloc(0, WORDS * 4, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
console.log(JSON.stringify({ allocated: a !== 0 }));
const p = mem.int32(a);
for (let i = 0; i < WORDS; i++) p.set(i, i ^ SEED);
let bad = 0;
const first: number[] = [];
for (let i = 0; i < WORDS; i++) {
  const v = p.get(i);
  if (v !== (i ^ SEED)) { if (bad++ < 5) first.push(i); }
}
console.log(JSON.stringify({ bad, first }));
console.log(JSON.stringify({ released: VirtualFree(a, 0, MEM_RELEASE) }));
`;

/** Pages of the program found in the pagefile: slots whose words are (page * 1024 + k) ^ SEED. */
function programPagesIn(pagefile: Buffer): Set<number> {
  const pages = new Set<number>();
  for (let off = 0; off + 4096 <= pagefile.length; off += 4096) {
    const w0 = (pagefile.readInt32LE(off) ^ SEED) >>> 0;
    if (w0 & 1023 || w0 / 1024 >= DATA / 4096) continue;
    let ok = true;
    for (let k = 1; k < 1024 && ok; k += 97) ok = (pagefile.readInt32LE(off + 4 * k) ^ SEED) >>> 0 === w0 + k;
    if (ok) pages.add(w0 / 1024);
  }
  return pages;
}

describe(`paging under pressure: ${DATA / MiB} MiB written on a ${RAM / MiB} MiB machine`, () => {
  let lab: TestLab;
  let before: MachineState;
  let run: RunResult;
  let faults: FaultCounts;
  let peakPagefileUsed = 0;
  let pagefile: Buffer;

  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: RAM, pagefileBytes: 128 * MiB, profile: 'x86', sampleMs: 10 });
    before = machineState(lab);
    const stop = lab.engine.onSample((s) => {
      peakPagefileUsed = Math.max(peakPagefileUsed, s.system.pagefileUsed);
    });
    const p = await lab.start(PROGRAM, 'pressure.ts');
    run = {
      exitCode: await p.exited,
      stdout: p.stdout,
      stderr: p.stderr,
      json: parseJsonLines(p.stdout),
    };
    stop();
    faults = lab.engine.sample().processes.find((c) => c.pid === p.pid)!.faults;
    pagefile = readFileSync(join(lab.engine.settings.dataDir!, 'pagefile.sys'));
  }, 180_000);
  afterAll(async () => {
    await lab?.close();
  }, 60_000);

  it('the program ran to the end and read back every int32 it wrote', () => {
    expect(run.stderr).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.json).toEqual([{ allocated: true }, { bad: 0, first: [] }, { released: 1 }]);
  });

  it('the data came back through the pagefile: hard faults, slots in use, the pages in pagefile.sys', () => {
    // At least the half that does not fit in RAM was paged out and read back.
    const pages = DATA / 4096;
    expect(faults.demandZero).toBe(pages);
    expect(faults.pagefileRead).toBeGreaterThan(0);
    expect(faults.pagefileRead + faults.transition).toBeGreaterThanOrEqual(pages / 2);
    // Hard faults read clusters: most pages came in with a neighbour's read (one host read
    // of up to 16 slots) and were then taken from the standby list with a soft fault.
    expect(faults.transition).toBeGreaterThanOrEqual(faults.pagefileRead * 8);
    expect(peakPagefileUsed).toBeGreaterThanOrEqual(pages / 4);
    expect(programPagesIn(pagefile).size).toBeGreaterThanOrEqual(pages / 2);
  });

  it('afterwards the kernel invariants hold and every counter is back at its baseline', () => {
    lab.checkInvariants();
    expect(machineState(lab)).toEqual(before);
  });
});
