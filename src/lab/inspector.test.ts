/**
 * The lab's snapshot reads and step mode, against a real booted machine: real workers, real
 * page tables, a real pagefile. Programs print what they did; the snapshots must agree.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64, frameCodeState, frameCodeUse } from '../api/frame-codes.js';
import type { StepState } from '../api/snapshots.js';
import { bootTestLab, type TestLab } from '../../tests/harness.js';
import type { Lab } from './lab.js';
import { KernelObject } from '../ob/object.js';
import type { LabProcess } from './lab-engine.js';

const KiB = 1024;
const PAGE = 4096;

async function until<T>(read: () => T | undefined | null | false, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Reserves 1 MiB, commits its first 256 KiB, touches 16 pages, makes page 1 read-only, opens its own process. */
const ALLOCATOR = `
import { VirtualAlloc, VirtualProtect, OpenProcess, GetCurrentProcessId, Sleep, mem,
         MEM_RESERVE, MEM_COMMIT, PAGE_READWRITE, PAGE_READONLY, PROCESS_QUERY_INFORMATION } from 'mmlab/win32';
const base = VirtualAlloc(0, 1024 * 1024, MEM_RESERVE, PAGE_READWRITE);
VirtualAlloc(base, 256 * 1024, MEM_COMMIT, PAGE_READWRITE);
for (let i = 0; i < 16; i++) mem.setInt32(base + i * 4096, i + 1);
VirtualProtect(base + 4096, 4096, PAGE_READONLY, { value: 0 });
const h = OpenProcess(PROCESS_QUERY_INFORMATION, true, GetCurrentProcessId());
console.log(JSON.stringify({ base, h }));
Sleep(60000);
`;

class NamedThing extends KernelObject {
  readonly typeName = 'Section';
  readonly poolBytes = 64;
}

