/**
 * `mem`, the program's window on its virtual memory (SPEC section 2): every width, little-
 * endian, at any alignment and across page boundaries; typed pointers; read / write / copy /
 * fill; ANSI and UTF-16 strings; Interlocked*; and the exceptions a bad access raises. The
 * same cases run in each address-space profile at addresses the MMU treats differently:
 * low addresses (x86), addresses above 2 GiB (x86-3gb: past int32 range), and in x64 a
 * region that straddles 4 GiB and one near the top of the 128 TiB space (the MMU's second
 * TLB). A cached translation must not outlive a protection change or a decommit.
 */
import { describe, expect, it } from 'vitest';
import { labCases } from './cases.js';

/** The case body: `base` is an expression for a 64 KiB-aligned address of 3 committed pages (plus one reserved). */
function body(alloc: string): string {
  return `
const base = ${alloc};
if (!base) throw new Error('VirtualAlloc ' + GetLastError());
c('base', () => base);
c('widths', () => {
  const a = base + 0x10;
  mem.setInt8(a, -5); const i8 = mem.getInt8(a);
  mem.setUint8(a, 250); const u8 = mem.getUint8(a);
  mem.setInt16(a, -30000); const i16 = mem.getInt16(a);
  mem.setUint16(a, 65000); const u16 = mem.getUint16(a);
  mem.setInt32(a, -2000000000); const i32 = mem.getInt32(a);
  mem.setUint32(a, 4000000000); const u32 = mem.getUint32(a);
  mem.setFloat32(a, 1.5); const f32 = mem.getFloat32(a);
  mem.setFloat64(a, Math.PI); const f64 = mem.getFloat64(a);
  mem.setBigInt64(a, -(2n ** 62n)); const b64 = String(mem.getBigInt64(a));
  mem.setBigUint64(a, 2n ** 64n - 1n); const bu64 = String(mem.getBigUint64(a));
  mem.setInt64(a, -(2 ** 40)); const n64 = mem.getInt64(a);
  return { i8, u8, i16, u16, i32, u32, f32, f64, b64, bu64, n64 };
});
c('little-endian', () => { mem.setUint32(base + 0x20, 0x11223344); return Array.from(mem.read(base + 0x20, 4)); });
c('unaligned', () => { mem.setInt32(base + 0x31, 0x01020304); return [mem.getInt32(base + 0x31), Array.from(mem.read(base + 0x30, 6))]; });
c('across a page boundary', () => {
  mem.setInt32(base + PG - 2, -123456789);
  mem.setFloat64(base + 2 * PG - 3, 1e300);
  return [mem.getInt32(base + PG - 2), mem.getUint16(base + PG), mem.getFloat64(base + 2 * PG - 3)];
});
c('int32 pointer', () => {
  const p = mem.int32(base + PG);
  p.set(0, 7); p.set(1025, 8); p.set(-1, 9);
  return [mem.getInt32(base + PG), mem.getInt32(base + PG + 4100), mem.getInt32(base + PG - 4), p.get(-1), p.address === base + PG];
});
c('int32 pointer, fractional index', () => {
  const p = mem.int32(base + 0x100);
  mem.write(base + 0x100, [1, 2, 3, 4, 5, 6, 7, 8]);
  return [p.get(0.5), mem.getInt32(base + 0x102)];
});
c('int32 pointer, unaligned', () => {
  const p = mem.int32(base + PG - 6);
  p.set(1, 0x0a0b0c0d);
  return [p.get(1), Array.from(mem.read(base + PG - 2, 4))];
});
c('other pointers', () => {
  const f = mem.float64(base + 0x200); f.set(3, 2.25);
  const u = mem.uint8(base + PG - 1); u.set(1, 77);
  const s = mem.int16(base + 0x300); s.set(2, -2);
  return [mem.getFloat64(base + 0x218), mem.getUint8(base + PG), mem.getInt16(base + 0x304), f.get(3), u.get(1), s.get(2)];
});
c('write, read, copy, fill across pages', () => {
  const bytes = new Uint8Array(2 * PG + 100).map((_, i) => (i * 7) & 0xff);
  mem.write(base + 50, bytes);
  const same = mem.read(base + 50, bytes.length).every((b, i) => b === bytes[i]);
  mem.copy(base + 60, base + 50, 2 * PG);   // overlapping, forwards
  const copied = mem.read(base + 60, 2 * PG).every((b, i) => b === bytes[i]);
  mem.fill(base + PG - 10, 20, 0x1ff);
  const filled = Array.from(mem.read(base + PG - 11, 22));
  return { same, copied, filled };
});
c('strings', () => {
  const n1 = mem.writeString(base + PG - 3, 'Yeming-Map');
  const n2 = mem.writeString(base + 2 * PG - 5, 'Ω\\u00e9 map', 'utf16');
  return [n1, mem.readString(base + PG - 3), n2, mem.readString(base + 2 * PG - 5, 'utf16'), mem.readString(base + PG - 3, 'ansi', 4)];
});
c('Interlocked', () => {
  const a = base + 0x400;
  mem.setInt32(a, 0x7fffffff);
  const inc = W.InterlockedIncrement(a);
  const dec = W.InterlockedDecrement(a);
  const xchg = W.InterlockedExchange(a, 5);
  const cmpMiss = W.InterlockedCompareExchange(a, 9, 4);
  const cmpHit = W.InterlockedCompareExchange(a, 9, 5);
  const add = W.InterlockedExchangeAdd(a, 10);
  let misaligned = '';
  try { W.InterlockedIncrement(a + 2); } catch (e: any) { misaligned = e.name; }
  return [inc, dec, xchg, cmpMiss, cmpHit, add, mem.getInt32(a), misaligned];
});
c('read past the committed pages', () => fault(() => mem.getInt32(base + 3 * PG)));
c('write across into them', () => fault(() => mem.setInt32(base + 3 * PG - 2, 1)));
c('not an address', () => [fault(() => mem.getUint8(-4)), fault(() => mem.getUint8(NaN))]);
c('write after VirtualProtect(PAGE_READONLY)', () => {
  mem.setInt32(base + 0x500, 1);           // a write translation is cached now
  const p = vp(base, PG, PAGE_READONLY);
  const w = fault(() => mem.setInt32(base + 0x500, 2));
  const pointer = fault(() => mem.int32(base + 0x500).set(0, 3));
  const r = mem.getInt32(base + 0x500);
  vp(base, PG, PAGE_READWRITE);
  mem.int32(base + 0x500).set(0, 4);
  return [p[0], w, pointer, r, mem.getInt32(base + 0x500)];
});
c('read after MEM_DECOMMIT', () => {
  mem.getInt32(base + 2 * PG);             // a read translation is cached now
  const ok = VirtualFree(base + 2 * PG, PG, MEM_DECOMMIT);
  return [ok, fault(() => mem.int32(base + 2 * PG).get(0))];
});
`;
}

