/**
 * HandleTable: one process's handles. Values are multiples of 4 starting at 4, as on NT;
 * each entry records the object, the access granted and the inherit / protect flags.
 * Invariant: each entry holds one reference on its object.
 */
import type { KernelObject } from './object.js';

export interface HandleEntry {
  object: KernelObject;
  access: number;
  inherit: boolean;
  protectFromClose: boolean;
}

export class HandleTable {
  private readonly entries = new Map<number, HandleEntry>();

  get count(): number {
    return this.entries.size;
  }

  /** Lowest free multiple of 4. */
  insert(entry: HandleEntry): number {
    let h = 4;
    while (this.entries.has(h)) h += 4;
    this.entries.set(h, entry);
    return h;
  }

  /** Inheritance: the child gets the parent's inheritable handles at the same values. */
  insertAt(handle: number, entry: HandleEntry): void {
    if (this.entries.has(handle)) throw new Error(`handle ${handle} in use`);
    this.entries.set(handle, entry);
  }

  get(handle: number): HandleEntry | undefined {
    return this.entries.get(handle);
  }

  remove(handle: number): HandleEntry | undefined {
    const e = this.entries.get(handle);
    if (e) this.entries.delete(handle);
    return e;
  }

  all(): IterableIterator<[number, HandleEntry]> {
    return this.entries.entries();
  }
}
