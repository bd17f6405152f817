/**
 * MMU loop: write then read every int32 of 1 GiB of committed private memory through a
 * typed pointer (`mem.int32(p)`, every access translated by the software MMU, first
 * touches demand-zero faulted by the kernel), against the same two loops over a plain
 * Int32Array on a 1 GiB SharedArrayBuffer, in the same process worker, same run.
 * Target (issue 2): the MMU loop within 3x of the plain loop.
 */
import { BenchLab, GiB, type BenchCase, type BenchRow } from '../bench-case.js';

const BYTES = GiB;

const PROGRAM = `
import { VirtualAlloc, VirtualFree, MEM_COMMIT, MEM_RESERVE, MEM_RELEASE, PAGE_READWRITE, mem } from 'mmlab/win32';
const N = ${BYTES / 4};
const K = 0x5a5a5a5a;

const a = VirtualAlloc(0, N * 4, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
if (!a) throw new Error('VirtualAlloc failed');
const p = mem.int32(a);
let t0 = performance.now();
for (let i = 0; i < N; i++) p.set(i, i ^ K);
let t1 = performance.now();
let bad = 0;
for (let i = 0; i < N; i++) if (p.get(i) !== (i ^ K)) bad++;
let t2 = performance.now();
const mmu = { write: t1 - t0, read: t2 - t1, bad };
VirtualFree(a, 0, MEM_RELEASE);

const q = new Int32Array(new SharedArrayBuffer(N * 4));
t0 = performance.now();
for (let i = 0; i < N; i++) q[i] = i ^ K;
t1 = performance.now();
bad = 0;
for (let i = 0; i < N; i++) if (q[i] !== (i ^ K)) bad++;
t2 = performance.now();
const plain = { write: t1 - t0, read: t2 - t1, bad };
console.log(JSON.stringify({ mmu, plain }));
`;

interface Pass {
  write: number;
  read: number;
  bad: number;
}

export const mmuLoop: BenchCase = {
  name: 'mmu-loop',
  about:
    'write + read every int32 of 1 GiB committed private memory via mem.int32(p) vs a plain Int32Array (x64, 2 GiB RAM)',
  async run(): Promise<BenchRow[]> {
    const r = await BenchLab.with({ ramBytes: 2 * GiB, pagefileBytes: GiB, profile: 'x64' }, (lab) =>
      lab.run(PROGRAM, 'mmu-loop.ts'),
    );
    const { mmu, plain } = r.result as { mmu: Pass; plain: Pass };
    if (mmu.bad || plain.bad) throw new Error(`mmu-loop read back wrong values (mmu ${mmu.bad}, plain ${plain.bad})`);
    const pages = BYTES / 4096;
    const dz = `${r.faults.demandZero} demand-zero faults (expect >= ${pages})`;
    const total = (x: Pass) => x.write + x.read;
    return [
      { measure: 'MMU loop, write pass (incl. first-touch faults)', value: mmu.write, unit: 'ms', note: dz },
      { measure: 'MMU loop, read pass', value: mmu.read, unit: 'ms' },
      { measure: 'plain Int32Array loop, write pass', value: plain.write, unit: 'ms' },
      { measure: 'plain Int32Array loop, read pass', value: plain.read, unit: 'ms' },
      { measure: 'MMU / plain (write + read)', value: total(mmu) / total(plain), unit: 'x', max: 3 },
      // Both write passes are mostly first touches (the plain one pays the host's page
      // faults, which vary a lot from run to run); the read passes show the MMU alone.
      { measure: 'MMU / plain, read pass only (translation cost)', value: mmu.read / plain.read, unit: 'x' },
    ];
  },
};
