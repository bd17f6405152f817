/**
 * The physical-frame map's wire form (FrameMap.codes): one byte per frame, state in the low
 * 3 bits and use in the high 5, as base64 — plain JavaScript, because both the kernel side
 * (no Node Buffer there) and the renderer (no Buffer either) encode or decode it.
 */

export const FRAME_STATE_BITS = 3;
export const FRAME_STATE_MASK = (1 << FRAME_STATE_BITS) - 1;
/** Largest use index that fits; kernels with more uses report the rest under this one. */
export const FRAME_USE_MAX = (1 << (8 - FRAME_STATE_BITS)) - 1;

export function frameCode(state: number, use: number): number {
  return (Math.min(state, FRAME_STATE_MASK) & FRAME_STATE_MASK) | (Math.min(use, FRAME_USE_MAX) << FRAME_STATE_BITS);
}

export function frameCodeState(code: number): number {
  return code & FRAME_STATE_MASK;
}

export function frameCodeUse(code: number): number {
  return code >>> FRAME_STATE_BITS;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALPHABET_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const LOOKUP = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/**
 * Encodes bytes as base64. Writes ASCII codes into a byte array and turns that into a string
 * in slices: string concatenation per character made a 1 M-frame map cost a quarter of a
 * second of the kernel's thread; this takes a few milliseconds.
 */
export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ALPHABET_CODES[v >> 18]!;
    out[o++] = ALPHABET_CODES[(v >> 12) & 63]!;
    out[o++] = ALPHABET_CODES[(v >> 6) & 63]!;
    out[o++] = ALPHABET_CODES[v & 63]!;
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | (i + 1 < n ? bytes[i + 1]! << 8 : 0);
    out[o++] = ALPHABET_CODES[v >> 18]!;
    out[o++] = ALPHABET_CODES[(v >> 12) & 63]!;
    out[o] = i + 1 < n ? ALPHABET_CODES[(v >> 6) & 63]! : 61;
    out[o + 1] = 61; // '='
  }
  const parts: string[] = [];
  const SLICE = 8192;
  for (let at = 0; at < out.length; at += SLICE) {
    parts.push(String.fromCharCode.apply(null, out.subarray(at, at + SLICE) as unknown as number[]));
  }
  return parts.join('');
}

/** Decodes base64; throws a RangeError naming the first bad character. */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new RangeError(`base64 length ${text.length} is not a multiple of 4`);
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      const v = c === 61 /* = */ ? 0 : c < 128 ? LOOKUP[c]! : -1;
      if (v < 0) throw new RangeError(`bad base64 character at ${i + j}`);
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
