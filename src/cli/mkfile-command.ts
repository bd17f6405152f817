/**
 * `mmlab mkfile <path> <size> [--pattern zero|seq|random] [--seed n] [--sparse]`:
 * makes the test files the seeds' experiments map (a 1 GiB file of int32s, a 4 GiB file
 * for sliding views, an empty file).
 *
 * Patterns, for a file of exactly `size` bytes:
 *   zero    every byte 0. With --sparse only the length is set (ftruncate), so the file
 *           takes (almost) no disk space; otherwise zeros are really written.
 *   seq     the file read as little-endian int32s holds 0, 1, 2, … (int32 number i = i,
 *           modulo 2^32 past 16 GiB); a size that is not a multiple of 4 ends with the
 *           leading bytes of the next value.
 *   random  bytes of xoshiro128** seeded through splitmix32 with --seed (default 1), each
 *           32-bit output stored little-endian: the same seed gives the same file.
 * Written in 1 MiB chunks at explicit offsets (sizes up to 2^53 − 1, no bigint needed).
 * Ctrl-C removes the partial file.
 */
import { open, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { EXIT_INTERRUPTED, EXIT_OK, UsageError, type CliContext } from './context.js';
import { StatusLine } from './progress.js';
import { formatSize } from './size.js';

export type FilePattern = 'zero' | 'seq' | 'random';
export const FILE_PATTERNS: readonly FilePattern[] = ['zero', 'seq', 'random'];

export const CHUNK_BYTES = 1 << 20;
const CHUNK_WORDS = CHUNK_BYTES / 4;
/** Files at least this large show progress on a terminal. */
const PROGRESS_MIN_BYTES = 64 << 20;

export interface MakeFileOptions {
  pattern: FilePattern;
  sparse?: boolean;
  seed?: number;
  /** Called after every chunk with the bytes written so far. */
  onProgress?: (written: number) => void;
  signal?: AbortSignal;
}

/** Creates (or truncates) `path` and fills it. Rejects with an AbortError if `signal` fires. */
export async function makeTestFile(path: string, size: number, opts: MakeFileOptions): Promise<void> {
  if (!Number.isSafeInteger(size) || size < 0)
    throw new UsageError(`size must be a whole number of bytes, got ${size}`);
  if (opts.sparse && opts.pattern !== 'zero')
    throw new UsageError(`--sparse needs --pattern zero (got ${opts.pattern})`);
  const file = await open(path, 'w');
  try {
    if (opts.sparse) {
      await file.truncate(size);
      opts.onProgress?.(size);
      return;
    }
    const chunk = Buffer.alloc(size > 0 ? CHUNK_BYTES : 0);
    const words = new Uint32Array(chunk.buffer, chunk.byteOffset, chunk.length / 4);
    const fill = chunkFiller(opts.pattern, words, opts.seed ?? 1);
    for (let offset = 0, index = 0; offset < size; offset += CHUNK_BYTES, index++) {
      opts.signal?.throwIfAborted();
      const length = Math.min(CHUNK_BYTES, size - offset);
      fill(index, Math.ceil(length / 4));
      let done = 0;
      while (done < length) {
        const { bytesWritten } = await file.write(chunk, done, length - done, offset + done);
        done += bytesWritten;
      }
      opts.onProgress?.(offset + length);
    }
  } finally {
    await file.close();
  }
}

/**
 * Returns a function that fills the first `n` words of the chunk with chunk number `index`
 * of the pattern (the last chunk of a file may use only part of its last word).
 */
function chunkFiller(pattern: FilePattern, words: Uint32Array, seed: number): (index: number, n: number) => void {
  switch (pattern) {
    case 'zero':
      return () => {}; // Buffer.alloc is zero-filled and nothing ever writes into it
    case 'seq':
      return (index, n) => {
        const base = index * CHUNK_WORDS;
        for (let i = 0; i < n; i++) words[i] = base + i; // a Uint32Array stores modulo 2^32
        toLittleEndian(words, n);
      };
    case 'random': {
      const rng = new Xoshiro128(seed);
      return (_index, n) => {
        for (let i = 0; i < n; i++) words[i] = rng.next();
        toLittleEndian(words, n);
      };
    }
  }
}

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function toLittleEndian(words: Uint32Array, n: number): void {
  if (HOST_IS_LITTLE_ENDIAN) return;
  const view = new DataView(words.buffer, words.byteOffset, words.byteLength);
  for (let i = 0; i < n; i++) view.setUint32(i * 4, words[i]!, true);
}

/** xoshiro128** (Blackman & Vigna), state seeded from a 32-bit seed by splitmix32. */
export class Xoshiro128 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
  }

  /** Next 32-bit unsigned output. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export interface MkfileOptions {
  pattern: FilePattern;
  sparse?: boolean;
  seed?: number;
}

/** The subcommand: makes the file, shows progress on a terminal, removes it on Ctrl-C. */
export async function mkfileCommand(path: string, size: number, opts: MkfileOptions, ctx: CliContext): Promise<number> {
  const status = new StatusLine(ctx.stderr, ctx.interactive && size >= PROGRESS_MIN_BYTES);
  let written = 0;
  const started = Date.now();
  status.start(() => {
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? ` ${formatSize(written / secs)}/s` : '';
    const pct = size > 0 ? ((100 * written) / size).toFixed(0) : '100';
    return `mkfile ${basename(path)}: ${formatSize(written)} of ${formatSize(size)} (${pct}%)${rate}`;
  });
  try {
    await makeTestFile(path, size, { ...opts, signal: ctx.signal, onProgress: (n) => (written = n) });
  } catch (err) {
    status.stop();
    if (ctx.signal.aborted) {
      await unlink(path).catch(() => {});
      ctx.stderr.write(`mmlab: interrupted; removed the partial file ${path}\n`);
      return EXIT_INTERRUPTED;
    }
    throw err;
  }
  status.stop();
  const how = opts.sparse ? 'sparse zero' : opts.pattern === 'random' ? `random, seed ${opts.seed ?? 1}` : opts.pattern;
  ctx.stdout.write(`made ${path}: ${size} bytes (${formatSize(size)}), ${how}\n`);
  return EXIT_OK;
}
