/**
 * Unit tests of HandleTable: NT's allocation order (freed values are reused last-freed
 * first, fresh ones ascend from 4), tag bits, and inherited entries at fixed values.
 */
import { describe, expect, it } from 'vitest';
import { HandleTable, type HandleEntry } from './handle-table.js';
import { KernelObject } from './object.js';

class Thing extends KernelObject {
  readonly typeName = 'Thing';
  readonly poolBytes = 0;
}

const entry = (access = 0): HandleEntry => ({ object: new Thing(), access, inherit: false, protectFromClose: false });

describe('HandleTable', () => {
  it('hands out 4, 8, 12 … and reuses the last freed value first', () => {
    const t = new HandleTable();
    expect([t.insert(entry()), t.insert(entry()), t.insert(entry())]).toEqual([4, 8, 12]);
    t.remove(8);
    t.remove(4);
    expect([t.insert(entry()), t.insert(entry()), t.insert(entry())]).toEqual([4, 8, 16]);
    expect(t.count).toBe(4);
  });

  it('ignores the two tag bits of a handle value', () => {
    const t = new HandleTable();
    const e = entry(7);
    const h = t.insert(e);
    expect([t.get(h | 1), t.get(h | 2), t.get(h | 3)]).toEqual([e, e, e]);
    expect(t.remove(h | 3)).toBe(e);
    expect(t.get(h)).toBeUndefined();
    expect(t.get(4.5)).toBeUndefined();
  });

  it('places inherited entries at their values and frees the gaps, lowest first', () => {
    const t = new HandleTable();
    t.insertAt(20, entry());
    t.insertAt(8, entry());
    expect([t.insert(entry()), t.insert(entry()), t.insert(entry()), t.insert(entry())]).toEqual([4, 12, 16, 24]);
    expect(() => t.insertAt(20, entry())).toThrow(/in use/);
    expect(() => t.insertAt(6, entry())).toThrow(/multiple of 4/);
  });
});