describe('LabInspector on a running machine', () => {
  let lab: TestLab;
  let engine: Lab;
  let proc: LabProcess;
  let base = 0;
  let handle = 0;

  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: 32 * 1024 * KiB, pagefileBytes: 64 * 1024 * KiB });
    engine = lab.engine as Lab;
    proc = await lab.start(ALLOCATOR, 'allocator.ts');
    const line = await until(() => proc.stdout.find((l) => l.startsWith('{')), 'the program to allocate');
    ({ base, h: handle } = JSON.parse(line) as { base: number; h: number });
  });

  afterAll(async () => {
    engine.terminate(proc.pid);
    await proc.exited;
    lab.checkInvariants();
    await lab.close();
  });

  it('lists the process with its counters', () => {
    const info = engine.inspector.processList().find((p) => p.pid === proc.pid)!;
    expect(info).toMatchObject({ name: 'allocator.ts', state: 'running', parentPid: 0, stepping: false, paused: null });
    expect(info.privateBytes).toBeGreaterThanOrEqual(256 * KiB);
    expect(info.faults.demandZero).toBeGreaterThanOrEqual(16);
    expect(info.workingSet.total).toBeGreaterThanOrEqual(16);
    expect(info.createdAt).toBeGreaterThanOrEqual(0);
  });

  it('shows the address space as VirtualQuery regions with working-set counts', () => {
    const as = engine.inspector.addressSpace(proc.pid);
    // Contiguous cover of the user range.
    expect(as.regions[0]!.base).toBe(as.minAddress);
    for (let i = 1; i < as.regions.length; i++) {
      expect(as.regions[i]!.base).toBe(as.regions[i - 1]!.base + as.regions[i - 1]!.size);
    }
    const last = as.regions.at(-1)!;
    expect(last.base + last.size).toBe(as.maxAddress + 1);
    const free = as.regions.filter((r) => r.state === 'free').reduce((n, r) => n + r.size, 0);
    expect(free).toBe(as.availVirtual);

    const mine = as.regions.filter((r) => r.allocationBase === base);
    expect(mine.map((r) => [r.base - base, r.size, r.state, r.protect])).toEqual([
      [0, PAGE, 'committed', 0x04],
      [PAGE, PAGE, 'committed', 0x02],
      [2 * PAGE, 256 * KiB - 2 * PAGE, 'committed', 0x04],
      [256 * KiB, 768 * KiB, 'reserved', 0],
    ]);
    expect(mine.every((r) => r.type === 'private' && r.allocationProtect === 0x04 && r.backingFile === null)).toBe(true);
    expect(mine.map((r) => r.workingSetPages)).toEqual([1, 1, 14, 0]);
    expect(mine.map((r) => r.committedPages)).toEqual([1, 1, 62, 0]);
  });

  it('follows an address to its PTE and frame, and the frame back to the address', () => {
    const t = engine.inspector.translate(proc.pid, base + 8);
    expect(t).toMatchObject({ vpn: base / PAGE, pageState: 'active', protect: 0x04, pagefileSlot: null });
    expect(t.pte).toMatchObject({ valid: true, writable: true });
    expect(t.frame).not.toBeNull();
    const f = engine.inspector.frame(t.frame!.pfn);
    expect(f).toMatchObject({ state: 'active', use: 'private', ownerPid: proc.pid, shareCount: 1 });
    expect(f.mappings).toEqual([{ pid: proc.pid, address: base, valid: true }]);
    expect(t.pte!.physicalAddress).toBeGreaterThan(0);

    const readOnly = engine.inspector.translate(proc.pid, base + PAGE);
    expect(readOnly.pte).toMatchObject({ valid: true, writable: false });
    const reserved = engine.inspector.translate(proc.pid, base + 512 * KiB);
    expect(reserved).toMatchObject({ pageState: 'none', frame: null, protect: 0 });
    expect(reserved.region.state).toBe('reserved');
    const untouched = engine.inspector.translate(proc.pid, base + 40 * PAGE);
    expect(untouched).toMatchObject({ pageState: 'demandZero', frame: null });
  });

  it('maps every frame by state and use, agreeing with the page-list counters', () => {
    const map = engine.inspector.frameMap();
    const sample = engine.sample();
    expect(map.frames).toBe(32 * 256);
    const codes = decodeBase64(map.codes);
    expect(codes.length).toBe(map.frames);
    const counts: Record<string, number> = {};
    for (const c of codes) counts[map.states[frameCodeState(c)]!] = (counts[map.states[frameCodeState(c)]!] ?? 0) + 1;
    // The machine keeps running between the two reads; the zero-page worker may move a few frames.
    expect(counts['active']).toBeGreaterThan(0);
    expect(Math.abs((counts['active'] ?? 0) - sample.system.lists.active)).toBeLessThanOrEqual(4);
    const pfn = engine.inspector.translate(proc.pid, base).frame!.pfn;
    expect(map.states[frameCodeState(codes[pfn]!)]).toBe('active');
    expect(map.uses[frameCodeUse(codes[pfn]!)]).toBe('private');
    expect(map.uses).toContain('pageTable');
  });

  it('lists handles and named objects', () => {
    const handles = engine.inspector.handles(proc.pid);
    expect(handles).toContainEqual({
      handle,
      type: 'Process',
      name: `allocator.ts (pid ${proc.pid})`,
      access: 0x0400,
      inherit: true,
      protectFromClose: false,
    });

    // A named object held by two handles in this process (as CreateFileMapping + OpenFileMapping would).
    const k = engine.kernel;
    const p = k.processes.get(proc.pid)!;
    const thing = new NamedThing();
    expect(k.objects.register(thing)).toBe(true);
    k.objects.insertName(thing, 'Yeming-Map');
    const h1 = k.objects.openHandle(p.handles, thing, 0xf001f, false);
    const h2 = k.objects.openHandle(p.handles, thing, 0x4, false);
    k.objects.dereference(thing); // the creator's reference: the handles keep it alive
    try {
      expect(engine.inspector.namedObjects()).toEqual([
        {
          name: '\\Sessions\\1\\BaseNamedObjects\\Yeming-Map',
          type: 'Section',
          handleCount: 2,
          referenceCount: 2,
          holders: [proc.pid],
        },
      ]);
    } finally {
      k.objects.closeHandle(p.handles, h1);
      k.objects.closeHandle(p.handles, h2);
    }
    expect(engine.inspector.namedObjects()).toEqual([]);
  });

  it('refuses requests for things that do not exist, with clear messages', () => {
    expect(() => engine.inspector.addressSpace(9999)).toThrow('no process 9999');
    expect(() => engine.inspector.frame(32 * 256)).toThrow(/frame 8192 does not exist: this machine has frames 0 to 8191/);
    expect(() => engine.inspector.frame(-1)).toThrow(/does not exist/);
    expect(() => engine.inspector.translate(proc.pid, 0x1000)).toThrow(/outside the user address space/);
    expect(() => engine.inspector.translate(proc.pid, 0x8000_0000)).toThrow(/outside the user address space/);
  });
});

