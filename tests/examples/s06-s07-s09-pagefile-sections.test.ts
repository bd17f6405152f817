/**
 * The pagefile-backed seed experiments (SPEC section 4), at the seeds' size (100,000,000 bytes:
 * commit only, so full size is cheap):
 *   S6  CreateFileMapping(INVALID_HANDLE_VALUE, PAGE_READWRITE, 0, 100000000, "Yeming-Map-Page"):
 *       avail pagefile drops by ceil(100000000 / 4096) * 4096 = 100,003,840 at creation;
 *   S7  the same with SEC_RESERVE: no commit until VirtualAlloc(MEM_COMMIT) of the view; both
 *       VirtualFree calls fail with ERROR_INVALID_PARAMETER; only UnmapViewOfFile frees it;
 *   S9  a second CreateFileMapping with the same name gives the existing object and
 *       ERROR_ALREADY_EXISTS; a name held by an event gives NULL and ERROR_INVALID_HANDLE.
 */
import { describe, expect, it } from 'vitest';
import type { NamedObjectInfo } from '../../src/api/snapshots.js';
import {
  PAGE,
  pageTablesBetween,
  poolPagesBetween,
  processIn,
  useExample,
  type ExampleRun,
  type Step,
} from './run-example.js';

const SEED_SIZE = 100_000_000;
/** The section's size in whole pages, in bytes: what commit and views are counted in. */
const PAGED = Math.ceil(SEED_SIZE / PAGE) * PAGE;
const ERROR_INVALID_HANDLE = 6;
const ERROR_INVALID_PARAMETER = 87;
const ERROR_ALREADY_EXISTS = 183;

/** The printed step and the lab's event for its call agree, and are `expected`. */
function expectStep(run: ExampleRun, step: Step, expected: { phys?: number; pagefile: number; virtual: number }): void {
  expect(step).toMatchObject(expected);
  const d = run.call(step).deltas;
  expect({ pagefile: d.availPageFile, virtual: d.availVirtual }).toEqual({
    pagefile: expected.pagefile,
    virtual: expected.virtual,
  });
  expect(d.commitCharge).toBe(0 - expected.pagefile / PAGE);
}

describe('S6: a pagefile-backed mapping of 100,000,000 bytes', () => {
  const ex = useExample('S6');

  it('runs to the end', () => expect(ex.run.exitCode, ex.run.dump()).toBe(0));

  it('charges ceil(size / 4096) pages of commit at CreateFileMapping, before any view', () => {
    const create = ex.run.step('CreateFileMapping(INVALID_HANDLE_VALUE, PAGE_READWRITE, 0, 100000000');
    expect(ex.run.call(create)).toMatchObject({ call: 'CreateFileMapping', lastError: 0 });
    expectStep(ex.run, create, {
      phys: 0 - poolPagesBetween(create.previous, create.line) * PAGE,
      pagefile: -PAGED,
      virtual: 0,
    });
  });

  it('MapViewOfFile takes only address space', () => {
    expectStep(ex.run, ex.run.step('MapViewOfFile(hPageMap'), { phys: 0, pagefile: 0, virtual: -PAGED });
  });

  it('touching pages takes physical memory but no more commit (only page tables)', () => {
    const touch = ex.run.step('write the first 1048576 bytes');
    const tables = pageTablesBetween(touch.previous, touch.line);
    expect(touch).toMatchObject({ phys: -(256 + tables) * PAGE, pagefile: 0 - tables * PAGE, virtual: 0 });
    const faults = (l: Step['line']) => processIn(l.sample, ex.run.mainPid).faults.demandZero;
    expect(faults(touch.line) - faults(touch.previous)).toBe(256);
  });

  it('the commit comes back when the last reference goes: CloseHandle after UnmapViewOfFile', () => {
    const unmap = ex.run.step('UnmapViewOfFile(pPageMap)');
    expectStep(ex.run, unmap, { pagefile: 0, virtual: PAGED });
    const close = ex.run.step('CloseHandle(hPageMap)');
    expectStep(ex.run, close, { pagefile: PAGED, virtual: 0 });
    // The 256 touched pages are available again once the section is gone (with its pool
    // page, if it held one). Unmapped, they wait on the modified list, so most come back at
    // CloseHandle; those the modified page writer has written to the pagefile meanwhile (it
    // also runs on a timer, as NT's does) are standby, available already after the unmap.
    const pool = poolPagesBetween(unmap.previous, unmap.line) + poolPagesBetween(close.previous, close.line);
    expect(unmap.phys + close.phys - 256 * PAGE).toBe(0 - pool * PAGE);
    expect(unmap.phys + poolPagesBetween(unmap.previous, unmap.line) * PAGE).toBeGreaterThanOrEqual(0);
    expect(close.phys).toBeGreaterThan(0);
  });
});

