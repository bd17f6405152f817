/**
 * HandleTable: one process's handles. Values are multiples of 4 starting at 4, as on NT;
 * each entry records the object, the access granted and the inherit / protect flags.
 *
 * Allocation follows NT's handle table: a freed value goes on a free list and is the next
 * one handed out (last freed, first reused); fresh values are taken in ascending order
 * when the free list is empty. Real Windows shows this in Wine's test_DuplicateHandle:
 * after closing a lower handle, DuplicateHandle(DUPLICATE_CLOSE_SOURCE) of a higher one
 * returns the higher value again, not the lowest free one.
 *
 * The low two bits of a handle value are ignored on lookup (NT uses them as tag bits;
 * WaitForSingleObject(h | 3) works on h).
 *
 * Invariant: each entry holds one reference and one handle count on its object (kept by
 * the ObjectManager, the only caller that inserts or removes).
 */
import type { KernelObject } from './object.js';

export interface HandleEntry {
  object: KernelObject;
  access: number;
  inherit: boolean;
  protectFromClose: boolean;
}

/** Clears the tag bits: the table slot a handle value names. */
export function handleSlot(handle: number): number {
  return handle - (handle & 3);
}

export class HandleTable {
  private readonly entries = new Map<number, HandleEntry>();
  /** Freed values, most recently freed last (popped first). */
  private readonly free: number[] = [];
  /** The lowest value never handed out. */
  private next = 4;

  get count(): number {
    return this.entries.size;
  }

  insert(entry: HandleEntry): number {
    const h = this.free.pop() ?? this.fresh();
    this.entries.set(h, entry);
    return h;
  }

  private fresh(): number {
    const h = this.next;
    this.next += 4;
    return h;
  }

  /** Inheritance: the child gets the parent's inheritable handles at the same values. */
  insertAt(handle: number, entry: HandleEntry): void {
    if (handle <= 0 || handle % 4 !== 0) throw new Error(`handle ${handle} is not a positive multiple of 4`);
    if (this.entries.has(handle)) throw new Error(`handle ${handle} in use`);
    if (handle >= this.next) {
      // The values skipped over become free, below the ones freed so far, the lowest of
      // them handed out first (NT's duplicated table chains its empty slots in order).
      for (let h = this.next; h < handle; h += 4) this.free.unshift(h);
      this.next = handle + 4;
    } else {
      const i = this.free.indexOf(handle);
      if (i >= 0) this.free.splice(i, 1);
    }
    this.entries.set(handle, entry);
  }

  get(handle: number): HandleEntry | undefined {
    if (!Number.isInteger(handle)) return undefined;
    return this.entries.get(handleSlot(handle));
  }

  remove(handle: number): HandleEntry | undefined {
    if (!Number.isInteger(handle)) return undefined;
    const h = handleSlot(handle);
    const e = this.entries.get(h);
    if (e) {
      this.entries.delete(h);
      this.free.push(h);
    }
    return e;
  }

  all(): IterableIterator<[number, HandleEntry]> {
    return this.entries.entries();
  }
}
