/**
 * The mapped page writer writes a view walked in order back in whole clusters: a process
 * that increments every int32 of a file four times the size of RAM is trimmed oldest
 * page first, so the dirty pages reach the modified list as runs of neighbours in the
 * file, and most writes carry 16 pages (64 KiB), as NT clusters mapped-file writes. The
 * file holds the new values afterwards.
 */
import { closeSync, openSync, readSync, writeFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB } from '../../src/api/settings.js';
import { bootTestLab, type TestLab } from '../harness.js';
import { kernelOf } from '../machine/machine-state.js';

const FILE_BYTES = 64 * MiB;

const PROGRAM = `
import { CreateFile, CreateFileMapping, MapViewOfFile, UnmapViewOfFile, CloseHandle, GetLastError,
         GENERIC_READ, GENERIC_WRITE, OPEN_EXISTING, PAGE_READWRITE, FILE_MAP_WRITE, mem } from 'mmlab/win32';
const hFile = CreateFile('C:\\\\walk.bin', GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
const hMap = CreateFileMapping(hFile, null, PAGE_READWRITE, 0, 0, null);
const p = MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0);
if (!p) throw new Error('MapViewOfFile ' + GetLastError());
const ints = mem.int32(p);
for (let i = 0; i < ${FILE_BYTES / 4}; i++) ints.set(i, ints.get(i) + 1);
UnmapViewOfFile(p);
CloseHandle(hMap);
CloseHandle(hFile);
`;

describe('the mapped page writer clusters a sequential walk', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: 16 * MiB, profile: 'x86' });
    const path = join(lab.workspace, 'walk.bin');
    writeFileSync(path, Buffer.alloc(0));
    truncateSync(path, FILE_BYTES);
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  }, 60_000);

  it('writes the dirty pages back mostly 16 at a time, and the file holds every new value', async () => {
    const k = kernelOf(lab);
    const before = { pages: k.writer.pagesWritten, writes: k.writer.writeOperations };
    const r = await lab.run(PROGRAM, 'walk.ts');
    expect(r.stderr).toEqual([]);
    expect(r.exitCode).toBe(0);
    const pages = k.writer.pagesWritten - before.pages;
    const writes = k.writer.writeOperations - before.writes;
    // RAM is a quarter of the file: most of it went through the writer, not the final unmap.
    expect(pages).toBeGreaterThan(FILE_BYTES / 4096 / 2);
    expect(pages / writes).toBeGreaterThanOrEqual(12);
    const fd = openSync(join(lab.workspace, 'walk.bin'), 'r');
    const b = Buffer.alloc(4096);
    try {
      for (let at = 0; at < FILE_BYTES; at += 1021 * 4096) {
        readSync(fd, b, 0, 4096, at);
        const ints = new Int32Array(b.buffer, b.byteOffset, 1024);
        expect(ints.every((v) => v === 1), `page at ${at}`).toBe(true);
      }
    } finally {
      closeSync(fd);
    }
    lab.checkInvariants();
  }, 120_000);
});
