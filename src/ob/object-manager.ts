/**
 * ObjectManager: creates handles, counts references, charges pool, deletes objects when
 * the last reference goes. (Named objects arrive with sections and events.)
 */
import type { MemoryManager } from '../mm/memory-manager.js';
import type { HandleTable } from './handle-table.js';
import type { KernelObject } from './object.js';

export class ObjectManager {
  private live = new Set<KernelObject>();

  constructor(private readonly mm: MemoryManager) {}

  get objectCount(): number {
    return this.live.size;
  }

  /** A new object starts with one reference (the caller's) and its pool charged. */
  register(object: KernelObject): boolean {
    if (!this.mm.poolAllocate(object.poolBytes)) return false;
    object.refs = 1;
    this.live.add(object);
    return true;
  }

  reference(object: KernelObject): void {
    if (object.refs <= 0) throw new Error(`reference to deleted ${object.typeName}`);
    object.refs++;
  }

  dereference(object: KernelObject): void {
    if (object.refs <= 0) throw new Error(`${object.typeName} dereferenced below zero`);
    if (--object.refs === 0) {
      this.live.delete(object);
      object.onDelete();
      this.mm.poolFree(object.poolBytes);
    }
  }

  openHandle(table: HandleTable, object: KernelObject, access: number, inherit: boolean): number {
    this.reference(object);
    return table.insert({ object, access, inherit, protectFromClose: false });
  }

  closeHandle(table: HandleTable, handle: number): boolean {
    const e = table.remove(handle);
    if (!e) return false;
    this.dereference(e.object);
    return true;
  }

  closeAll(table: HandleTable): void {
    for (const [h] of [...table.all()]) this.closeHandle(table, h);
  }

  checkInvariants(): void {
    for (const o of this.live) if (o.refs <= 0) throw new Error(`live ${o.typeName} with ${o.refs} references`);
  }
}
