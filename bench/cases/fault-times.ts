/**
 * Fault round trips, timed one access at a time inside the process worker (from the
 * program's load or store, through the mailbox and the kernel's fault handler, back to
 * the completed access):
 *   - demand-zero: first touch of committed pages;
 *   - transition (soft): touching pages just trimmed from the working set with
 *     SetProcessWorkingSetSize(-1, -1), so they wait on the standby/modified lists;
 *   - pagefile read (hard): touching pages pushed out to the pagefile by memory
 *     pressure, in descending order so that no clustered read brings a timed page in
 *     early (a hard fault reads the following pages, and those are already resident).
 * Each case checks the process's fault counters afterwards: the rows say how many of the
 * timed accesses really were faults of that kind.
 * Target (issue 2): soft-fault median <= 25 µs.
 */
import { BenchLab, MiB, TIMING_HELPERS, type BenchCase, type BenchRow } from '../bench-case.js';

const IMPORTS = `import { VirtualAlloc, VirtualFree, SetProcessWorkingSetSize, GetCurrentProcess, MEM_COMMIT, MEM_RESERVE, MEM_RELEASE, PAGE_READWRITE, mem } from 'mmlab/win32';`;

const SOFT_PAGES = 16384;

/** 256 MiB RAM: 64 MiB of touched pages never put the machine under pressure. */
const SOFT_PROGRAM = `${IMPORTS}
${TIMING_HELPERS}
const PAGES = ${SOFT_PAGES};
const a = VirtualAlloc(0, PAGES * 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
if (!a) throw new Error('VirtualAlloc failed');
const dz: number[] = [];
for (let i = 0; i < PAGES; i++) {
  const t0 = performance.now();
  mem.setInt32(a + i * 4096, i);
  dz.push((performance.now() - t0) * 1000);
}
if (!SetProcessWorkingSetSize(GetCurrentProcess(), -1, -1)) throw new Error('SetProcessWorkingSetSize failed');
const tr: number[] = [];
let bad = 0;
for (let i = 0; i < PAGES; i++) {
  const t0 = performance.now();
  const v = mem.getInt32(a + i * 4096);
  tr.push((performance.now() - t0) * 1000);
  if (v !== i) bad++;
}
VirtualFree(a, 0, MEM_RELEASE);
console.log(JSON.stringify({ demandZero: __stats(dz), transition: __stats(tr), bad }));
`;

const HARD_TIMED = 2048;
const HARD_RAM = 32 * MiB;

/**
 * 32 MiB RAM: 48 MiB written, then 64 MiB of other pages touched (and freed) so that all
 * of the first 48 MiB end up in the pagefile; then the top HARD_TIMED pages are read back.
 */
const HARD_PROGRAM = `${IMPORTS}
${TIMING_HELPERS}
const PAGES = ${(48 * MiB) / 4096};
const FLUSH = ${(64 * MiB) / 4096};
const a = VirtualAlloc(0, PAGES * 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
const f = VirtualAlloc(0, FLUSH * 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
if (!a || !f) throw new Error('VirtualAlloc failed');
for (let i = 0; i < PAGES; i++) mem.setInt32(a + i * 4096, i ^ 0x3c3c);
for (let i = 0; i < FLUSH; i++) mem.setInt32(f + i * 4096, i);
VirtualFree(f, 0, MEM_RELEASE);
const hard: number[] = [];
let bad = 0;
for (let i = PAGES - 1; i >= PAGES - ${HARD_TIMED}; i--) {
  const t0 = performance.now();
  const v = mem.getInt32(a + i * 4096);
  hard.push((performance.now() - t0) * 1000);
  if (v !== (i ^ 0x3c3c)) bad++;
}
VirtualFree(a, 0, MEM_RELEASE);
console.log(JSON.stringify({ hard: __stats(hard), bad }));
`;

interface Stats {
  n: number;
  median: number;
  p90: number;
  max: number;
}

const spread = (s: Stats) => `p90 ${s.p90.toFixed(1)} µs, max ${s.max.toFixed(0)} µs`;

export const faultTimes: BenchCase = {
  name: 'faults',
  about: 'median demand-zero, transition (soft) and pagefile-read (hard) fault round trips, timed in the program',
  async run(): Promise<BenchRow[]> {
    const soft = await BenchLab.with({ ramBytes: 256 * MiB, pagefileBytes: 256 * MiB, profile: 'x86' }, (lab) =>
      lab.run(SOFT_PROGRAM, 'soft-faults.ts'),
    );
    const hard = await BenchLab.with({ ramBytes: HARD_RAM, pagefileBytes: 256 * MiB, profile: 'x86' }, (lab) =>
      lab.run(HARD_PROGRAM, 'hard-faults.ts'),
    );
    const s = soft.result as { demandZero: Stats; transition: Stats; bad: number };
    const h = hard.result as { hard: Stats; bad: number };
    if (s.bad || h.bad) throw new Error(`fault bench read back wrong data (soft ${s.bad}, hard ${h.bad})`);
    return [
      {
        measure: 'demand-zero fault, median round trip',
        value: s.demandZero.median,
        unit: 'µs',
        max: 25,
        note: `${spread(s.demandZero)}; ${soft.faults.demandZero} demand-zero faults for ${s.demandZero.n} timed touches`,
      },
      {
        measure: 'transition (soft) fault, median round trip',
        value: s.transition.median,
        unit: 'µs',
        max: 25,
        note: `${spread(s.transition)}; ${soft.faults.transition} transition faults for ${s.transition.n} timed touches`,
      },
      {
        measure: 'pagefile-read (hard) fault, median round trip',
        value: h.hard.median,
        unit: 'µs',
        note: `${spread(h.hard)}; ${hard.faults.pagefileRead} pagefile reads, ${hard.faults.transition} transition faults for ${h.hard.n} timed touches`,
      },
    ];
  },
};
