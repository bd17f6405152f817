/**
 * mem: the program's window on its own virtual memory (SPEC section 2). Little-endian
 * reads and writes of every width at any alignment, across page boundaries; typed
 * pointers; block copy, fill, read, write; ANSI and UTF-16 strings; Interlocked*
 * operations that are atomic across processes because they are Atomics on the frame pool.
 */
import { PAGE_SIZE } from '../shared/layout.js';
import type { Mmu } from './mmu.js';

let mmu: Mmu;

/** Called once by the worker runtime. */
export function attachMmu(m: Mmu): void {
  mmu = m;
}

/** The page size as a module-local constant: an imported binding costs a load on every access. */
const PAGE: number = PAGE_SIZE;
const fitsInPage = (p: number, n: number) => (p % PAGE) + n <= PAGE;

function readBytes(p: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let done = 0;
  while (done < n) {
    const a = p + done;
    const chunk = Math.min(n - done, PAGE - (a % PAGE));
    const off = mmu.translate(a, false);
    out.set(mmu.u8.subarray(off, off + chunk), done);
    done += chunk;
  }
  return out;
}

function writeBytes(p: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) {
    const a = p + done;
    const chunk = Math.min(bytes.length - done, PAGE - (a % PAGE));
    const off = mmu.translate(a, true);
    mmu.u8.set(bytes.subarray(done, done + chunk), off);
    done += chunk;
  }
}

type Width = 1 | 2 | 4 | 8;
const scratch = new DataView(new ArrayBuffer(8));

function getter<T>(width: Width, get: (v: DataView, off: number) => T) {
  return (p: number): T => {
    if (fitsInPage(p, width)) return get(mmu.view, mmu.translate(p, false));
    const b = readBytes(p, width);
    new Uint8Array(scratch.buffer).set(b);
    return get(scratch, 0);
  };
}

function setter<T>(width: Width, set: (v: DataView, off: number, value: T) => void) {
  return (p: number, value: T): void => {
    if (fitsInPage(p, width)) {
      set(mmu.view, mmu.translate(p, true), value);
      return;
    }
    set(scratch, 0, value);
    writeBytes(p, new Uint8Array(scratch.buffer, 0, width).slice());
  };
}

/** A typed pointer: element i is at p + i * size. */
export interface TypedPointer<T> {
  readonly address: number;
  get(i: number): T;
  set(i: number, value: T): void;
}

/**
 * `mem.int32(p)`: the seeds' `int *pInt` and the lab's hottest path (the S4 loop makes 536
 * million accesses). Aligned elements go straight to the pool's Int32Array through the
 * MMU's int32 index. The pointer takes the worker's MMU and pool view once, when it is
 * made: a module-level `let`, read on every access, costs V8 a reload and a check each
 * time (about a third of the loop). An aligned pointer with an integer index has aligned
 * elements only, so it skips the alignment test.
 */
function int32Pointer(p: number): TypedPointer<number> {
  const m = mmu;
  const i32 = m.i32;
  if ((p & 3) === 0 && Number.isInteger(p)) {
    return {
      address: p,
      get: (i: number) => (Number.isInteger(i) ? i32[m.index32Read(p + i * 4)]! : getInt32Slow(p + i * 4)),
      set: (i: number, v: number) => {
        if (Number.isInteger(i)) i32[m.index32Write(p + i * 4)] = v;
        else setInt32Slow(p + i * 4, v);
      },
    };
  }
  return {
    address: p,
    get: (i: number) => {
      const a = p + i * 4;
      return (a & 3) === 0 ? i32[m.index32Read(a)]! : getInt32Slow(a);
    },
    set: (i: number, v: number) => {
      const a = p + i * 4;
      if ((a & 3) === 0) i32[m.index32Write(a)] = v;
      else setInt32Slow(a, v);
    },
  };
}

function pointer<T>(size: number, get: (p: number) => T, set: (p: number, v: T) => void) {
  return (p: number): TypedPointer<T> => ({
    address: p,
    get: (i: number) => get(p + i * size),
    set: (i: number, v: T) => set(p + i * size, v),
  });
}

const getInt32 = (p: number): number => {
  if ((p & 3) === 0) return mmu.i32[mmu.index32Read(p)]!;
  return getInt32Slow(p);
};
const getInt32Slow = getter(4, (v, o) => v.getInt32(o, true));
const setInt32 = (p: number, value: number): void => {
  if ((p & 3) === 0) {
    mmu.i32[mmu.index32Write(p)] = value;
    return;
  }
  setInt32Slow(p, value);
};
const setInt32Slow = setter<number>(4, (v, o, x) => v.setInt32(o, x, true));