const AV = 0xc0000005;

function expectAll(r: { get(name: string): unknown }, base: () => number): void {
  it('reads back every width it wrote, little-endian', () => {
    expect(r.get('widths')).toEqual({
      i8: -5,
      u8: 250,
      i16: -30000,
      u16: 65000,
      i32: -2000000000,
      u32: 4000000000,
      f32: 1.5,
      f64: Math.PI,
      b64: String(-(2n ** 62n)),
      bu64: String(2n ** 64n - 1n),
      n64: -(2 ** 40),
    });
    expect(r.get('little-endian')).toEqual([0x44, 0x33, 0x22, 0x11]);
    expect(r.get('unaligned')).toEqual([0x01020304, [0, 4, 3, 2, 1, 0]]);
  });

  it('reads and writes across page boundaries', () => {
    const b = new DataView(new ArrayBuffer(4));
    b.setInt32(0, -123456789, true);
    expect(r.get('across a page boundary')).toEqual([-123456789, b.getUint16(2, true), 1e300]);
  });

  it('typed pointers index from their address, at any alignment', () => {
    expect(r.get('int32 pointer')).toEqual([7, 8, 9, 9, true]);
    // Element 0.5 of an int32 pointer is the int32 two bytes in, as in the byte arithmetic.
    const le = new DataView(new Uint8Array([3, 4, 5, 6]).buffer).getInt32(0, true);
    expect(r.get('int32 pointer, fractional index')).toEqual([le, le]);
    expect(r.get('int32 pointer, unaligned')).toEqual([0x0a0b0c0d, [0x0d, 0x0c, 0x0b, 0x0a]]);
    expect(r.get('other pointers')).toEqual([2.25, 77, -2, 2.25, 77, -2]);
  });

  it('write, read, copy (overlapping) and fill work across pages', () => {
    const filled = [...Array<number>(22)].map((_, i) => (i === 0 || i === 21 ? null : 0xff));
    const got = r.get('write, read, copy, fill across pages') as { same: boolean; copied: boolean; filled: number[] };
    expect(got.same).toBe(true);
    expect(got.copied).toBe(true);
    expect(got.filled.slice(1, 21)).toEqual(filled.slice(1, 21));
  });

  it('writes and reads NUL-terminated ANSI and UTF-16 strings across pages', () => {
    expect(r.get('strings')).toEqual([11, 'Yeming-Map', ('Ω\u00e9 map'.length + 1) * 2, 'Ω\u00e9 map', 'Yemi']);
  });

  it('Interlocked* are atomic int32 operations that wrap, and need 4-byte alignment', () => {
    expect(r.get('Interlocked')).toEqual([-0x80000000, 0x7fffffff, 0x7fffffff, 5, 5, 9, 19, 'RangeError']);
  });

  it('a bad access raises EXCEPTION_ACCESS_VIOLATION at the first byte that cannot be reached', () => {
    const b = base();
    expect(r.get('read past the committed pages')).toEqual({ code: AV, address: b + 0x3000, access: 'read' });
    expect(r.get('write across into them')).toEqual({ code: AV, address: b + 0x3000, access: 'write' });
    expect(r.get('not an address')).toEqual([
      { code: AV, address: -4, access: 'read' },
      { code: AV, address: null, access: 'read' },
    ]);
  });

  it('no cached translation outlives VirtualProtect or MEM_DECOMMIT', () => {
    const b = base();
    expect(r.get('write after VirtualProtect(PAGE_READONLY)')).toEqual([
      1,
      { code: AV, address: b + 0x500, access: 'write' },
      { code: AV, address: b + 0x500, access: 'write' },
      1,
      4,
    ]);
    expect(r.get('read after MEM_DECOMMIT')).toEqual([1, { code: AV, address: b + 0x2000, access: 'read' }]);
  });
}

