/**
 * Byte sizes as people type them on the mmlab command line, and back.
 *
 * Accepted: a non-negative decimal number, optionally followed by a unit.
 *   4096        plain bytes (also "4096B")
 *   64K, 64KB, 64KiB             × 1024
 *   256M, 256MB, 512MiB          × 1024²
 *   1G, 1.5G, 2GB, 1GiB          × 1024³
 *   T/TB/TiB, P/PB/PiB           × 1024⁴, × 1024⁵
 * Units are case-insensitive and always binary (a lab about 4 KiB pages has no use for
 * 1000-byte kilobytes). Whitespace between number and unit is allowed. The result must be
 * a whole number of bytes no larger than 2^53 − 1, so "1.5K" is fine and "1.3B" is not.
 * (The npm `bytes` package was considered: it rejects "1G" and "512MiB".)
 */

const UNIT_SHIFT: Readonly<Record<string, number>> = { '': 0, k: 10, m: 20, g: 30, t: 40, p: 50 };

const SIZE_RE = /^(\d+(?:\.\d*)?|\.\d+)\s*(?:([kmgtp])(?:i?b)?|b)?$/i;

/** Thrown for text that is not a size; the message is one line, fit to show a user. */
export class SizeError extends Error {
  override name = 'SizeError';
}

/** Parses a size such as "256M", "1.5G", "512MiB" or "4096" into bytes. Throws SizeError. */
export function parseSize(text: string): number {
  const trimmed = text.trim();
  const m = SIZE_RE.exec(trimmed);
  if (!m) {
    throw new SizeError(`'${text}' is not a size (examples: 4096, 64K, 256M, 512MiB, 1.5G, 2GB)`);
  }
  const [, digits, unit = ''] = m;
  const bytes = Number(digits) * 2 ** (UNIT_SHIFT[unit.toLowerCase()] ?? 0);
  if (!Number.isFinite(bytes) || bytes > Number.MAX_SAFE_INTEGER) {
    throw new SizeError(`'${text}' is too large (at most ${Number.MAX_SAFE_INTEGER} bytes)`);
  }
  if (!Number.isInteger(bytes)) {
    throw new SizeError(`'${text}' is not a whole number of bytes`);
  }
  return bytes;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Formats bytes for people: "4096 B" stays exact below 1 KiB, else one decimal ("1.5 GiB"). */
export function formatSize(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const sign = bytes < 0 ? '-' : '';
  return unit === 0 ? `${sign}${value} B` : `${sign}${value.toFixed(1)} ${UNITS[unit]}`;
}