describe('image and mapped views in the snapshots', () => {
  it('shows a loaded DLL as image regions backed by its file, and its pages as section frames', async () => {
    const lab = await bootTestLab({ ramBytes: 32 * 1024 * KiB, pagefileBytes: 16 * 1024 * KiB });
    const engine = lab.engine as Lab;
    try {
      copyFileSync(fileURLToPath(new URL('../../fixtures/images/liba.dll', import.meta.url)), join(lab.workspace, 'liba.dll'));
      const proc = await lab.start(
        `import { LoadLibrary, Sleep, mem } from 'mmlab/win32';
         const base = LoadLibrary('liba.dll');
         mem.getInt32(base); // touch the headers page
         console.log(JSON.stringify({ base }));
         Sleep(60000);`,
        'loader.ts',
      );
      const line = await until(() => proc.stdout.find((l) => l.startsWith('{')), 'the DLL to load');
      const { base } = JSON.parse(line) as { base: number };
      expect(base).toBeGreaterThan(0);
      const regions = engine.inspector.addressSpace(proc.pid).regions.filter((r) => r.allocationBase === base);
      expect(regions.length).toBeGreaterThan(1);
      expect(regions.every((r) => r.type === 'image')).toBe(true);
      expect(regions[0]!.backingFile).toMatch(/liba\.dll$/i);
      const t = engine.inspector.translate(proc.pid, base);
      expect(t.region.type).toBe('image');
      expect(t.frame?.use).toBe('prototype');
      expect(t.frame?.file?.name).toMatch(/liba\.dll$/i);
      expect(t.frame?.file?.offset).toBe(0);
      expect(t.frame?.mappings).toContainEqual({ pid: proc.pid, address: base, valid: true });
      engine.terminate(proc.pid);
      await proc.exited;
      lab.checkInvariants();
    } finally {
      await lab.close();
    }
  });
});

describe('step mode', () => {
  it('holds a process before each kernel call and lets one call through per step', async () => {
    const lab = await bootTestLab({ ramBytes: 16 * 1024 * KiB, pagefileBytes: 0 });
    const engine = lab.engine as Lab;
    try {
      const states: StepState[] = [];
      engine.steps.onStep((s) => states.push(s));
      const source = `
        import { VirtualAlloc, VirtualFree, MEM_RESERVE, MEM_COMMIT, MEM_RELEASE, PAGE_READWRITE } from 'mmlab/win32';
        const p = VirtualAlloc(0, 65536, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        console.log('allocated');
        VirtualFree(p, 0, MEM_RELEASE);
        console.log('freed');
      `;
      const proc = await engine.start({ fileName: 'steps.ts', source, startPaused: true });
      const held = await until(() => engine.inspector.processList().find((p) => p.pid === proc.pid)?.paused, 'the first hold');
      expect(held.call).toBe('VirtualAlloc');
      expect(proc.stdout).toEqual([]);

      engine.steps.step(proc.pid);
      const next = await until(() => {
        const paused = engine.inspector.processList().find((p) => p.pid === proc.pid)?.paused;
        return paused?.call === 'VirtualFree' ? paused : null;
      }, 'the hold before VirtualFree');
      expect(next.args[2]).toBe(0x8000);
      expect(proc.stdout).toEqual(['allocated']);

      expect(engine.steps.setStepping(proc.pid, false)).toEqual({ pid: proc.pid, stepping: false, paused: null });
      expect(await proc.exited).toBe(0);
      expect(proc.stdout).toEqual(['allocated', 'freed']);
      expect(states.map((s) => s.paused?.call ?? null)).toEqual([null, 'VirtualAlloc', null, 'VirtualFree', null]);
      expect(() => engine.steps.step(proc.pid)).toThrow(`process ${proc.pid} has exited`);
      expect(() => engine.steps.step(4242)).toThrow('no process 4242');
      lab.checkInvariants();
    } finally {
      await lab.close();
    }
  });
});
