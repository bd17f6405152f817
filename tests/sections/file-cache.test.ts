/**
 * The control area as the file's cache: what NT's structure implies and the lab must show.
 *  - clean file pages of an unmapped view stay on the standby list while the section lives,
 *    and the next view takes them back with soft (transition) faults, not file reads;
 *  - ReadFile sees what a view wrote before any flush, a view sees what WriteFile wrote;
 *  - dirty file pages are written back to the file, never to the pagefile;
 *  - every view of one file, through two mapping objects in two processes, uses the same
 *    frames (equal frame numbers in both page tables).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestLab, parseJsonLines, type TestLab } from '../harness.js';
import type { Lab } from '../../src/lab/lab.js';
import type { Kernel } from '../../src/ke/kernel.js';
import { PageState } from '../../src/mm/page-table.js';

const PROLOGUE = `
import { CreateFile, CreateFileMapping, OpenFileMapping, MapViewOfFile, UnmapViewOfFile, CloseHandle, ReadFile, WriteFile, SetFilePointer,
         FlushViewOfFile, GetLastError, Sleep, mem, GENERIC_READ, GENERIC_WRITE, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING,
         PAGE_READWRITE, FILE_MAP_WRITE, FILE_MAP_READ, FILE_BEGIN, INFINITE, VirtualAlloc, MEM_COMMIT, MEM_RESERVE } from 'mmlab/win32';
const must = (v: number, what: string) => { if (!v || v === -1) throw new Error(what + ': ' + GetLastError()); return v; };
const open = (n: string) => must(CreateFile('C:\\\\' + n, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, null), 'CreateFile ' + n);
`;

describe('the control area is the file cache', () => {
  let lab: TestLab;
  let k: Kernel;

  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: 64 * 1024 * 1024 });
    k = (lab.engine as Lab).kernel;
    writeFileSync(join(lab.workspace, 'cache.bin'), Buffer.alloc(64 * 4096, 0x11));
    writeFileSync(join(lab.workspace, 'io.bin'), Buffer.alloc(8 * 4096, 0x22));
    writeFileSync(join(lab.workspace, 'two.bin'), Buffer.alloc(4 * 4096, 0x33));
  }, 120_000);
  afterAll(async () => {
    await lab?.close();
  });

  /** Starts a program that prints one JSON line and then waits; returns its pid and the line. */
  async function runAndPause(body: string): Promise<{ pid: number; out: unknown; finish: () => Promise<void> }> {
    const p = await lab.start(PROLOGUE + body + '\nSleep(INFINITE);\n');
    for (let i = 0; i < 600 && p.stdout.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    return {
      pid: p.pid,
      out: parseJsonLines(p.stdout)[0],
      finish: async () => {
        lab.engine.terminate(p.pid, 0);
        await p.exited;
        lab.checkInvariants();
      },
    };
  }

  it('clean pages of an unmapped view come back with soft faults while the section lives', async () => {
    const r = await runAndPause(`
const h = must(CreateFileMapping(open('cache.bin'), null, PAGE_READWRITE, 0, 0, null), 'map');
let p = must(MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0), 'view');
let sum = 0;
for (let i = 0; i < 64; i++) sum += mem.getUint8(p + i * 4096);
UnmapViewOfFile(p);
p = must(MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0), 'view 2');
for (let i = 0; i < 64; i++) sum += mem.getUint8(p + i * 4096);
console.log(JSON.stringify({ sum }));
`);
    expect(r.out).toEqual({ sum: 128 * 0x11 });
    const faults = k.processes.get(r.pid)!.addressSpace.faults;
    // First pass: 64 pages in clusters of 16 read from the file (4 hard faults, 60 soft
    // faults on the read-ahead pages); second pass: all 64 soft, no file read.
    expect(faults.fileRead).toBe(4);
    expect(faults.transition).toBe(60 + 64);
    await r.finish();
  });

  it('ReadFile sees what a view wrote, a view sees what WriteFile wrote, before any flush', async () => {
    const r = await runAndPause(`
const f = open('io.bin');
const h = must(CreateFileMapping(f, null, PAGE_READWRITE, 0, 0, null), 'map');
const p = must(MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0), 'view');
mem.setUint32(p + 4096 + 8, 0xcafebabe);
const buf = VirtualAlloc(0, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
const n = { value: 0 };
SetFilePointer(f, 4096, null, FILE_BEGIN);
ReadFile(f, buf, 16, n, null);
const read = [n.value, mem.getUint32(buf + 8)];
mem.setUint32(buf, 0x0badf00d);
SetFilePointer(f, 3 * 4096 + 4, null, FILE_BEGIN);
WriteFile(f, buf, 4, n, null);
console.log(JSON.stringify({ read, seen: mem.getUint32(p + 3 * 4096 + 4) }));
`);
    expect(r.out).toEqual({ read: [16, 0xcafebabe], seen: 0x0badf00d });
    await r.finish();
    // The process is gone: everything reached the file, and none of it went to the pagefile.
    const data = readFileSync(join(lab.workspace, 'io.bin'));
    expect(data.readUInt32LE(4096 + 8)).toBe(0xcafebabe);
    expect(data.readUInt32LE(3 * 4096 + 4)).toBe(0x0badf00d);
    expect(k.mm.pagingFile.used).toBe(0);
  });

  it('two processes, two mapping objects, one set of frames', async () => {
    const a = await runAndPause(`
const h = must(CreateFileMapping(open('two.bin'), null, PAGE_READWRITE, 0, 0, 'two-a'), 'map');
const p = must(MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0), 'view');
for (let i = 0; i < 4; i++) mem.setUint8(p + i * 4096, 0x40 + i);
console.log(JSON.stringify({ p }));
`);
    const b = await runAndPause(`
const h = must(CreateFileMapping(open('two.bin'), null, PAGE_READWRITE, 0, 0, null), 'map');
const p = must(MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0), 'view');
const seen = [];
for (let i = 0; i < 4; i++) seen.push(mem.getUint8(p + i * 4096));
console.log(JSON.stringify({ p, seen }));
`);
    const pa = (a.out as { p: number }).p / 4096;
    const { p: pbAddr, seen } = b.out as { p: number; seen: number[] };
    expect(seen).toEqual([0x40, 0x41, 0x42, 0x43]);
    const pb = pbAddr / 4096;
    const ta = k.processes.get(a.pid)!.addressSpace.pageTable;
    const tb = k.processes.get(b.pid)!.addressSpace.pageTable;
    for (let i = 0; i < 4; i++) {
      expect(ta.state(pa + i)).toBe(PageState.Active);
      expect(tb.state(pb + i)).toBe(PageState.Active);
      const f = ta.payload(pa + i);
      expect(tb.payload(pb + i), `page ${i}`).toBe(f);
      expect(k.mm.pfn.shareCount[f]).toBe(2);
    }
    await a.finish();
    await b.finish();
  });
});
