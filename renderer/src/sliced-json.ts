/**
 * JSON.parse in slices, for large documents whose bulk is long arrays in a top-level object
 * (a session file: `{ …, "samples": [ … ], "events": [ … ] }`). JSON.parse of a 100 MB text
 * holds the page for seconds and cannot be cancelled; here the text is scanned for the
 * boundaries of the top-level members and of the elements of top-level arrays, and each run
 * of elements that fits a slice is handed to JSON.parse, so the work stops between slices
 * for input, progress and cancelling.
 *
 * Every character still passes through JSON.parse (keys, values, runs of elements with their
 * commas) or through the scanner's own checks of the top-level structure, so the result is
 * JSON.parse's. A text the scanner cannot follow (malformed, or not an object at the top)
 * goes to JSON.parse whole, which gives its usual result or SyntaxError.
 */
import type { TaskControl } from './slicing.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** A run of array elements is scanned and parsed in about this long, so a slice holds a few runs. */
const RUN_MS = 3;
const FIRST_RUN_CHARS = 32 * 1024;
const MIN_RUN_CHARS = 1024;
const MAX_RUN_CHARS = 8 * 1024 * 1024;

class Unfollowable extends Error {}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string whose opening quote is at i. */
function skipString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) throw new Unfollowable();
    let k = q - 1;
    while (k > i && text.charCodeAt(k) === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Index just past the value starting at i (no leading space). Only boundaries: JSON.parse checks the rest. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
    let j = i;
    for (; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    }
    if (j === i) throw new Unfollowable();
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length;) {
    const d = text.charCodeAt(j);
    if (d === QUOTE) {
      j = skipString(text, j);
      continue;
    }
    if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
    else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  throw new Unfollowable();
}

function expect(text: string, i: number, code: number): number {
  if (text.charCodeAt(i) !== code) throw new Unfollowable();
  return i + 1;
}

/** Own property, even for "__proto__" (as JSON.parse makes it). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * JSON.parse(text), in slices. Reports progress as the share of the text parsed, mapped
 * into [from, to]; throws TaskCancelled (from `ctl.pause`) if cancelled, SyntaxError as
 * JSON.parse does for a text that is not JSON.
 */
export async function parseJsonSliced(text: string, ctl: TaskControl, from = 0, to = 1): Promise<unknown> {
  try {
    return await parseTopObject(text, ctl, from, to);
  } catch (e) {
    if (!(e instanceof Unfollowable) && !(e instanceof SyntaxError)) throw e;
    return JSON.parse(text) as unknown;
  }
}

async function parseTopObject(text: string, ctl: TaskControl, from: number, to: number): Promise<unknown> {
  const report = (i: number) => ctl.progress(from + ((to - from) * i) / Math.max(1, text.length), 'parsing');
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) throw new Unfollowable();
  const result: Record<string, unknown> = {};
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) i++;
  else {
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) throw new Unfollowable();
      const keyEnd = skipString(text, i);
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = expect(text, skipSpace(text, keyEnd), COLON);
      i = skipSpace(text, i);
      if (text.charCodeAt(i) === OPEN_BRACKET) {
        const list: unknown[] = [];
        i = await parseArray(text, i, list, ctl, report);
        define(result, key, list);
      } else {
        const end = skipValue(text, i);
        define(result, key, JSON.parse(text.slice(i, end)) as unknown);
        i = end;
      }
      if (ctl.due()) {
        report(i);
        await ctl.pause();
      }
      i = skipSpace(text, i);
      if (text.charCodeAt(i) === COMMA) {
        i = skipSpace(text, i + 1);
        continue;
      }
      i = expect(text, i, CLOSE_BRACE);
      break;
    }
  }
  if (skipSpace(text, i) !== text.length) throw new Unfollowable();
  report(text.length);
  return result;
}

/** Parses the array at i (its '[') into `into`, a run of elements at a time; returns the index past its ']'. */
async function parseArray(
  text: string,
  i: number,
  into: unknown[],
  ctl: TaskControl,
  report: (i: number) => void,
): Promise<number> {
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  let budget = FIRST_RUN_CHARS;
  for (;;) {
    // One run: whole elements from `start` to `end` (with the commas between them), about `budget` characters.
    const began = performance.now();
    const start = i;
    let end: number;
    let last = false;
    for (;;) {
      end = skipValue(text, i);
      i = skipSpace(text, end);
      if (text.charCodeAt(i) === CLOSE_BRACKET) {
        last = true;
        i++;
        break;
      }
      i = skipSpace(text, expect(text, i, COMMA));
      if (i - start >= budget) break;
    }
    const run = JSON.parse(`[${text.slice(start, end)}]`) as unknown[];
    for (const item of run) into.push(item);
    if (last) return i;
    // Scanning and parsing cost about the same per character: size the next run to take RUN_MS.
    const ms = Math.max(0.05, performance.now() - began);
    budget = Math.min(MAX_RUN_CHARS, Math.max(MIN_RUN_CHARS, Math.round(((i - start) * RUN_MS) / ms)));
    if (ctl.due()) {
      report(i);
      await ctl.pause();
    }
  }
}
