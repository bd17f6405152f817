/**
 * Colours of the physical-memory map, RAMMap-style: frames on a list by the list, active
 * frames by their use. Built from the names the lab sends (FrameMap.states / uses), so a
 * state or use the kernel adds later still gets a stable colour of its own.
 */
import { frameCode } from '../../../../src/api/frame-codes.js';

const STATE_COLORS: Record<string, string> = {
  zeroed: '#d9dee5',
  free: '#9aa4b0',
  standby: '#4f8fe8',
  modified: '#ef8f2f',
  pendingFlush: '#b06fd8',
};

const USE_COLORS: Record<string, string> = {
  private: '#34a56a',
  pageTable: '#127a7a',
  pool: '#8b5a2b',
  prototype: '#d94f8a',
  none: '#606a75',
};

const DARK_STATE: Record<string, string> = { zeroed: '#3a414b', free: '#5c6672' };

/** A stable colour for a name we have no colour for. */
function hashed(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return `hsl(${h % 360} 55% 50%)`;
}

export interface Category {
  key: string;
  label: string;
  color: string;
}

/** The category of a (state, use) pair: the list, or for active frames "active: <use>". */
export function category(states: string[], uses: string[], state: number, use: number, dark: boolean): Category {
  const s = states[state] ?? `state ${state}`;
  if (s !== 'active') {
    return { key: s, label: s, color: (dark && DARK_STATE[s]) || STATE_COLORS[s] || hashed(s) };
  }
  const u = uses[use] ?? `use ${use}`;
  return { key: `active:${u}`, label: `active · ${u}`, color: USE_COLORS[u] ?? hashed(u) };
}

function rgba(color: string): number {
  const c = document.createElement('canvas').getContext('2d')!;
  c.fillStyle = color;
  c.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = c.getImageData(0, 0, 1, 1).data;
  // ImageData is RGBA in memory; a little-endian Uint32 view reads it as ABGR.
  return ((a! << 24) | (b! << 16) | (g! << 8) | r!) >>> 0;
}

/** Code (byte) → packed RGBA for ImageData, and code → category. */
export function colorTable(states: string[], uses: string[], dark: boolean): { rgba: Uint32Array; categories: Category[] } {
  const table = new Uint32Array(256);
  const categories: Category[] = new Array<Category>(256);
  const cache = new Map<string, number>();
  for (let state = 0; state < 8; state++) {
    for (let use = 0; use < 32; use++) {
      const code = frameCode(state, use);
      const cat = category(states, uses, state, use, dark);
      categories[code] = cat;
      let packed = cache.get(cat.color);
      if (packed === undefined) cache.set(cat.color, (packed = rgba(cat.color)));
      table[code] = packed;
    }
  }
  return { rgba: table, categories };
}