const accessors = {
  getInt8: getter(1, (v, o) => v.getInt8(o)),
  getUint8: getter(1, (v, o) => v.getUint8(o)),
  getInt16: getter(2, (v, o) => v.getInt16(o, true)),
  getUint16: getter(2, (v, o) => v.getUint16(o, true)),
  getInt32,
  getUint32: getter(4, (v, o) => v.getUint32(o, true)),
  getBigInt64: getter(8, (v, o) => v.getBigInt64(o, true)),
  getBigUint64: getter(8, (v, o) => v.getBigUint64(o, true)),
  getFloat32: getter(4, (v, o) => v.getFloat32(o, true)),
  getFloat64: getter(8, (v, o) => v.getFloat64(o, true)),
  setInt8: setter<number>(1, (v, o, x) => v.setInt8(o, x)),
  setUint8: setter<number>(1, (v, o, x) => v.setUint8(o, x)),
  setInt16: setter<number>(2, (v, o, x) => v.setInt16(o, x, true)),
  setUint16: setter<number>(2, (v, o, x) => v.setUint16(o, x, true)),
  setInt32,
  setUint32: setter<number>(4, (v, o, x) => v.setUint32(o, x, true)),
  setBigInt64: setter<bigint>(8, (v, o, x) => v.setBigInt64(o, x, true)),
  setBigUint64: setter<bigint>(8, (v, o, x) => v.setBigUint64(o, x, true)),
  setFloat32: setter<number>(4, (v, o, x) => v.setFloat32(o, x, true)),
  setFloat64: setter<number>(8, (v, o, x) => v.setFloat64(o, x, true)),
};

/** 64-bit integers as plain numbers (exact up to 2^53), for pointers and sizes in x64. */
const getInt64 = (p: number): number => Number(accessors.getBigInt64(p));
const setInt64 = (p: number, v: number): void => accessors.setBigInt64(p, BigInt(Math.trunc(v)));

function atomicOffset(p: number): number {
  if (p % 4 !== 0)
    throw new RangeError(`Interlocked operations need a 4-byte aligned address, got 0x${p.toString(16)}`);
  return mmu.translate(p, true) >>> 2;
}

export const mem = {
  ...accessors,
  getInt64,
  setInt64,
  int8: pointer(1, accessors.getInt8, accessors.setInt8),
  uint8: pointer(1, accessors.getUint8, accessors.setUint8),
  int16: pointer(2, accessors.getInt16, accessors.setInt16),
  uint16: pointer(2, accessors.getUint16, accessors.setUint16),
  int32: int32Pointer,
  uint32: pointer(4, accessors.getUint32, accessors.setUint32),
  float32: pointer(4, accessors.getFloat32, accessors.setFloat32),
  float64: pointer(8, accessors.getFloat64, accessors.setFloat64),
  int64: pointer(8, getInt64, setInt64),

  /** n bytes at p, copied out. */
  read(p: number, n: number): Uint8Array {
    return readBytes(p, n);
  },
  write(p: number, bytes: Uint8Array | ArrayLike<number>): void {
    writeBytes(p, bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  },
  /** memmove: overlapping ranges are handled. */
  copy(dst: number, src: number, n: number): void {
    writeBytes(dst, readBytes(src, n));
  },
  fill(p: number, n: number, byte: number): void {
    let done = 0;
    while (done < n) {
      const a = p + done;
      const chunk = Math.min(n - done, PAGE - (a % PAGE));
      const off = mmu.translate(a, true);
      mmu.u8.fill(byte & 0xff, off, off + chunk);
      done += chunk;
    }
  },
  /** A NUL-terminated string: 'ansi' (one byte per char, Latin-1) or 'utf16'. */
  readString(p: number, encoding: 'ansi' | 'utf16' = 'ansi', maxChars = 1 << 20): string {
    let s = '';
    if (encoding === 'utf16') {
      for (let i = 0; i < maxChars; i++) {
        const c = accessors.getUint16(p + i * 2);
        if (c === 0) break;
        s += String.fromCharCode(c);
      }
    } else {
      for (let i = 0; i < maxChars; i++) {
        const c = accessors.getUint8(p + i);
        if (c === 0) break;
        s += String.fromCharCode(c);
      }
    }
    return s;
  },
  /** Writes s and a terminating NUL; returns the bytes written. */
  writeString(p: number, s: string, encoding: 'ansi' | 'utf16' = 'ansi'): number {
    if (encoding === 'utf16') {
      const b = new Uint8Array((s.length + 1) * 2);
      const dv = new DataView(b.buffer);
      for (let i = 0; i < s.length; i++) dv.setUint16(i * 2, s.charCodeAt(i), true);
      writeBytes(p, b);
      return b.length;
    }
    const b = new Uint8Array(s.length + 1);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
    writeBytes(p, b);
    return b.length;
  },
};

export function InterlockedIncrement(p: number): number {
  return (Atomics.add(mmu.i32, atomicOffset(p), 1) + 1) | 0;
}
export function InterlockedDecrement(p: number): number {
  return (Atomics.sub(mmu.i32, atomicOffset(p), 1) - 1) | 0;
}
export function InterlockedExchange(p: number, value: number): number {
  return Atomics.exchange(mmu.i32, atomicOffset(p), value | 0);
}
export function InterlockedCompareExchange(p: number, exchange: number, comparand: number): number {
  return Atomics.compareExchange(mmu.i32, atomicOffset(p), comparand | 0, exchange | 0);
}
export function InterlockedExchangeAdd(p: number, value: number): number {
  return Atomics.add(mmu.i32, atomicOffset(p), value | 0);
}
