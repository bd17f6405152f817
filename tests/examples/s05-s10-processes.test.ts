/**
 * The multi-process seed experiments (SPEC section 4), each a parent that starts its child
 * with CreateProcess from a program it writes into the workspace:
 *   S5   a second process opens "Yeming-Map" by name, maps 100,000,000 bytes of the 1 GiB
 *        file and sees the first process change pInt[100] from 90 to 91 at once: both views
 *        use the same physical frame;
 *   S10  a child inherits an unnamed mapping's handle, gets its value on the command line,
 *        maps it and sees the parent's data (and the parent sees the child's).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AddressTranslation, HandleInfo } from '../../src/api/snapshots.js';
import { GiB, useExample } from './run-example.js';

describe('S5: a second process maps "Yeming-Map" and sees pInt[100] change from 90 to 91', () => {
  let frames: { parent: AddressTranslation; reader: AddressTranslation } | null = null;
  // The views' bases, read from the lines as they are printed.
  const bases = new Map<number, number>();
  const ex = useExample('S5', {
    onLine: (l) => {
      const base = /base address = 0x([0-9a-f]+)$/.exec(l.text);
      if (base) bases.set(l.pid, parseInt(base[1]!, 16));
      // Both processes are alive here (the parent waits for the reader to exit): look up the
      // frame behind pInt[100] in each address space.
      if (!l.text.startsWith('reader: pInt[100] = 91')) return;
      const [parentPid, parentBase] = [...bases].find(([pid]) => pid !== l.pid)!;
      const inspector = ex.lab.engine.inspector!;
      frames = {
        parent: inspector.translate(parentPid, parentBase + 400),
        reader: inspector.translate(l.pid, bases.get(l.pid)! + 400),
      };
    },
  });

  it('both processes end with exit code 0', () => {
    expect(ex.run.exitCode, ex.run.dump()).toBe(0);
    expect(ex.run.childPids).toHaveLength(1);
    expect(ex.run.exitCodeOf(ex.run.childPids[0]!)).toBe(0);
    expect(ex.run.text()).toContain('process 2 exited with code 0');
  });

  it('the reader reads 90, then 91 without any call in between', () => {
    const reader = ex.run.childPids[0]!;
    expect(ex.run.text(reader).filter((t) => t.startsWith('reader: pInt[100]'))).toEqual([
      'reader: pInt[100] = 90',
      'reader: pInt[100] = 91 (changed by the other process)',
    ]);
    // Between the two lines the reader's only calls tell process 1 that it has read 90; then it
    // only reads its own view until the value changes.
    const changed = ex.run.line('reader: pInt[100] = 91', reader);
    expect(changed.calls.map((c) => c.call)).toEqual(['OpenEvent', 'SetEvent']);
  });

  it("the reader's MapViewOfFile of 100,000,000 bytes moves only its avail virtual, by whole pages", () => {
    const reader = ex.run.childPids[0]!;
    const map = ex.run.steps.find((s) => s.pid === reader)!;
    expect(map.what).toBe('reader: MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 100000000)');
    const pages = Math.ceil(100_000_000 / 4096);
    expect(map).toMatchObject({ phys: 0, pagefile: 0, virtual: -pages * 4096 });
    expect(ex.run.call(map).deltas).toMatchObject({ availPhys: 0, availPageFile: 0, availVirtual: -100_003_840 });
    // And the parent's view of the whole file: 1 GiB of its address space.
    expect(ex.run.step('MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)').virtual).toBe(-1 * GiB);
  });

  it('one set of frames: pInt[100] is the same physical frame in both processes', () => {
    expect(frames).not.toBeNull();
    const { parent, reader } = frames!;
    expect(parent.frame).not.toBeNull();
    expect(reader.frame?.pfn).toBe(parent.frame!.pfn);
    expect(parent.frame!.mappings.map((m) => m.pid).sort()).toEqual([parent.pid, reader.pid].sort());
    expect(parent.frame!.file).toEqual({ name: 'C:\\1G.bin', offset: 0 });
    expect([parent.region.type, reader.region.type]).toEqual(['mapped', 'mapped']);
  });

  it('the reader program was written to the workspace and removed at the end', () => {
    expect(existsSync(join(ex.lab.workspace, 'S5-reader.ts'))).toBe(false);
  });
});

describe('S10: a child inherits the mapping handle and maps it without a name', () => {
  let childHandles: HandleInfo[] = [];
  const ex = useExample('S10', {
    onLine: (l) => {
      if (l.text.startsWith('child: the view says')) childHandles = ex.lab.engine.inspector!.handles(l.pid);
    },
  });

  it('parent and child end with exit code 0', () => {
    expect(ex.run.exitCode, ex.run.dump()).toBe(0);
    expect(ex.run.childPids).toHaveLength(1);
    expect(ex.run.exitCodeOf(ex.run.childPids[0]!)).toBe(0);
  });

  it('the handle is inheritable and the child gets the same value on its command line', () => {
    const hMap = Number(/^hMap = (\d+), inheritable: true$/.exec(ex.run.line('hMap = ').text)![1]);
    const child = ex.run.childPids[0]!;
    expect(ex.run.text(child)[0]).toBe(`child: command line "C:\\S10-child.ts ${hMap}", so the handle is ${hMap}`);
    const create = ex.run.events.find((e) => e.kind === 'service' && e.call === 'CreateProcess');
    expect(create).toMatchObject({ result: 1, lastError: 0 });
    expect(create?.kind === 'service' && create.args[2]).toBe(true); // bInheritHandles
    // In the child's handle table: the same value, a section, inheritable (it was inherited).
    expect(childHandles).toContainEqual(expect.objectContaining({ handle: hMap, type: 'Section', inherit: true }));
  });

  it('the child maps it (no OpenFileMapping, no name) and sees the parent data; the parent sees its answer', () => {
    const child = ex.run.childPids[0]!;
    expect(ex.run.text(child)).toContain('child: the view says "Hello from the parent"');
    expect(ex.run.text()).toContain('parent reads "Hello back from the child"');
    expect(ex.run.events.some((e) => e.kind === 'service' && e.pid === child && e.call === 'OpenFileMapping')).toBe(
      false,
    );
    const map = ex.run.steps.find((s) => s.pid === child)!;
    expect(map).toMatchObject({ phys: 0, pagefile: 0, virtual: -65536 });
  });
});
