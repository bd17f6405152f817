/**
 * A page fault that finds no frame at all waits (the kernel parks it) and is answered
 * when memory comes back; the process then goes on as if nothing happened — its later
 * faults and system calls are served as usual.
 *
 * How memory runs out for good: the holder pins almost all RAM by raising its working-set
 * minimum (SetProcessWorkingSetSize; the balance-set manager never trims below it), and the
 * waiter raises its own minimum too, so no working set can give a page. The waiter's
 * faults find nothing and park; the test sees the fault parked in the kernel, then lets
 * the holder free its memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB } from '../../src/api/settings.js';
import { Event } from '../../src/ke/event.js';
import { MailboxOp, Mb } from '../../src/shared/layout.js';
import { bootTestLab, type TestLab } from '../harness.js';
import { kernelOf } from './machine-state.js';

const HOLDER = `
import { VirtualAlloc, VirtualFree, SetProcessWorkingSetSize, GetCurrentProcess, CreateEvent, SetEvent, WaitForSingleObject, GetLastError,
         MEM_RESERVE, MEM_COMMIT, MEM_RELEASE, PAGE_READWRITE, mem } from 'mmlab/win32';
const pages = 2900;
if (!SetProcessWorkingSetSize(GetCurrentProcess(), pages * 4096 + 64 * 4096, pages * 4096 + 128 * 4096)) throw new Error('ws ' + GetLastError());
const a = VirtualAlloc(0, pages * 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
for (let i = 0; i < pages; i++) mem.setInt32(a + i * 4096, i);
const held = CreateEvent(null, 1, 0, 'Local\\\\held');
const free = CreateEvent(null, 1, 0, 'Local\\\\free');
SetEvent(held);
WaitForSingleObject(free, 0xFFFFFFFF);
console.log('freeing');
VirtualFree(a, 0, MEM_RELEASE);
`;

const WAITER = `
import { VirtualAlloc, SetProcessWorkingSetSize, GetCurrentProcess, OpenEvent, WaitForSingleObject, GetTickCount, GetLastError,
         SYNCHRONIZE, MEM_RESERVE, MEM_COMMIT, PAGE_READWRITE, mem } from 'mmlab/win32';
let held = 0;
while (!(held = OpenEvent(SYNCHRONIZE, 0, 'Local\\\\held'))) {}
WaitForSingleObject(held, 0xFFFFFFFF);
const pages = 1500;
if (!SetProcessWorkingSetSize(GetCurrentProcess(), pages * 4096 + 64 * 4096, pages * 4096 + 128 * 4096)) throw new Error('ws ' + GetLastError());
const a = VirtualAlloc(0, pages * 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
const t0 = GetTickCount();
for (let i = 0; i < pages; i++) mem.setInt32(a + i * 4096, i + 1);
const t1 = GetTickCount();
let sum = 0;
for (let i = 0; i < pages; i++) sum += mem.getInt32(a + i * 4096) - i;
console.log(JSON.stringify({ touchMs: t1 - t0, sum, after: GetTickCount() >= t1 }));
`;

describe('a fault with no frame to be had', () => {
  let lab: TestLab;
  beforeAll(async () => {
    // 16 MiB of RAM: 4096 frames; the holder pins about 2900 of them plus its minimum's slack.
    lab = await bootTestLab({ ramBytes: 16 * MiB, pagefileBytes: 32 * MiB, profile: 'x86' });
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  }, 60_000);

  it('waits until memory is freed, then the process runs on and its later requests are served', async () => {
    const k = kernelOf(lab);
    const holder = await lab.start(HOLDER, 'holder.ts');
    const waiter = await lab.start(WAITER, 'waiter.ts');
    const process = () => k.processes.get(waiter.pid)!;
    const parkedOnFault = () => process().parked !== null && process().mailbox[Mb.Op] === MailboxOp.Fault;
    for (let i = 0; i < 2000 && !parkedOnFault(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(parkedOnFault(), `waiter never waited for memory: ${waiter.stdout.join('\n')} ${waiter.stderr.join('\n')}`).toBe(true);
    // It stays parked while nothing is freed.
    await new Promise((r) => setTimeout(r, 100));
    expect(parkedOnFault()).toBe(true);
    expect(waiter.stdout).toEqual([]);

    // Memory is gone, so no new process could start to signal the holder: the test sets
    // the holder's event itself, as SetEvent would.
    const free = k.objects.lookup('Local\\free');
    expect(free).toBeInstanceOf(Event);
    (free as Event).set();
    k.ring();
    expect(await waiter.exited).toBe(0);
    expect(waiter.stderr).toEqual([]);
    expect(waiter.stdout.length).toBe(1);
    const r = JSON.parse(waiter.stdout[0]!) as { touchMs: number; sum: number; after: boolean };
    // Every page holds what was written, and the calls after the wait were answered.
    expect(r.sum).toBe(1500);
    expect(r.after).toBe(true);
    expect(holder.stdout).toContain('freeing');
    expect(await holder.exited).toBe(0);
    lab.checkInvariants();
  }, 30_000);
});
