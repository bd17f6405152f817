// Size parsing for --ram, --pagefile and mkfile: the accepted forms, the rejected ones.
import { describe, it, expect } from 'vitest';
import { formatSize, parseSize, SizeError } from '../../src/cli/size.js';

const K = 1024;
const M = K * K;
const G = K * M;

describe('parseSize', () => {
  it.each([
    ['4096', 4096],
    ['0', 0],
    ['4096B', 4096],
    ['64K', 64 * K],
    ['64k', 64 * K],
    ['64KB', 64 * K],
    ['64KiB', 64 * K],
    ['64kib', 64 * K],
    ['256M', 256 * M],
    ['256m', 256 * M],
    ['512MiB', 512 * M],
    ['512MB', 512 * M],
    ['1G', G],
    ['1g', G],
    ['1.5G', 1.5 * G],
    ['2GB', 2 * G],
    ['1GiB', G],
    ['16G', 16 * G],
    ['1T', 1024 * G],
    ['1.5K', 1536],
    ['.5K', 512],
    ['  256 M ', 256 * M],
    ['4 GiB', 4 * G],
  ])('%s = %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it('handles sizes beyond 4 GiB and up to 2^53 - 1 exactly', () => {
    expect(parseSize('5G')).toBe(5 * G);
    expect(parseSize(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseSize('4P')).toBe(2 ** 52);
    expect(() => parseSize('8P')).toThrow(SizeError); // 2^53 is one past the largest safe size
  });

  it.each([
    '',
    ' ',
    'G',
    'M1',
    '-1',
    '-1G',
    '+1G',
    '1Q',
    '1GG',
    '1Gi',
    '1 G B',
    '1e3',
    '0x100',
    '1,5G',
    'abc',
    '1.2.3',
    '1 iB',
    'NaN',
    'Infinity',
  ])('rejects %j', (text) => {
    expect(() => parseSize(text)).toThrow(SizeError);
  });

  it('rejects fractions of a byte', () => {
    expect(() => parseSize('1.3')).toThrow(/whole number of bytes/);
    expect(() => parseSize('0.1K')).toThrow(/whole number of bytes/);
  });

  it('rejects sizes beyond 2^53 - 1', () => {
    expect(() => parseSize('9P')).toThrow(/too large/);
    expect(() => parseSize('9007199254740993')).toThrow(/too large/);
  });

  it('gives one-line messages that quote the input', () => {
    try {
      parseSize('12Q');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain("'12Q'");
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('formatSize', () => {
  it('formats bytes for people', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1024)).toBe('1.0 KiB');
    expect(formatSize(1.5 * G)).toBe('1.5 GiB');
    expect(formatSize(256 * M)).toBe('256.0 MiB');
    expect(formatSize(-4 * K)).toBe('-4.0 KiB');
  });
});
