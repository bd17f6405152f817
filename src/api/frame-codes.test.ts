import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64, frameCode, frameCodeState, frameCodeUse } from './frame-codes.js';

describe('frame codes', () => {
  it('round-trips bytes through base64 exactly as Node encodes them', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 49_153, 100_000]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 131 + (i >> 8)) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  it('refuses malformed base64', () => {
    expect(() => decodeBase64('abc')).toThrow(/multiple of 4/);
    expect(() => decodeBase64('ab!d')).toThrow(/bad base64 character at 2/);
  });

  it('packs state and use into one byte, clamping values that do not fit', () => {
    expect(frameCodeState(frameCode(5, 4))).toBe(5);
    expect(frameCodeUse(frameCode(5, 4))).toBe(4);
    expect(frameCodeUse(frameCode(0, 99))).toBe(31);
    expect(frameCodeState(frameCode(9, 0))).toBe(7);
  });
});
