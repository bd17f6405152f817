/**
 * WorkingSet: the clock meets pages in the order they entered the working set (oldest
 * first), also after removals and compaction; locked pages are skipped; a page accessed
 * since the hand last passed gets a second chance.
 */
import { describe, expect, it } from 'vitest';
import { WorkingSet } from './working-set.js';

const never = () => false;

function filled(n: number): WorkingSet {
  const ws = new WorkingSet();
  for (let v = 0; v < n; v++) ws.add(1000 + v);
  return ws;
}

describe('WorkingSet', () => {
  it('chooses victims oldest first', () => {
    const ws = filled(100);
    expect(ws.chooseVictims(5, never)).toEqual([1000, 1001, 1002, 1003, 1004]);
  });

  it('keeps the order through removals: a removed page leaves a hole, not the newest page in its place', () => {
    const ws = filled(100);
    for (const v of [1000, 1001, 1002, 1050]) ws.remove(v);
    ws.add(2000);
    expect(ws.size).toBe(97);
    expect(ws.chooseVictims(3, never)).toEqual([1003, 1004, 1005]);
    expect(ws.vpns().slice(0, 3)).toEqual([1003, 1004, 1005]);
    expect(ws.vpns().at(-1)).toBe(2000);
    expect(ws.vpns()).not.toContain(1050);
    ws.checkInvariants();
  });

  it('squeezes the holes out once they outnumber the pages, keeping order and the hand', () => {
    const ws = filled(1000);
    // The hand has passed the first 100 pages.
    expect(ws.chooseVictims(100, never)).toHaveLength(100);
    for (let v = 1050; v < 1750; v++) ws.remove(v);
    ws.checkInvariants();
    const left = ws.vpns();
    expect(left).toHaveLength(300);
    expect(left).toEqual([...left].sort((a, b) => a - b));
    // The hand stood on a page that is gone: it goes on from the next page still there.
    expect(ws.chooseVictims(3, never)).toEqual([1750, 1751, 1752]);
  });

  it('skips locked pages and gives accessed pages a second chance', () => {
    const ws = filled(10);
    ws.locked.add(1000);
    const accessed = new Set([1001, 1002]);
    const victims = ws.chooseVictims(3, (v) => accessed.delete(v));
    expect(victims).toEqual([1003, 1004, 1005]);
    for (const v of victims) ws.remove(v);
    // The hand comes round again: their accessed bits are clear now.
    expect(ws.chooseVictims(9, (v) => accessed.delete(v))).toEqual([1006, 1007, 1008, 1009, 1001, 1002]);
  });
});
