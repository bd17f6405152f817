/**
 * The lab's view of images, against a real booted machine: two instances of app.exe started
 * by the lab itself (Lab.start with an image, as `mmlab run app.exe` and the renderer do),
 * their address spaces as the Processes view reads them — one region per PE section with
 * the module, the section, and which pages are the image's shared frames or a private copy —
 * and the frames behind them as the Physical memory view reads them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryRegion } from '../../src/api/snapshots.js';
import type { Lab } from '../../src/lab/lab.js';
import type { LabProcess } from '../../src/lab/lab-engine.js';
import { bootTestLab, type TestLab } from '../harness.js';
import { installSamples, until } from './lab.js';

/** app.exe's companion for this test: reads its code, writes .data when asked, then waits for C:\go. */
const COMPANION = `
import { GetModuleHandle, GetProcAddress, imageSections, mem, CreateFile, CloseHandle, Sleep, GetCommandLine } from 'mmlab/win32';
const me = GetModuleHandle(null);
const text = imageSections(me).find((s) => s.Name === '.text')!.Address;
const data = GetProcAddress(me, 'g_data');
mem.getUint8(text);                                   // code resident: the image's frame
mem.getUint8(GetProcAddress(me, 'g_instances'));      // Shared resident
if (GetCommandLine().includes('writer')) mem.int32(data).set(0, 4321); // .data page 0: a private copy
else mem.int32(data).get(0);
console.log('ready');
for (;;) { const h = CreateFile('C:\\\\go', 0x80000000, 7, null, 3, 0, null); if (h !== -1) { CloseHandle(h); break; } Sleep(20); }
`;

const APP = 0x400000;

