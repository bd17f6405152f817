/**
 * KernelPort against a scripted kernel on another thread: a worker waiting for a fault
 * reply polls, then sleeps (Mb.Sleeping), unless the kernel has said it is reading the
 * page from disk (Mb.InPage), in which case it polls on through the read.
 *
 * The test must not depend on how the host schedules its threads (CI runs it on two
 * cores beside other test files), so the port's limits are pinned: a fixed poll budget,
 * and no cap on polling through an announced read. The scripted kernel announces the read
 * with the reply before (a real kernel announces it once it has the request), so the
 * worker cannot run out of budget before it is told.
 */
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { DOORBELL_BYTES, MAILBOX_BYTES, MailboxState, Mb } from '../shared/layout.js';
import { KernelPort } from './kernel-port.js';

/**
 * The scripted kernel: answers each fault after about 300 µs with a disk read announced
 * ('disk', Mb.InPage), or after 50 ms without ('slow'), and reports for each whether the
 * worker was asleep at some point before the reply went out.
 */
const FAKE_KERNEL = `
const { workerData, parentPort } = require('node:worker_threads');
const { mailbox, script, Mb, Request, Reply } = workerData;
const mb = new Int32Array(mailbox);
const slept = [];
// The read is announced before the request arrives: at the start, then with each reply.
Atomics.store(mb, Mb.InPage, script[0] === 'disk' ? 1 : 0);
parentPort.postMessage('ready');
for (let s = 0; s < script.length; s++) {
  const step = script[s];
  while (Atomics.load(mb, Mb.State) !== Request) {}
  const end = performance.now() + (step === 'disk' ? 0.3 : 50);
  let asleep = false;
  while (performance.now() < end) if (Atomics.load(mb, Mb.Sleeping) !== 0) asleep = true;
  if (Atomics.load(mb, Mb.Sleeping) !== 0) asleep = true;
  slept.push(asleep);
  mb[Mb.Parked] = 0;
  mb[Mb.InPage] = script[s + 1] === 'disk' ? 1 : 0;
  mb[Mb.Status] = 0;
  Atomics.store(mb, Mb.State, Reply);
  Atomics.notify(mb, Mb.State);
  while (Atomics.load(mb, Mb.State) === Reply) {}
}
parentPort.postMessage(slept);
`;

describe('KernelPort waiting for a fault reply', () => {
  let worker: Worker | null = null;
  afterEach(async () => {
    await worker?.terminate();
    worker = null;
  });

  it('polls on while the kernel announces a disk read, and sleeps when it does not', async () => {
    const mailbox = new SharedArrayBuffer(MAILBOX_BYTES);
    const doorbell = new SharedArrayBuffer(DOORBELL_BYTES);
    // Two hard faults, then a reply far past any poll budget with no disk read announced,
    // then a hard fault again (a disk read's missed poll left the budget alone, so polling
    // through the read still happens).
    const script = ['disk', 'disk', 'slow', 'disk'];
    worker = new Worker(FAKE_KERNEL, {
      eval: true,
      workerData: { mailbox, script, Mb, Request: MailboxState.Request, Reply: MailboxState.Reply },
    });
    const messages: unknown[] = [];
    const done = new Promise<boolean[]>((resolve) =>
      worker!.on('message', (m: unknown) => (m === 'ready' ? messages.push(m) : resolve(m as boolean[]))),
    );
    while (messages.length === 0) await new Promise((r) => setTimeout(r, 5));
    const port = new KernelPort(mailbox, doorbell, { spinBudget: 1 << 16, inPagePollMax: Number.MAX_SAFE_INTEGER });
    for (let i = 0; i < script.length; i++) expect(port.fault(0x10000 + i * 4096, false).status).toBe(0);
    // A disk read announced: the worker never slept. None announced: past its poll budget it
    // slept, and the kernel had to wake it.
    expect(await done).toEqual([false, false, true, false]);
  });

  it('with its poll budget collapsed, sleeps even through an announced disk read', async () => {
    const mailbox = new SharedArrayBuffer(MAILBOX_BYTES);
    const doorbell = new SharedArrayBuffer(DOORBELL_BYTES);
    const script = ['disk'];
    worker = new Worker(FAKE_KERNEL.replace('? 0.3 :', '? 50 :'), {
      eval: true,
      workerData: { mailbox, script, Mb, Request: MailboxState.Request, Reply: MailboxState.Reply },
    });
    const done = new Promise<boolean[]>((resolve) =>
      worker!.on('message', (m: unknown) => m !== 'ready' && resolve(m as boolean[])),
    );
    const port = new KernelPort(mailbox, doorbell, { spinBudget: 0, inPagePollMax: Number.MAX_SAFE_INTEGER });
    expect(port.fault(0x10000, false).status).toBe(0);
    expect(await done).toEqual([true]);
  });
});
