import { describe, expect, it } from 'vitest';
import { parseJsonSliced } from './sliced-json.js';
import { TaskCancelled, taskControl, unlimited } from './slicing.js';

/** A control whose every slice is used up at once: the parser stops at every boundary it can. */
function eager(onPause: () => void = () => undefined, progress: number[] = []) {
  const ctl = taskControl(new AbortController().signal, (f) => progress.push(f), 0);
  const pause = ctl.pause.bind(ctl);
  return { ...ctl, due: () => true, pause: async () => (onPause(), pause()) };
}

const SAMPLES = [
  '{}',
  ' { } ',
  '{"a":1}',
  '{"a":[]}',
  '{"a":[ ]}',
  '{"a":[1,2,3],"b":"x"}',
  '{ "samples" : [ {"t":1,"p":[1,[2,{"q":"]}\\"["}]]} , {"t":2} ] ,\n"events":[null,true,false,-1.5e3,"\\\\"] }',
  '{"s":"a \\" quote, a \\\\ backslash\\\\","u":"\\u00e9 é 🙂","n":[[[]]],"o":{"k":[{}]}}',
  '{"a":1,"a":2}',
  '{"__proto__":{"polluted":1},"x":[{"__proto__":2}]}',
  '[1,2,3]',
  '"text"',
  '42',
];

const BAD = [
  '',
  '{',
  '{"a":}',
  '{"a":[1,2}',
  '{"a":1,}',
  '{"a":[1,]}',
  '{"a" 1}',
  '{"a":1} x',
  '{"a":"\\"}',
  '{"a":[1 2]}',
  '{a:1}',
  '{"a":[}]}',
  '{"a":tru}',
];

describe('parseJsonSliced', () => {
  it('gives what JSON.parse gives, slice by slice or at once', async () => {
    for (const text of SAMPLES) {
      const expected = JSON.parse(text) as unknown;
      expect(await parseJsonSliced(text, unlimited()), text).toEqual(expected);
      expect(await parseJsonSliced(text, eager()), text).toEqual(expected);
    }
    const proto = (await parseJsonSliced(SAMPLES[9]!, eager())) as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it("throws JSON.parse's SyntaxError for what is not JSON", async () => {
    for (const text of BAD) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, text).not.toBe('');
      await expect(parseJsonSliced(text, eager()), text).rejects.toThrow(new SyntaxError(message));
    }
  });

  it('parses a long array in runs, reporting progress up to the end, and stops when cancelled', async () => {
    const doc = { format: 'x', samples: Array.from({ length: 50_000 }, (_, t) => ({ t, s: `${t}` })), events: [] };
    const text = JSON.stringify(doc, null, 1);
    const progress: number[] = [];
    let pauses = 0;
    expect(
      await parseJsonSliced(
        text,
        eager(() => pauses++, progress),
        0.2,
        0.9,
      ),
    ).toEqual(doc);
    expect(pauses).toBeGreaterThan(5);
    expect(progress.every((p, i) => p >= 0.2 && p <= 0.9 && (i === 0 || p >= progress[i - 1]!))).toBe(true);
    expect(progress.at(-1)).toBeCloseTo(0.9, 10);

    const abort = new AbortController();
    const ctl = taskControl(abort.signal, undefined, 0);
    let seen = 0;
    const cancelled = parseJsonSliced(text, {
      ...ctl,
      due: () => true,
      pause: () => (++seen === 3 && abort.abort(), ctl.pause()),
    });
    await expect(cancelled).rejects.toBeInstanceOf(TaskCancelled);
    expect(seen).toBe(3);
  });
});
