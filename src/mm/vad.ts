/**
 * Vad / VadTree: which ranges of a process's address space are allocated, and as what.
 *
 * A Vad (virtual address descriptor) covers one allocation: a VirtualAlloc reservation
 * or (with sections) one mapped view. Its start is 64 KiB aligned for allocations made
 * without a fixed address, its end page aligned. Pages inside it are committed or not
 * per page (the PageTable's software half); the Vad knows the range and the type.
 *
 * NT keeps VADs in an AVL tree; a sorted array with binary search does the same job at
 * lab sizes and is easier to read. Invariant: VADs are sorted, non-empty and disjoint.
 */
import { PAGE_SIZE } from '../shared/layout.js';
import type { MappedView } from './section/mapped-view.js';

export const VadType = {
  Private: 'private',
  Mapped: 'mapped',
  Image: 'image',
} as const;
export type VadType = (typeof VadType)[keyof typeof VadType];

export interface Vad {
  /** First byte (page aligned). */
  start: number;
  /** One past the last byte (page aligned). */
  end: number;
  type: VadType;
  /** The protection the region was allocated with (MEMORY_BASIC_INFORMATION.AllocationProtect). */
  allocationProtect: number;
  /** Committed pages in this VAD (private VADs). */
  committedPages: number;
  /** Pages locked with VirtualLock. */
  lockedPages: Set<number>;
  /** For a mapped view: which section it shows, from which page, how. */
  view?: MappedView;
}

export class VadTree {
  private readonly vads: Vad[] = [];

  get all(): readonly Vad[] {
    return this.vads;
  }

  /** Index of the first VAD whose end is above `address`. */
  private lowerBound(address: number): number {
    let lo = 0;
    let hi = this.vads.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.vads[mid]!.end <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The VAD containing `address`, if any. */
  find(address: number): Vad | undefined {
    const v = this.vads[this.lowerBound(address)];
    return v && v.start <= address ? v : undefined;
  }

  /** True if [start, end) touches no VAD. */
  isFree(start: number, end: number): boolean {
    const v = this.vads[this.lowerBound(start)];
    return !v || v.start >= end;
  }

  /** The VAD after `address` (the first with start >= address), if any. */
  nextAfter(address: number): Vad | undefined {
    const i = this.lowerBound(address);
    const v = this.vads[i];
    if (v && v.start >= address) return v;
    return this.vads[i + 1];
  }

  /** The VAD whose end is <= address and closest to it. */
  previousBefore(address: number): Vad | undefined {
    const i = this.lowerBound(address);
    const v = this.vads[i];
    if (v && v.start < address) return this.vads[i - 1];
    return this.vads[i - 1];
  }

  insert(vad: Vad): void {
    if (vad.end <= vad.start) throw new Error('empty VAD');
    if (!this.isFree(vad.start, vad.end)) throw new Error(`VAD ${vad.start.toString(16)} overlaps`);
    this.vads.splice(this.lowerBound(vad.start), 0, vad);
  }

  remove(vad: Vad): void {
    const i = this.vads.indexOf(vad);
    if (i < 0) throw new Error('VAD not in tree');
    this.vads.splice(i, 1);
  }

  /**
   * Finds a free range of `size` bytes aligned to `alignment` within [min, max) — the
   * lowest one, or the highest with `topDown`. Returns -1 if there is none.
   */
  findFree(size: number, alignment: number, min: number, max: number, topDown: boolean): number {
    const gaps: Array<[number, number]> = [];
    let cursor = min;
    for (const v of this.vads) {
      if (v.end <= min) continue;
      if (v.start >= max) break;
      if (v.start > cursor) gaps.push([cursor, v.start]);
      cursor = Math.max(cursor, v.end);
    }
    if (cursor < max) gaps.push([cursor, max]);
    if (topDown) {
      for (let i = gaps.length - 1; i >= 0; i--) {
        const [lo, hi] = gaps[i]!;
        const start = Math.floor((hi - size) / alignment) * alignment;
        if (start >= lo && start + size <= hi) return start;
      }
    } else {
      for (const [lo, hi] of gaps) {
        const start = Math.ceil(lo / alignment) * alignment;
        if (start + size <= hi) return start;
      }
    }
    return -1;
  }

  /** Bytes of [min, max) covered by no VAD. */
  freeBytes(min: number, max: number): number {
    let used = 0;
    for (const v of this.vads) used += Math.max(0, Math.min(v.end, max) - Math.max(v.start, min));
    return max - min - used;
  }

  checkInvariants(): void {
    for (let i = 0; i < this.vads.length; i++) {
      const v = this.vads[i]!;
      if (v.start % PAGE_SIZE || v.end % PAGE_SIZE || v.end <= v.start) throw new Error(`bad VAD ${v.start}-${v.end}`);
      const n = this.vads[i + 1];
      if (n && n.start < v.end) throw new Error(`VADs overlap at ${n.start.toString(16)}`);
    }
  }
}
