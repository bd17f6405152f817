/**
 * The PE parser under malformed input: every truncation and thousands of bit flips of the
 * sample images either parse or fail with ERROR_BAD_EXE_FORMAT (Win32Error 193) — never
 * another exception, never a read outside the image. Header reader (host, pe-library),
 * layout checks (kernel) and the directories the loader reads are all exercised.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageBytes, readExports, readImports, readRelocations } from '../../src/mm/image/image-directories.js';
import { ImageLayout, imageProtection } from '../../src/mm/image/image-layout.js';
import { Win32Error } from '../../src/nt/win32-error.js';
import { readPeHeaders } from '../../src/node/pe-header-reader.js';

const FIX = join(import.meta.dirname, '../../fixtures/images');
const SAMPLES = ['app.exe', 'liba.dll', 'libb.dll', 'fixed.dll', 'app64.dll'];
const ERROR_BAD_EXE_FORMAT = 193;

/** Parses like the kernel: 'ok', or the Win32 error; anything else escapes and fails the test. */
function parse(file: Uint8Array): 'ok' | number {
  const h = readPeHeaders(file.subarray(0, 0x10000));
  if ('error' in h) return ERROR_BAD_EXE_FORMAT;
  try {
    const layout = ImageLayout.build(h, file.length);
    const bytes = new ImageBytes(layout, (dest, offset) => {
      const part = file.subarray(offset, offset + dest.length);
      dest.set(part);
      return part.length;
    });
    readExports(bytes);
    readImports(bytes);
    readRelocations(bytes);
    const page = new Uint8Array(4096);
    for (let p = 0; p < Math.min(layout.pages, 64); p++) bytes.readPage(p, page);
    return 'ok';
  } catch (e) {
    if (e instanceof Win32Error) return e.code;
    throw e;
  }
}

/** A small deterministic PRNG (xorshift32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

describe('PE parsing of the samples', () => {
  it.each(SAMPLES)('%s parses', (name) => {
    expect(parse(readFileSync(join(FIX, name)))).toBe('ok');
  });

  it('reads app.exe as the linker laid it out', () => {
    const file = readFileSync(join(FIX, 'app.exe'));
    const h = readPeHeaders(file);
    if ('error' in h) throw new Error(h.error);
    const layout = ImageLayout.build(h, file.length);
    expect(layout.imageBase).toBe(0x400000);
    expect(layout.relocsStripped).toBe(true);
    expect(layout.sections.map((s) => [s.name, s.protection])).toEqual([
      ['.text', 0x20],
      ['.data', 0x08],
      ['Shared', 0x04],
      ['.rdata', 0x02],
      ['.bss', 0x08],
      ['.edata', 0x02],
      ['.idata', 0x08],
    ]);
    // .bss has no raw data: its pages are all zero fill.
    const bss = layout.sections[4]!;
    for (let p = bss.rva / 4096; p < (bss.rva + bss.size) / 4096; p++) expect(layout.fileBytes[p]).toBe(0);
    const bytes = new ImageBytes(layout, (d, o) => {
      d.set(file.subarray(o, o + d.length));
      return Math.min(d.length, Math.max(0, file.length - o));
    });
    expect(readImports(bytes).map((i) => [i.dll, i.thunks.map((t) => t.name)])).toEqual([['liba.dll', ['a_add', 'a_counter']]]);
    expect([...readExports(bytes)!.names.keys()].sort()).toEqual(['app_work', 'g_bss', 'g_data', 'g_instances', 'g_message']);
  });

  it('maps characteristics to protections as NT does', () => {
    expect(imageProtection(0x60000020)).toBe(0x20); // code: EXECUTE_READ
    expect(imageProtection(0xc0000040)).toBe(0x08); // data: WRITECOPY
    expect(imageProtection(0xd0000040)).toBe(0x04); // shared data: READWRITE
    expect(imageProtection(0xe0000020)).toBe(0x80); // writable code: EXECUTE_WRITECOPY
    expect(imageProtection(0xf0000020)).toBe(0x40); // shared writable code: EXECUTE_READWRITE
    expect(imageProtection(0x00000020)).toBe(0x01); // no access bits: NOACCESS
  });
});

describe('PE parsing of malformed files', () => {
  it.each(SAMPLES)('%s: every truncation fails cleanly', (name) => {
    const file = readFileSync(join(FIX, name));
    const seen = new Set<string | number>();
    for (let n = 0; n < file.length; n += n < 1024 ? 1 : 7) {
      const r = parse(file.subarray(0, n));
      seen.add(r);
      expect([ERROR_BAD_EXE_FORMAT, 'ok']).toContain(r);
    }
    // Cut inside the headers or a section's raw data, no sample is an image any more.
    expect(parse(file.subarray(0, 0x200))).toBe(ERROR_BAD_EXE_FORMAT);
    expect(seen.has(ERROR_BAD_EXE_FORMAT)).toBe(true);
  });

  it.each(SAMPLES)('%s: bit flips parse or fail with ERROR_BAD_EXE_FORMAT', (name) => {
    const original = readFileSync(join(FIX, name));
    const random = rng(0x5eed + name.length);
    let failed = 0;
    for (let round = 0; round < 1500; round++) {
      const file = Uint8Array.from(original);
      const flips = 1 + Math.floor(random() * 4);
      // Mostly the headers and tables (where a flip matters), sometimes anywhere.
      const span = random() < 0.8 ? Math.min(file.length, 0x400) : file.length;
      for (let i = 0; i < flips; i++) {
        const at = Math.floor(random() * span);
        file[at]! ^= 1 << Math.floor(random() * 8);
      }
      const r = parse(file);
      if (r !== 'ok') {
        expect(r).toBe(ERROR_BAD_EXE_FORMAT);
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(0);
  });
});