describe('S7: PAGE_READWRITE | SEC_RESERVE, then VirtualAlloc, VirtualFree, CloseHandle, UnmapViewOfFile', () => {
  const ex = useExample('S7');

  it('runs to the end', () => expect(ex.run.exitCode, ex.run.dump()).toBe(0));

  it('CreateFileMapping commits nothing and MapViewOfFile takes only address space', () => {
    expectStep(ex.run, ex.run.step('CreateFileMapping(INVALID_HANDLE_VALUE, PAGE_READWRITE | SEC_RESERVE'), {
      pagefile: 0,
      virtual: 0,
    });
    expectStep(ex.run, ex.run.step('MapViewOfFile(hVirtualMap'), { phys: 0, pagefile: 0, virtual: -PAGED });
  });

  it('VirtualAlloc(MEM_COMMIT) over the view commits the whole section: avail pagefile -100,003,840', () => {
    const commit = ex.run.step('VirtualAlloc(pVirtualMap, 100000000, MEM_COMMIT');
    const map = ex.run.call(ex.run.step('MapViewOfFile(hVirtualMap'));
    expect(ex.run.call(commit)).toMatchObject({ call: 'VirtualAlloc', result: map.result, lastError: 0 });
    expectStep(ex.run, commit, { phys: 0, pagefile: -PAGED, virtual: 0 });
  });

  it('VirtualFree(MEM_DECOMMIT) and VirtualFree(MEM_RELEASE) both fail with ERROR_INVALID_PARAMETER and free nothing', () => {
    for (const what of ['VirtualFree(pP, 100000000, MEM_DECOMMIT)', 'VirtualFree(pP, 100000000, MEM_RELEASE)']) {
      const step = ex.run.step(what);
      expect(ex.run.call(step)).toMatchObject({ call: 'VirtualFree', result: 0, lastError: ERROR_INVALID_PARAMETER });
      expectStep(ex.run, step, { phys: 0, pagefile: 0, virtual: 0 });
    }
    expect(ex.run.text()).toContain('VirtualFree(MEM_DECOMMIT) = 0, GetLastError() = 87');
    expect(ex.run.text()).toContain('VirtualFree(MEM_RELEASE) = 0, GetLastError() = 87');
  });

  it('CloseHandle returns nothing of the view; UnmapViewOfFile returns the address space and the commit', () => {
    expectStep(ex.run, ex.run.step('CloseHandle(hVirtualMap)'), { pagefile: 0, virtual: 0 });
    const unmap = ex.run.step('UnmapViewOfFile(pVirtualMap)');
    expect(ex.run.call(unmap).result).toBe(1);
    expectStep(ex.run, unmap, { pagefile: PAGED, virtual: PAGED });
  });
});

describe('S9: named objects', () => {
  let named: NamedObjectInfo[] = [];
  let namedAtEnd: NamedObjectInfo[] = [];
  const ex = useExample('S9', {
    onLine: (l) => {
      if (l.text.startsWith('through the second handle')) named = ex.lab.engine.inspector!.namedObjects();
      if (l.text.startsWith('OpenFileMapping with')) namedAtEnd = ex.lab.engine.inspector!.namedObjects();
    },
  });
  const creates = () =>
    ex.run.events.filter((e) => e.kind === 'service' && e.call === 'CreateFileMapping') as Array<{
      result: number;
      lastError: number;
      deltas: { commitCharge: number };
    }>;

  it('runs to the end', () => expect(ex.run.exitCode, ex.run.dump()).toBe(0));

  it('the first CreateFileMapping creates the object', () => {
    const [first] = creates();
    expect(first).toMatchObject({ lastError: 0, deltas: { commitCharge: 16 } });
    expect(ex.run.text()).toContain(`first: handle ${first!.result}, GetLastError() = 0`);
  });

  it('the same name again: a new handle to the existing object, ERROR_ALREADY_EXISTS, nothing charged, its size ignored', () => {
    const [first, second] = creates();
    expect(second!.result).toBeGreaterThan(0);
    expect(second!.result).not.toBe(first!.result);
    expect(second).toMatchObject({ lastError: ERROR_ALREADY_EXISTS, deltas: { commitCharge: 0 } });
    expect(ex.run.text()).toContain(`second: handle ${second!.result}, GetLastError() = 183`);
    expect(ex.run.step('CreateFileMapping(INVALID_HANDLE_VALUE, PAGE_READWRITE, 0, 1048576')).toMatchObject({
      pagefile: 0,
      virtual: 0,
    });
    expect(ex.run.text()).toContain('through the second handle: pInt[0] = 90, view size 65536');
    const objects = named.filter((o) => o.name.endsWith('\\Yeming-Map-Page'));
    expect(objects).toEqual([expect.objectContaining({ type: 'Section', handleCount: 2 })]);
  });

  it('a name held by an event: CreateFileMapping and OpenFileMapping return NULL with ERROR_INVALID_HANDLE', () => {
    const third = creates()[2];
    expect(third).toMatchObject({ result: 0, lastError: ERROR_INVALID_HANDLE, deltas: { commitCharge: 0 } });
    const open = ex.run.events.find((e) => e.kind === 'service' && e.call === 'OpenFileMapping');
    expect(open).toMatchObject({ result: 0, lastError: ERROR_INVALID_HANDLE });
    expect(ex.run.text()).toContain("CreateFileMapping with the event's name: 0, GetLastError() = 6");
    expect(ex.run.text()).toContain("OpenFileMapping with the event's name: 0, GetLastError() = 6");
    // The name still belongs to the event, and no section took it.
    expect(namedAtEnd.filter((o) => o.name.endsWith('\\Yeming-Event')).map((o) => o.type)).toEqual(['Event']);
  });

  it('the last handle gives the commit back', () => {
    expect(ex.run.step('CloseHandle(h1), the last handle')).toMatchObject({ pagefile: 16 * PAGE, virtual: 0 });
  });
});
