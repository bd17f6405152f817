/**
 * Host read errors on the pagefile during a hard fault. The fault reads the page with the
 * pages whose slots follow it in one host read (a cluster); the cluster is optional, the
 * faulting page is not:
 *  - if the clustered read fails but the page alone can be read, the fault succeeds;
 *  - if the page itself cannot be read, the program gets EXCEPTION_IN_PAGE_ERROR
 *    (0xC0000006) at the address, can catch it, and the kernel leaks nothing.
 * The failures are made by replacing the pagefile's read functions (a test double inside
 * this test only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockFile } from '../../src/host/host.js';
import { MiB } from '../../src/api/settings.js';
import { bootTestLab, parseJsonLines, type TestLab } from '../harness.js';
import { kernelOf } from './machine-state.js';

const WORDS = (24 * MiB) / 4;

/** Writes 24 MiB on a 16 MiB machine (most of it goes to the pagefile), then reads it back on 'go'. */
const PROGRAM = (event: string) => `
import { VirtualAlloc, CreateEvent, WaitForSingleObject, MEM_COMMIT, MEM_RESERVE, PAGE_READWRITE, mem } from 'mmlab/win32';
const go = CreateEvent(null, 1, 0, '${event}');
const a = VirtualAlloc(0, ${WORDS * 4}, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
const p = mem.int32(a);
for (let i = 0; i < ${WORDS}; i++) p.set(i, i ^ 0x5a5a);
console.log(JSON.stringify({ written: true }));
WaitForSingleObject(go, 0xFFFFFFFF);
let bad = 0;
let error = null;
try {
  for (let i = 0; i < ${WORDS}; i++) if (p.get(i) !== (i ^ 0x5a5a)) bad++;
} catch (e) {
  error = { code: e.code, at: (e.address - a) % 4096 === 0 };
}
console.log(JSON.stringify({ bad, error }));
`;

describe('pagefile read errors during a hard fault', () => {
  let lab: TestLab;
  let file: BlockFile;
  let original: { read: BlockFile['read']; readv: BlockFile['readv'] };
  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: 16 * MiB, pagefileBytes: 64 * MiB, profile: 'x86' });
    file = (kernelOf(lab).mm.pagingFile as unknown as { file: BlockFile }).file;
    original = { read: file.read.bind(file), readv: file.readv.bind(file) };
  }, 60_000);
  afterAll(async () => {
    Object.assign(file, original);
    await lab?.close();
  }, 60_000);

  async function run(event: string, fail: () => void) {
    const p = await lab.start(PROGRAM(event), `${event}.ts`);
    for (let i = 0; i < 3000 && p.stdout.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(parseJsonLines(p.stdout)[0]).toEqual({ written: true });
    fail();
    await lab.run(`import { OpenEvent, SetEvent, EVENT_MODIFY_STATE } from 'mmlab/win32'; SetEvent(OpenEvent(EVENT_MODIFY_STATE, 0, '${event}'));`);
    const exitCode = await p.exited;
    Object.assign(file, original);
    return { exitCode, out: parseJsonLines(p.stdout)[1], stderr: p.stderr };
  }

  /** A read function that fails like a bad disk, counting its calls. */
  function failing() {
    const f = Object.assign(
      () => {
        f.calls++;
        throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      },
      { calls: 0 },
    );
    return f;
  }

  it('a failed clustered read falls back to the faulting page alone, and the data comes back whole', async () => {
    const readv = failing();
    const r = await run('cluster-fails', () => {
      file.readv = readv;
    });
    expect(r.stderr).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.out).toEqual({ bad: 0, error: null });
    // The data really came back through failed clustered reads.
    expect(readv.calls).toBeGreaterThan(0);
    lab.checkInvariants();
  });

  it('a page that cannot be read raises 0xC0000006 at a page of the data, and nothing leaks', async () => {
    const k = kernelOf(lab);
    const avail = k.mm.availablePages();
    const [readv, read] = [failing(), failing()];
    const r = await run('page-fails', () => {
      file.readv = readv;
      file.read = read;
    });
    expect(r.exitCode).toBe(0);
    expect(r.out).toEqual({ bad: 0, error: { code: 0xc0000006, at: true } });
    expect(read.calls).toBe(1);
    lab.checkInvariants();
    expect(k.mm.availablePages()).toBeGreaterThanOrEqual(avail - 64);
  });
});
