// mkfile: every pattern byte-exact, reproducible random data, real sparseness, odd sizes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHUNK_BYTES, makeTestFile, Xoshiro128 } from '../../src/cli/mkfile-command.js';
import { UsageError } from '../../src/cli/context.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmlab-mkfile-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Reads `length` bytes at `offset` without loading the whole file. */
function readAt(path: string, offset: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, offset);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

describe('mkfile zero', () => {
  it('writes exactly size zero bytes', async () => {
    const p = join(dir, 'zero.bin');
    await makeTestFile(p, 3 * CHUNK_BYTES + 123, { pattern: 'zero' });
    const data = readFileSync(p);
    expect(data.length).toBe(3 * CHUNK_BYTES + 123);
    expect(data.every((b) => b === 0)).toBe(true);
  });

  it('makes an empty file for size 0', async () => {
    const p = join(dir, 'empty.bin');
    await makeTestFile(p, 0, { pattern: 'zero' });
    expect(statSync(p).size).toBe(0);
  });

  it('--sparse sets the length without writing data: a 64 MiB file takes almost no disk', async () => {
    const p = join(dir, 'sparse.bin');
    const size = 64 * 1024 * 1024;
    await makeTestFile(p, size, { pattern: 'zero', sparse: true });
    const st = statSync(p);
    expect(st.size).toBe(size);
    expect(st.blocks * 512).toBeLessThan(size / 64);
    expect(readAt(p, size - 4096, 4096).every((b) => b === 0)).toBe(true);
  });

  it('truncates an existing file to the new size', async () => {
    const p = join(dir, 'again.bin');
    await makeTestFile(p, 5000, { pattern: 'seq' });
    await makeTestFile(p, 100, { pattern: 'zero' });
    const data = readFileSync(p);
    expect(data.length).toBe(100);
    expect(data.every((b) => b === 0)).toBe(true);
  });

  it('rejects --sparse with another pattern', async () => {
    await expect(makeTestFile(join(dir, 'x.bin'), 4096, { pattern: 'seq', sparse: true })).rejects.toThrow(UsageError);
  });
});

describe('mkfile seq', () => {
  const size = 3 * CHUNK_BYTES + 4 * 1000 + 2; // three full chunks, then a partial one ending mid-int32
  let p: string;
  beforeAll(async () => {
    p = join(dir, 'seq.bin');
    await makeTestFile(p, size, { pattern: 'seq' });
  });

  it('has exactly the requested size', () => {
    expect(statSync(p).size).toBe(size);
  });

  it('holds int32 number i = i at every offset', () => {
    const data = readFileSync(p);
    const whole = Math.floor(size / 4);
    for (let i = 0; i < whole; i++) {
      if (data.readInt32LE(i * 4) !== i) expect.fail(`int32 #${i} is ${data.readInt32LE(i * 4)}`);
    }
  });

  it('is continuous across 1 MiB chunk boundaries', () => {
    const wordsPerChunk = CHUNK_BYTES / 4;
    for (const boundary of [1, 2, 3]) {
      const at = boundary * CHUNK_BYTES - 8;
      const b = readAt(p, at, 16);
      expect([0, 4, 8, 12].map((o) => b.readInt32LE(o))).toEqual([
        boundary * wordsPerChunk - 2,
        boundary * wordsPerChunk - 1,
        boundary * wordsPerChunk,
        boundary * wordsPerChunk + 1,
      ]);
    }
  });

  it('ends with the leading little-endian bytes of the next value', () => {
    const next = Math.floor(size / 4);
    const tail = readAt(p, size - 2, 2);
    expect([...tail]).toEqual([next & 0xff, (next >>> 8) & 0xff]);
  });

  it('writes values at known offsets: int32 #100 is 100 (the seeds read pInt[100])', () => {
    expect(readAt(p, 400, 4).readInt32LE(0)).toBe(100);
    expect(readAt(p, 0, 4).readInt32LE(0)).toBe(0);
  });
});

describe('mkfile random', () => {
  it('is reproducible for a seed and differs between seeds', async () => {
    const a = join(dir, 'r1.bin');
    const b = join(dir, 'r2.bin');
    const c = join(dir, 'r3.bin');
    const size = CHUNK_BYTES + 777;
    await makeTestFile(a, size, { pattern: 'random', seed: 42 });
    await makeTestFile(b, size, { pattern: 'random', seed: 42 });
    await makeTestFile(c, size, { pattern: 'random', seed: 43 });
    const [da, db, dc] = [a, b, c].map((f) => readFileSync(f));
    expect(da!.length).toBe(size);
    expect(da!.equals(db!)).toBe(true);
    expect(da!.equals(dc!)).toBe(false);
  });

  it('is the xoshiro128** stream stored little-endian, independent of file size', async () => {
    const p = join(dir, 'r4.bin');
    await makeTestFile(p, 4 * 10 + 3, { pattern: 'random', seed: 1 });
    const data = readFileSync(p);
    const rng = new Xoshiro128(1);
    for (let i = 0; i < 10; i++) expect(data.readUInt32LE(i * 4)).toBe(rng.next());
    const last = rng.next();
    expect([...data.subarray(40)]).toEqual([last & 0xff, (last >>> 8) & 0xff, (last >>> 16) & 0xff]);
    // A longer file starts with the same bytes.
    const q = join(dir, 'r5.bin');
    await makeTestFile(q, 2 * CHUNK_BYTES, { pattern: 'random', seed: 1 });
    expect(readAt(q, 0, 40).equals(data.subarray(0, 40))).toBe(true);
  });

  it('looks random: bytes spread over all values', async () => {
    const p = join(dir, 'r6.bin');
    await makeTestFile(p, 256 * 1024, { pattern: 'random' });
    const counts = new Array<number>(256).fill(0);
    for (const byte of readFileSync(p)) counts[byte]!++;
    expect(Math.min(...counts)).toBeGreaterThan(800); // 1024 expected per value
    expect(Math.max(...counts)).toBeLessThan(1250);
  });
});

describe('mkfile interruption', () => {
  it('stops when the signal fires', async () => {
    const ac = new AbortController();
    const p = join(dir, 'aborted.bin');
    const done = makeTestFile(p, 64 * CHUNK_BYTES, {
      pattern: 'seq',
      signal: ac.signal,
      onProgress: (n) => {
        if (n >= 2 * CHUNK_BYTES) ac.abort();
      },
    });
    await expect(done).rejects.toThrow();
    expect(statSync(p).size).toBeLessThan(64 * CHUNK_BYTES);
  });
});
