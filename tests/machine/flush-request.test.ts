/**
 * A worker answers the kernel's flush request (Mb.FlushRequest) while it runs user code
 * that never enters the kernel: a loop that only reads pages already in its TLB. The MMU
 * reads the request with a plain load at every access (see src/win32/mmu.ts); if the
 * JavaScript engine ever kept that load out of the loop, frames taken from such a worker
 * would wait for a TLB flush forever, and this test would fail.
 *
 * The test plays another CPU: it asks for the flush, watches the worker's kernel-entry
 * count move while the loop runs, then stops the loop by storing into the page the loop
 * reads (straight into its frame, as a second processor would).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB } from '../../src/api/settings.js';
import type { Lab } from '../../src/lab/lab.js';
import { Mb } from '../../src/shared/layout.js';
import { bootTestLab, type TestLab } from '../harness.js';
import { kernelOf } from './machine-state.js';

/**
 * The reader: `read(k)` reads page k (of 64), and `stopped` tells that the first int32 is -1,
 * through an int32 pointer or byte by byte: each path checks the flush request on its own.
 */
const reader = (read: string, stopped: string) => `
import { VirtualAlloc, MEM_RESERVE, MEM_COMMIT, PAGE_READWRITE, mem } from 'mmlab/win32';
const pages = 64;
const a = VirtualAlloc(0, pages * 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
const p = mem.int32(a);
for (let i = 0; i < pages; i++) p.set(i * 1024, i + 1);
console.log(JSON.stringify({ address: a }));
// Only reads of resident pages from here on: no fault, no kernel call.
let sum = 0;
let rounds = 0;
const end = Date.now() + 30000;
while (!(${stopped}) && Date.now() < end) {
  for (let i = 0; i < 100000; i++) sum += ${read.replace('k', '(i & 63)')};
  rounds++;
}
console.log(JSON.stringify({ stopped: ${stopped}, rounds, sum }));
`;

describe('the flush request', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: 16 * MiB, pagefileBytes: 16 * MiB, profile: 'x86' });
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  }, 60_000);

  it.each([
    ['an int32 pointer', 'p.get(k * 1024)', 'p.get(0) === -1'],
    ['mem.getUint8', 'mem.getUint8(a + k * 4096 + 1)', 'mem.getUint8(a) === 0xff'],
  ])(
    'reaches a worker that loops over resident pages through %s without entering the kernel',
    async (_, read, stopped) => {
      const k = kernelOf(lab);
      const proc = await lab.start(reader(read, stopped), 'reader.ts');
      for (let i = 0; i < 1000 && proc.stdout.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      const { address } = JSON.parse(proc.stdout[0]!) as { address: number };
      const mailbox = k.processes.get(proc.pid)!.mailbox;
      // Let the loop run hot first.
      await new Promise((r) => setTimeout(r, 200));
      const entries = Atomics.load(mailbox, Mb.Entries);
      Atomics.store(mailbox, Mb.FlushRequest, 1);
      for (let i = 0; i < 500 && Atomics.load(mailbox, Mb.FlushRequest) !== 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(Atomics.load(mailbox, Mb.FlushRequest), 'the worker never answered the flush request').toBe(0);
      expect(Atomics.load(mailbox, Mb.Entries)).toBeGreaterThan(entries);
      expect(proc.stdout).toHaveLength(1); // still in its loop

      // Stop the loop: -1 into the first int of its page, through the frame.
      const frame = (lab.engine as Lab).inspector.translate(proc.pid, address).frame!;
      Atomics.store(k.mm.pool32, frame.physicalAddress / 4, -1);
      expect(await proc.exited).toBe(0);
      const end = JSON.parse(proc.stdout[1]!) as { stopped: boolean; rounds: number };
      expect(end.stopped).toBe(true);
      expect(end.rounds).toBeGreaterThan(0);
    },
    60_000,
  );
});
