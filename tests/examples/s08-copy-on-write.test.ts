/**
 * Seed experiment S8 (SPEC section 4) at its default size (a 1 MiB file of numbered int32s):
 * a FILE_MAP_COPY view is charged to commit whole when mapped, its first write to a page makes
 * a private copy, the file never sees those writes, and the seeds' recipe (a FILE_MAP_WRITE
 * view, copy the PAGE_READWRITE pages, FlushViewOfFile) puts them in the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MiB, PAGE, pageTablesBetween, processIn, useExample, type Step } from './run-example.js';

const SIZE = 1 * MiB;
const PAGES = SIZE / PAGE;
/** The example writes -(page) - 1 at the start of every 16th page. */
const STRIDE = 16;
const WRITTEN = PAGES / STRIDE;

function original(): Int32Array {
  return Int32Array.from({ length: SIZE / 4 }, (_, i) => i);
}

function changed(): Int32Array {
  const ints = original();
  for (let page = 0; page < PAGES; page += STRIDE) ints[(page * PAGE) / 4] = -page - 1;
  return ints;
}

function ints(b: Buffer | null): Int32Array {
  expect(b).not.toBeNull();
  return new Int32Array(b!.buffer.slice(b!.byteOffset, b!.byteOffset + b!.length));
}

describe('S8: FILE_MAP_COPY, and the recipe that keeps the changes', () => {
  let afterPart1: Buffer | null = null;
  let afterFlush: Buffer | null = null;
  const ex = useExample('S8', {
    onLine: (l) => {
      const file = () => readFileSync(join(ex.lab.workspace, 'S8.bin'));
      if (l.text.startsWith('after unmap, in the file')) afterPart1 = file();
      if (l.text.startsWith('FlushViewOfFile(pWrite, 0)')) afterFlush = file();
    },
  });
  const copyMaps = () => [0, 1].map((n) => ex.run.step('MapViewOfFile(hMap, FILE_MAP_COPY, 0, 0, 0)', n));

  it('runs to the end', () => {
    expect(ex.run.exitCode, ex.run.dump()).toBe(0);
    expect(ex.run.text()[0]).toBe('made C:\\S8.bin: 1048576 bytes, int32 number i at byte 4 * i');
  });

  it('MapViewOfFile(FILE_MAP_COPY) charges the whole view to commit at once', () => {
    for (const map of copyMaps()) {
      expect(map).toMatchObject({ phys: 0, pagefile: -SIZE, virtual: -SIZE });
      expect(ex.run.call(map).deltas).toMatchObject({ availPageFile: -SIZE, commitCharge: PAGES, availVirtual: -SIZE });
    }
  });

  it('the first write to each page is a copy-on-write fault: a private page, no more commit', () => {
    const write = ex.run.step(`write one int32 in every ${STRIDE}th page`);
    const tables = pageTablesBetween(write.previous, write.line);
    const cow = (l: Step['line']) => processIn(l.sample, ex.run.mainPid).faults.copyOnWrite;
    expect(cow(write.line) - cow(write.previous)).toBe(WRITTEN);
    expect(write).toMatchObject({ pagefile: 0 - tables * PAGE, virtual: 0 });
    expect(write.phys).toBeLessThanOrEqual(-WRITTEN * PAGE);
    // VirtualQuery: the written pages are now PAGE_READWRITE, the others still PAGE_WRITECOPY.
    expect(ex.run.text()).toContain(
      `wrote ${WRITTEN} pages; VirtualQuery: 4096 PAGE_READWRITE, 61440 PAGE_WRITECOPY, 4096 PAGE_READWRITE, 61440 PAGE_WRITECOPY, …`,
    );
  });

  it('the file does not see the private copies, and they are gone after UnmapViewOfFile', () => {
    expect(ex.run.text()).toContain('through the view: [0] = -1; in the file (ReadFile): [0] = 0');
    expect(ex.run.text()).toContain('after unmap, in the file: [0] = 0, [16384] = 16384');
    expect(ints(afterPart1)).toEqual(original());
    // The unmap gives the whole view's commit back.
    expect(ex.run.step('UnmapViewOfFile(pCopy)')).toMatchObject({ pagefile: SIZE, virtual: SIZE });
  });

  it("the seeds' recipe: the PAGE_READWRITE pages copied into a FILE_MAP_WRITE view and flushed reach the file", () => {
    expect(ex.run.step('MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)')).toMatchObject({ pagefile: 0, virtual: -SIZE });
    expect(ex.run.text()).toContain(`copied ${WRITTEN} pages`);
    expect(ex.run.call(ex.run.step('FlushViewOfFile(pWrite, 0)'))).toMatchObject({ result: 1, lastError: 0 });
    // On disk when FlushViewOfFile returns, exactly the changed pages changed.
    expect(ints(afterFlush)).toEqual(changed());
    expect(ex.run.text()).toContain('now in the file: [0] = -1, [16384] = -17');
    expect(ex.run.step('UnmapViewOfFile(pCopy)', 1)).toMatchObject({ pagefile: SIZE, virtual: SIZE });
    expect(ints(readFileSync(join(ex.lab.workspace, 'S8.bin')))).toEqual(changed());
  });
});
