/**
 * KernelPort against a scripted kernel on another thread: a worker waiting for a fault
 * reply polls, then sleeps (Mb.Sleeping), unless the kernel has said it is reading the
 * page from disk (Mb.InPage), in which case it polls on through the read.
 */
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { DOORBELL_BYTES, MAILBOX_BYTES, MailboxState, Mb } from '../shared/layout.js';
import { KernelPort } from './kernel-port.js';

/**
 * The scripted kernel: answers each fault at once ('fast'), after about 300 µs with a disk
 * read announced ('disk', Mb.InPage), or after 20 ms without ('slow'), and reports for the
 * slow ones whether the worker was asleep when the reply went out.
 */
const FAKE_KERNEL = `
const { workerData, parentPort } = require('node:worker_threads');
const { mailbox, script, Mb, Request, Reply } = workerData;
const mb = new Int32Array(mailbox);
const slept = [];
parentPort.postMessage('ready');
for (const step of script) {
  // Like the dispatch loop in a burst of faults: polling, so a request is seen at once.
  while (Atomics.load(mb, Mb.State) !== Request) {}
  if (step === 'disk') Atomics.store(mb, Mb.InPage, 1);
  if (step !== 'fast') {
    // A disk read: 300 µs. A slow reply: 20 ms, far past any poll budget.
    const end = performance.now() + (step === 'disk' ? 0.3 : 20);
    let asleep = false;
    while (performance.now() < end) if (Atomics.load(mb, Mb.Sleeping) !== 0) asleep = true;
    slept.push(asleep);
  }
  mb[Mb.Parked] = 0;
  mb[Mb.InPage] = 0;
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
    // Soft faults answered at once (the poll budget grows), then two hard faults, then a slow
    // reply with no disk read announced.
    const script = [...Array<string>(32).fill('fast'), 'disk', 'disk', 'slow'];
    worker = new Worker(FAKE_KERNEL, {
      eval: true,
      workerData: { mailbox, script, Mb, Request: MailboxState.Request, Reply: MailboxState.Reply },
    });
    const messages: unknown[] = [];
    const done = new Promise<boolean[]>((resolve) =>
      worker!.on('message', (m: unknown) => (m === 'ready' ? messages.push(m) : resolve(m as boolean[]))),
    );
    while (messages.length === 0) await new Promise((r) => setTimeout(r, 5));
    const port = new KernelPort(mailbox, doorbell);
    for (let i = 0; i < script.length; i++) expect(port.fault(0x10000 + i * 4096, false).status).toBe(0);
    // A disk read announced: the worker never slept. None announced: past its poll budget it
    // slept, and the kernel had to wake it.
    expect(await done).toEqual([false, false, true]);
  });
});
