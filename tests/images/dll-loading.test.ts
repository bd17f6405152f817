/**
 * S16 and the loader functions: LoadLibrary at the preferred base, a second DLL with the
 * same base relocated (its relocated pages private and charged to commit), a DLL without
 * relocations refused, GetProcAddress of functions and data, FreeLibrary, GetModuleHandle,
 * and the errors Windows gives (Wine's kernel32 module.c / loader.c).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { casesOn, useLab } from '../conformance/cases.js';
import { installSamples, kernelOf } from './lab.js';

const body = `
const { LoadLibrary, FreeLibrary, GetModuleHandle, GetProcAddress, GetModuleFileName, CreateFile, CreateFileMapping, MapViewOfFile, UnmapViewOfFile, CloseHandle } = W;

const hex = (n: number) => '0x' + (n >>> 0).toString(16);
const gmsBefore = gmsx();
c('load liba', () => err(() => hex(LoadLibrary('C:\\\\liba.dll'))));
const a = GetModuleHandle('LIBA');
c('handle liba', () => hex(a));
c('a_counter', () => { const p = GetProcAddress(a, 'a_counter'); return [hex(p), mem.getInt32(p)]; });
c('a_add', () => hex(GetProcAddress(a, 'a_add')));
c('by ordinal', () => hex(GetProcAddress(a, 1)));
c('no such export', () => err(() => GetProcAddress(a, 'nope')));
c('ordinal out of range', () => err(() => GetProcAddress(a, 99)));
const before = gmsx().ullAvailPageFile;
const b = LoadLibrary('libb');           // same preferred base: relocated
const after = gmsx().ullAvailPageFile;
c('libb base', () => hex(b));
c('libb relocated charge pages', () => (before - after) / 4096);
const value = GetProcAddress(b, 'b_value');
c('b_pointer points at b_value', () => mem.getUint32(GetProcAddress(b, 'b_pointer')) === value);
c('b_table relocated', () => { const t = GetProcAddress(b, 'b_table'); return [0, 1, 2, 3].every((i) => mem.getUint32(t + 4 * i) === value); });
c('code relocated', () => mem.getUint32(GetProcAddress(b, 'b_get') + 1) === value);
c('query libb text', () => q(b + 0x1000));
c('query libb data', () => q(b + 0x2000));
c('query liba text', () => q(a + 0x1000));
c('fixed.dll base taken', () => err(() => LoadLibrary('C:\\\\fixed.dll')));
c('free liba', () => err(() => FreeLibrary(a)));
c('liba gone', () => err(() => GetModuleHandle('liba.dll')));
c('query freed', () => q(a).State);
c('fixed.dll at its base', () => hex(LoadLibrary('fixed')));
c('load liba again', () => hex(LoadLibrary('liba.dll')));
c('missing dll', () => err(() => LoadLibrary('C:\\\\nothere.dll')));
c('not an image', () => err(() => LoadLibrary('C:\\\\notpe.dll')));
c('64-bit dll in a 32-bit process', () => err(() => LoadLibrary('C:\\\\app64.dll')));
c('null name', () => err(() => LoadLibrary(null)));
c('free unknown', () => err(() => FreeLibrary(0x12340000)));
c('module file name', () => { const o = { value: '' }; const n = GetModuleFileName(b, o, 260); return [n, o.value]; });
c('no exe in a script process', () => err(() => GetModuleHandle(null)));
c('twice counts', () => { const x = LoadLibrary('libb.dll'); FreeLibrary(x); return [hex(x) === hex(b), hex(GetModuleHandle('libb.dll'))]; });
c('free libb', () => { FreeLibrary(b); return err(() => GetModuleHandle('libb.dll')); });
// SEC_IMAGE through the file-mapping API: two sections on one file share one image.
c('sec image', () => {
  const h = CreateFile('C:\\\\liba.dll', 0x80000000, 1, null, 3, 0, null);
  const s1 = CreateFileMapping(h, null, PAGE_READONLY | 0x1000000, 0, 0, null);
  const s2 = CreateFileMapping(h, null, PAGE_READONLY | 0x1000000, 0, 0, null);
  const v1 = MapViewOfFile(s1, 4, 0, 0, 0);  // liba is loaded at its base: elsewhere
  const v2 = MapViewOfFile(s2, 4, 0, 0, 0);
  const r = [hex(v1) !== hex(v2), q(v1), q(v1 + 0x1000), q(v1 + 0x2000), mem.getInt32(v1 + 0x2000), mem.getInt32(v2 + 0x2000)];
  UnmapViewOfFile(v1); UnmapViewOfFile(v2); CloseHandle(s1); CloseHandle(s2); CloseHandle(h);
  return r;
});
c('sec image of no image', () => { const h = CreateFile('C:\\\\notpe.dll', 0x80000000, 1, null, 3, 0, null); const r = err(() => CreateFileMapping(h, null, PAGE_READONLY | 0x1000000, 0, 0, null)); CloseHandle(h); return r; });
c('sec image pagefile', () => err(() => CreateFileMapping(-1, null, PAGE_READONLY | 0x1000000, 0, 4096, null)));
void gmsBefore;
`;

describe('DLL loading (S16)', () => {
  const lab = useLab({ profile: 'x86' });
  beforeAll(() => {
    installSamples(lab.lab);
    writeFileSync(join(lab.lab.workspace, 'notpe.dll'), Buffer.alloc(8192, 0x41));
  });
  const r = casesOn(lab, body);

  it('loads the first DLL at its preferred base', () => {
    expect(r.get('load liba')).toEqual(['0x10000000', 0xdeadbeef]);
    expect(r.get('handle liba')).toBe('0x10000000');
    expect(r.get('a_counter')).toEqual(['0x10002000', 100]);
    expect(r.get('a_add')).toBe('0x10001000');
    expect(r.get('by ordinal')).toBe('0x10001000');
  });
  it('fails unknown exports with ERROR_PROC_NOT_FOUND', () => {
    expect(r.get('no such export')).toEqual([0, 127]);
    expect(r.get('ordinal out of range')).toEqual([0, 127]);
  });
  it('relocates a DLL whose base is taken, fixing data and code', () => {
    expect(r.get('libb base')).not.toBe('0x10000000');
    expect(r.get('b_pointer points at b_value')).toBe(true);
    expect(r.get('b_table relocated')).toBe(true);
    expect(r.get('code relocated')).toBe(true);
  });
  it('charges the copy-on-write pages and the relocated code page to commit', () => {
    // .data and .idata are copy-on-write (2 pages, charged at map); the relocated .text page
    // becomes copy-on-write and private (1 more); page tables may add one.
    expect(r.get('libb relocated charge pages')).toBeGreaterThanOrEqual(3);
    expect(r.get('libb relocated charge pages')).toBeLessThanOrEqual(4);
  });
  it('shows image pages in VirtualQuery: relocated code private, other code shared', () => {
    const text = r.get('query libb text') as Record<string, number>;
    expect(text.Type).toBe(0x1000000); // MEM_IMAGE
    expect(text.AllocationProtect).toBe(0x80); // PAGE_EXECUTE_WRITECOPY
    expect(text.Protect).toBe(0x20); // back to PAGE_EXECUTE_READ after the fixups
    expect((r.get('query libb data') as Record<string, number>).Protect).toBe(0x04); // its private copy: READWRITE
    expect((r.get('query liba text') as Record<string, number>).Protect).toBe(0x20);
  });
  it('refuses a DLL without relocations whose base is taken', () => {
    expect(r.get('fixed.dll base taken')).toEqual([0, 487]);
    expect(r.get('fixed.dll at its base')).toBe('0x10000000');
  });
  it('unloads with FreeLibrary', () => {
    expect(r.get('free liba')).toEqual([1, 0xdeadbeef]);
    expect(r.get('liba gone')).toEqual([0, 126]);
    expect(r.get('query freed')).toBe(0x10000); // MEM_FREE
    expect(r.get('load liba again')).not.toBe('0x10000000');
  });
  it('gives the loader errors', () => {
    expect(r.get('missing dll')).toEqual([0, 126]);
    expect(r.get('not an image')).toEqual([0, 193]);
    expect(r.get('64-bit dll in a 32-bit process')).toEqual([0, 193]);
    expect(r.get('null name')).toEqual([0, 87]);
    expect(r.get('free unknown')).toEqual([0, 126]);
    expect(r.get('no exe in a script process')).toEqual([0, 126]);
  });
  it('counts loads', () => {
    expect(r.get('module file name')).toEqual([11, 'C:\\libb.dll']);
    expect(r.get('twice counts')).toEqual([true, r.get('libb base')]);
    expect(r.get('free libb')).toEqual([0, 126]);
  });
  it('maps SEC_IMAGE sections of one file onto one image control area', () => {
    const [distinct, head, text, data, d1, d2] = r.get('sec image') as [boolean, Record<string, number>, Record<string, number>, Record<string, number>, number, number];
    expect(distinct).toBe(true);
    expect([head.Type, head.Protect, text.Protect, data.Protect]).toEqual([0x1000000, 0x02, 0x20, 0x08]);
    expect([d1, d2]).toEqual([100, 100]);
    expect(r.get('sec image of no image')).toEqual([0, 193]);
    expect(r.get('sec image pagefile')).toEqual([0, 193]);
  });
  it('leaves no image control area behind', () => {
    const k = kernelOf(lab.lab);
    expect(k.images.controlAreas().length).toBe(0);
  });
});
