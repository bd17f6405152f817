/**
 * An I/O failure while a fault reads a mapped file raises EXCEPTION_IN_PAGE_ERROR
 * (0xC0000006) in the program at the faulting address (SPEC section 2), the program can
 * catch it, and the kernel stays consistent: the frames the fault took are given back.
 * The host's reads are made to fail by replacing the FCB's read functions (a test double
 * inside this test only).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestLab, parseJsonLines, type TestLab } from '../harness.js';
import type { Lab } from '../../src/lab/lab.js';

const reader = `
import { CreateFile, CreateFileMapping, MapViewOfFile, CreateEvent, WaitForSingleObject, GetLastError, mem,
         GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, PAGE_READONLY, FILE_MAP_READ, INFINITE } from 'mmlab/win32';
const f = CreateFile('C:\\\\bad.bin', GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
const h = CreateFileMapping(f, null, PAGE_READONLY, 0, 0, null);
const p = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0);
const go = CreateEvent(null, 1, 0, 'go');
console.log(JSON.stringify({ ready: p !== 0 }));
WaitForSingleObject(go, INFINITE);
let r: any;
try { r = { value: mem.getUint8(p + 5 * 4096 + 7) }; } catch (e: any) { r = { code: e.code, at: e.address - p }; }
console.log(JSON.stringify(r));
`;

describe('EXCEPTION_IN_PAGE_ERROR', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: 32 * 1024 * 1024 });
    writeFileSync(join(lab.workspace, 'bad.bin'), Buffer.alloc(16 * 4096, 9));
  }, 120_000);
  afterAll(async () => {
    await lab?.close();
  });

  it('a failed file read during a fault raises 0xC0000006 at the address and leaks nothing', async () => {
    const k = (lab.engine as Lab).kernel;
    const p = await lab.start(reader);
    for (let i = 0; i < 600 && p.stdout.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(parseJsonLines(p.stdout)[0]).toEqual({ ready: true });
    const fcb = [...k.io.allFcbs()].find((x) => x.win32Path.toLowerCase().endsWith('bad.bin'))!;
    const before = k.mm.availablePages();
    const eio = () => {
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    };
    fcb.file.read = eio;
    fcb.file.readv = eio;
    await lab.run(`import { OpenEvent, SetEvent, EVENT_MODIFY_STATE } from 'mmlab/win32'; SetEvent(OpenEvent(EVENT_MODIFY_STATE, 0, 'go'));`);
    expect(await p.exited).toBe(0);
    expect(parseJsonLines(p.stdout)[1]).toEqual({ code: 0xc0000006, at: 5 * 4096 + 7 });
    lab.checkInvariants();
    expect(k.mm.availablePages()).toBeGreaterThanOrEqual(before - 8);
  });
});
