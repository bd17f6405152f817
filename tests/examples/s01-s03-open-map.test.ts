/**
 * Seed experiments S1-S3 (SPEC section 4) run as shipped, at the seeds' size (a 1 GiB sparse
 * file, which costs nothing until touched), on the default machine (x86, 256 MiB RAM):
 *   S1  CreateFile: only the FILE_OBJECT's pool moves avail phys; no virtual, no commit;
 *   S2  CreateFileMapping(hFile, PAGE_READWRITE, 0, 0, "Yeming-Map"): only an object is made;
 *   S3  MapViewOfFile(FILE_MAP_WRITE, 0, 0, 0): avail virtual −1 GiB exactly, nothing else
 *       until a page is touched.
 * Each step is checked twice: in the example's own printed table and in the lab's event for
 * the call (exact deltas computed around the service on the kernel thread).
 */
import { describe, expect, it } from 'vitest';
import type { NamedObjectInfo } from '../../src/api/snapshots.js';
import {
  GiB,
  PAGE,
  pageTablesBetween,
  poolPagesBetween,
  processIn,
  useExample,
  type ExampleRun,
  type Step,
} from './run-example.js';

/** The printed deltas equal the lab's event deltas for the call. */
function expectPrintedMatchesEvent(run: ExampleRun, step: Step): void {
  const d = run.call(step).deltas;
  expect({ phys: step.phys, pagefile: step.pagefile, virtual: step.virtual }).toEqual({
    phys: d.availPhys,
    pagefile: d.availPageFile,
    virtual: d.availVirtual,
  });
}

/**
 * avail phys moved by exactly the nonpaged pool pages the call took: kernel objects are a few
 * hundred bytes (src/io/file-object.ts, src/mm/section/section-object.ts) and the pool takes
 * frames by the page (MemoryManager.poolAllocate), so 0 or 1.
 */
function expectOnlyPool(step: Step): void {
  const pool = poolPagesBetween(step.previous, step.line);
  expect([0, 1]).toContain(pool);
  expect(step.phys).toBe(0 - pool * PAGE);
}

function faultsAt(run: ExampleRun, line: Step['line']) {
  return processIn(line.sample, run.mainPid).faults;
}

describe('S1: CreateFile on a 1 GiB file', () => {
  const ex = useExample('S1');

  it('runs to the end', () => {
    expect(ex.run.exitCode, ex.run.dump()).toBe(0);
    expect(ex.run.text()[0]).toBe('made C:\\1G.bin: 1073741824 bytes, sparse');
  });

  it('costs the kernel object only: avail phys by its pool page or nothing, no virtual, no commit', () => {
    const open = ex.run.step('CreateFile(C:\\1G.bin)');
    const call = ex.run.call(open);
    expect(call.call).toBe('CreateFile');
    expect(call.result).toBeGreaterThan(0);
    expect(call.lastError).toBe(0);
    expect(call.deltas).toMatchObject({ availPageFile: 0, availVirtual: 0, commitCharge: 0, workingSet: 0 });
    expectOnlyPool(open);
    expectPrintedMatchesEvent(ex.run, open);
    // Opening reads nothing.
    expect(faultsAt(ex.run, open.line)).toEqual(faultsAt(ex.run, open.previous));
  });

  it('CloseHandle gives the pool back', () => {
    const open = ex.run.step('CreateFile(C:\\1G.bin)');
    expect(ex.run.step('CloseHandle(hFile)')).toMatchObject({ phys: 0 - open.phys, pagefile: 0, virtual: 0 });
  });
});

describe('S2: CreateFileMapping(hFile, PAGE_READWRITE, 0, 0, "Yeming-Map")', () => {
  let named: NamedObjectInfo[] = [];
  const ex = useExample('S2', {
    onLine: (l) => {
      if (l.text.startsWith('hMap = ')) named = ex.lab.engine.inspector!.namedObjects();
    },
  });

  it('runs to the end', () => expect(ex.run.exitCode, ex.run.dump()).toBe(0));

  it('makes only an object: no physical (beyond its pool), commit or virtual', () => {
    const create = ex.run.step('CreateFileMapping(hFile, PAGE_READWRITE, 0, 0, "Yeming-Map")');
    const call = ex.run.call(create);
    expect(call.call).toBe('CreateFileMapping');
    expect(call.result).toBeGreaterThan(0);
    expect(call.lastError).toBe(0);
    expect(call.deltas).toMatchObject({ availPageFile: 0, availVirtual: 0, commitCharge: 0, workingSet: 0 });
    expectOnlyPool(create);
    expectPrintedMatchesEvent(ex.run, create);
    // No page of the file was read.
    expect(faultsAt(ex.run, create.line)).toEqual(faultsAt(ex.run, create.previous));
  });

  it('the object is a section named Yeming-Map', () => {
    expect(named).toContainEqual(
      expect.objectContaining({ name: '\\Sessions\\1\\BaseNamedObjects\\Yeming-Map', type: 'Section', handleCount: 1 }),
    );
  });
});

describe('S3: MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)', () => {
  const ex = useExample('S3');

  it('runs to the end', () => expect(ex.run.exitCode, ex.run.dump()).toBe(0));

  it('lowers avail virtual by exactly 1 GiB and moves nothing else', () => {
    const map = ex.run.step('MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)');
    const call = ex.run.call(map);
    expect(call.call).toBe('MapViewOfFile');
    expect(call.lastError).toBe(0);
    expect(call.deltas).toEqual({
      availPhys: 0,
      availPageFile: 0,
      availVirtual: -1 * GiB,
      commitCharge: 0,
      workingSet: 0,
    });
    expect(map).toMatchObject({ phys: 0, pagefile: 0, virtual: -1 * GiB });
    expect(ex.run.line('base address = 0x').text).toBe(`base address = 0x${(call.result as number).toString(16)}`);
  });

  // The first touch: one hard fault reads the page from the file. The page tables it needs are
  // the only commit (SPEC section 3: page tables are charged); the file page charges none.
  it('the first touch of one page is one file read and costs that page (and its page tables)', () => {
    const touch = ex.run.step('read pMap[0] (first touch)');
    const tables = pageTablesBetween(touch.previous, touch.line);
    expect(faultsAt(ex.run, touch.line).fileRead - faultsAt(ex.run, touch.previous).fileRead).toBe(1);
    expect(touch).toMatchObject({ pagefile: 0 - tables * PAGE, virtual: 0 });
    expect(ex.run.text()).toContain('pMap[0] = 0');
  });

  // NT reads a cluster of file pages on a hard fault, but the pages read ahead go to the
  // standby list, which is available memory: avail phys drops by the one page touched.
  it('pages read ahead stay available: avail phys drops by the touched page and its page tables only', () => {
    const touch = ex.run.step('read pMap[0] (first touch)');
    const tables = pageTablesBetween(touch.previous, touch.line);
    expect(touch.phys).toBe(-(1 + tables) * PAGE);
  });

  it('UnmapViewOfFile gives the address space back', () => {
    const unmap = ex.run.step('UnmapViewOfFile(pMap)');
    expect(unmap).toMatchObject({ pagefile: 0, virtual: 1 * GiB });
    expect(ex.run.call(unmap).result).toBe(1);
  });
});