describe('image regions in the address-space snapshot (two instances of app.exe)', () => {
  let lab: TestLab;
  let engine: Lab;
  let writer: LabProcess;
  let reader: LabProcess;

  beforeAll(async () => {
    lab = await bootTestLab({ profile: 'x86', ramBytes: 32 << 20, pagefileBytes: 64 << 20 });
    engine = lab.engine as Lab;
    installSamples(lab, { 'app.exe.ts': COMPANION });
    writer = await engine.start({
      fileName: 'app.exe',
      source: '',
      image: 'C:\\app.exe',
      commandLine: 'app.exe writer',
    });
    reader = await engine.start({
      fileName: 'app.exe',
      source: '',
      image: 'C:\\app.exe',
      commandLine: 'app.exe reader',
    });
    await until(() => writer.stdout.includes('ready') && reader.stdout.includes('ready'));
  }, 60_000);

  afterAll(async () => {
    if (!lab) return;
    writeFileSync(join(lab.workspace, 'go'), '');
    await Promise.all([writer?.exited, reader?.exited]);
    lab.checkInvariants();
    await lab.close();
  });

  const imageRegions = (pid: number, base: number): MemoryRegion[] =>
    engine.inspector.addressSpace(pid).regions.filter((r) => r.allocationBase === base);

  it('names the EXE and its companion program in the process list', () => {
    const info = engine.inspector.processList().find((p) => p.pid === writer.pid)!;
    expect(info.name).toBe('C:\\app.exe');
    expect(info.commandLine).toBe('app.exe writer');
    expect(info.image).toEqual({ path: 'C:\\app.exe', companion: 'C:\\app.exe.ts' });
  });

  it('cuts the image into one region per PE section, each with its module and section protection', () => {
    const regions = imageRegions(reader.pid, APP);
    // The reader wrote nothing of its own but the loader's import binding (.idata).
    expect(regions.map((r) => [r.base - APP, r.size / 4096, r.image?.section, r.protect])).toEqual([
      [0x0000, 1, 'headers', 0x02],
      [0x1000, 1, '.text', 0x20],
      [0x2000, 2, '.data', 0x08],
      [0x4000, 1, 'Shared', 0x04],
      [0x5000, 1, '.rdata', 0x02],
      [0x6000, 4, '.bss', 0x08],
      [0xa000, 1, '.edata', 0x02],
      [0xb000, 1, '.idata', 0x04],
    ]);
    for (const r of regions) {
      expect(r.type).toBe('image');
      expect(r.state).toBe('committed');
      expect(r.backingFile).toBe('C:\\app.exe');
      expect(r.image).toMatchObject({ module: 'app.exe', path: 'C:\\app.exe', moduleBase: APP });
    }
    const shared = regions.find((r) => r.image?.section === 'Shared')!.image!;
    expect(shared).toMatchObject({ sharedSection: true, sectionProtect: 0x04, sectionIndex: 2 });
    expect(shared.characteristics).toBe(0xd0000040);
    expect(regions.find((r) => r.image?.section === '.data')!.image).toMatchObject({
      sharedSection: false,
      sectionProtect: 0x08,
    });
    expect(regions[0]!.image).toMatchObject({ sectionIndex: -1, characteristics: 0 });
  });

  it('tells shared image frames from private copies page by page', () => {
    const reader_ = imageRegions(reader.pid, APP);
    const writer_ = imageRegions(writer.pid, APP);
    const section = (rs: MemoryRegion[], name: string) => rs.filter((r) => r.image?.section === name);
    // Code and the Shared section: resident on the image's own frames in both.
    for (const rs of [reader_, writer_]) {
      expect(section(rs, '.text')[0]!.image).toMatchObject({ pages: 's', sharedPages: 1, privatePages: 0 });
      expect(section(rs, 'Shared')[0]!.image).toMatchObject({ pages: 's', sharedPages: 1, privatePages: 0 });
      // The import address table was written by the loader in each process: a private copy.
      expect(section(rs, '.idata')[0]!.image).toMatchObject({ pages: 'p', privatePages: 1 });
    }
    // The reader read g_data[0]: the image's frame. The writer wrote it: its own copy, now PAGE_READWRITE.
    expect(section(reader_, '.data').map((r) => [r.size / 4096, r.protect, r.image!.pages])).toEqual([[2, 0x08, 's-']]);
    expect(
      section(writer_, '.data').map((r) => [r.base - APP, r.protect, r.image!.pages, r.image!.privatePages]),
    ).toEqual([
      [0x2000, 0x04, 'p', 1],
      [0x3000, 0x08, '-', 0],
    ]);
  });

  it('shows the code frame shared by both instances and the written .data page apart', () => {
    const code = [writer, reader].map((p) => engine.inspector.translate(p.pid, APP + 0x1000));
    expect(code[0]!.frame!.pfn).toBe(code[1]!.frame!.pfn);
    expect(code[0]!.frame).toMatchObject({
      use: 'prototype',
      shareCount: 2,
      file: { name: 'C:\\app.exe', offset: 0x400 },
    });
    expect(code[0]!.frame!.mappings.map((m) => m.pid).sort()).toEqual([writer.pid, reader.pid].sort());
    const data = [writer, reader].map((p) => engine.inspector.translate(p.pid, APP + 0x2000));
    expect(data[0]!.frame!.pfn).not.toBe(data[1]!.frame!.pfn);
    expect(data[0]!.frame).toMatchObject({ use: 'private', ownerPid: writer.pid, shareCount: 1 });
    expect(data[1]!.frame).toMatchObject({ use: 'prototype', shareCount: 1 });
  });

  it('names the DLLs the EXE imports by their module names', () => {
    const liba = imageRegions(writer.pid, 0x10000000);
    expect(liba.length).toBeGreaterThan(1);
    expect(new Set(liba.map((r) => r.image?.module))).toEqual(new Set(['liba.dll']));
    expect(liba.map((r) => r.image?.section)).toEqual([
      'headers',
      '.text',
      '.data',
      '.rdata',
      '.edata',
      '.idata',
      '.reloc',
    ]);
  });
});