const ALLOC = (at: string) =>
  `(() => { const b = VirtualAlloc(${at}, 4 * PG, MEM_RESERVE, PAGE_READWRITE); return b && VirtualAlloc(b, 3 * PG, MEM_COMMIT, PAGE_READWRITE); })()`;

describe('mem (x86)', () => {
  const r = labCases({ profile: 'x86' }, body(ALLOC('0')));
  it('allocates below 2 GiB', () => expect(r.get('base')).toBeLessThan(0x80000000));
  expectAll(r, () => r.get('base') as number);
});

describe('mem (x86-3gb), above 2 GiB', () => {
  const r = labCases({ profile: 'x86-3gb' }, body(ALLOC('0x90000000')));
  it('allocates at 0x90000000', () => expect(r.get('base')).toBe(0x90000000));
  expectAll(r, () => r.get('base') as number);
});

describe('mem (x64), pages on both sides of 4 GiB', () => {
  // Two committed pages below 4 GiB, one above, one reserved above.
  const across = `(() => VirtualAlloc(0xFFFF0000, 0x20000, MEM_RESERVE, PAGE_READWRITE) && VirtualAlloc(0xFFFFE000, 3 * PG, MEM_COMMIT, PAGE_READWRITE))()`;
  const r = labCases({ profile: 'x64' }, body(across));
  it('commits from 0xFFFFE000, across 4 GiB', () => expect(r.get('base')).toBe(0xffffe000));
  expectAll(r, () => r.get('base') as number);
});

describe('mem (x64), near the top of the 128 TiB space', () => {
  const r = labCases({ profile: 'x64' }, body(ALLOC('0x7FFF0000_0000')));
  it('allocates at 0x7FFF00000000', () => expect(r.get('base')).toBe(0x7fff00000000));
  expectAll(r, () => r.get('base') as number);
});
