/**
 * ObjectManager: creates handles, counts references, charges pool, names objects and
 * deletes them when the last reference goes.
 *
 * Two counts per object, as in NT's object header:
 *   - `refs` (pointer count): every handle plus every kernel reference (a mapped view holds
 *     its section, a process holds nothing of its own handles but through them). The body
 *     and its pool charge live while refs > 0.
 *   - `handleCount`: handles only. Named objects are temporary: the name leaves the
 *     namespace when the last handle closes, even if a view still keeps the body alive, so
 *     OpenFileMapping then fails with ERROR_FILE_NOT_FOUND while the view keeps working.
 *
 * Invariants (checkInvariants): every live object has refs > 0 and refs >= handleCount; the
 * handles of every table add up to each object's handleCount; a named object has at least
 * one handle; no object keeps a wait of an exited process; each object's own invariants.
 */
import type { MemoryManager } from '../mm/memory-manager.js';
import type { Process } from '../ps/process.js';
import type { HandleEntry, HandleTable } from './handle-table.js';
import type { KernelObject } from './object.js';
import { ObjectNamespace } from './object-namespace.js';

export class ObjectManager {
  private live = new Set<KernelObject>();
  /** Tables that may hold handles (the invariant check counts them). */
  private readonly tables = new Set<HandleTable>();
  /** Kernel references a process holds until it exits (its thread object). */
  private readonly heldByProcess = new Map<Process, KernelObject[]>();
  readonly namespace = new ObjectNamespace();

  constructor(private readonly mm: MemoryManager) {}

  get objectCount(): number {
    return this.live.size;
  }

  /** A new object starts with one reference (the caller's) and its pool charged. */
  register(object: KernelObject): boolean {
    if (!this.mm.poolAllocate(object.poolBytes)) return false;
    object.refs = 1;
    object.handleCount = 0;
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
      this.namespace.remove(object);
      this.live.delete(object);
      object.onDelete();
      this.mm.poolFree(object.poolBytes);
    }
  }

  // ---------------------------------------------------------------- names

  /**
   * The object a Win32 name refers to (Local\ and Global\ resolved as for a session-1
   * process), or null. Throws Win32Error for names that cannot be resolved
   * (ERROR_INVALID_NAME for "", ERROR_PATH_NOT_FOUND for a missing directory, …).
   * A name ending in a directory ("Global\") yields a directory object: treat it as an
   * object of another type.
   */
  lookup(name: string): KernelObject | null {
    return this.namespace.lookup(name);
  }

  /**
   * Names a registered object. Preconditions: lookup(name) returned null and the caller
   * opens a handle to it before returning to user mode (the name lives while handles do).
   */
  insertName(object: KernelObject, name: string): void {
    if (!this.live.has(object)) throw new Error(`naming an unregistered ${object.typeName}`);
    this.namespace.insert(object, name);
  }

  // ---------------------------------------------------------------- handles

  /** Opens a handle (lowest free multiple of 4) holding one reference and one handle count. */
  openHandle(table: HandleTable, object: KernelObject, access: number, inherit: boolean): number {
    return this.insertHandle(table, { object, access: access >>> 0, inherit, protectFromClose: false });
  }

  /** Inserts a fully described entry (duplication, inheritance); `at` keeps a given value. */
  insertHandle(table: HandleTable, entry: HandleEntry, at?: number): number {
    this.reference(entry.object);
    entry.object.handleCount++;
    this.tables.add(table);
    if (at === undefined) return table.insert(entry);
    table.insertAt(at, entry);
    return at;
  }

  /**
   * Closes a handle whatever its flags (the caller checks HANDLE_FLAG_PROTECT_FROM_CLOSE
   * where Windows does). Returns false if there is no such handle.
   */
  closeHandle(table: HandleTable, handle: number): boolean {
    const e = table.remove(handle);
    if (!e) return false;
    const o = e.object;
    if (o.handleCount <= 0) throw new Error(`${o.typeName} handle count below zero`);
    // NT temporary object: the name goes with the last handle, the body with the last reference.
    if (--o.handleCount === 0) {
      this.namespace.remove(o);
      o.onLastHandleClosed();
    }
    this.dereference(o);
    return true;
  }

  /**
   * Process rundown, before its handles close (NT's KeRundownThread): every live object
   * hears that `process` is exiting, so mutants it owns are abandoned.
   */
  rundown(process: Process): void {
    for (const o of [...this.live]) o.onProcessExit(process);
    const held = this.heldByProcess.get(process) ?? [];
    this.heldByProcess.delete(process);
    for (const o of held) this.dereference(o);
  }

  /** Takes a reference on `object` that `process` keeps until its rundown. */
  holdUntilExit(process: Process, object: KernelObject): void {
    this.reference(object);
    const held = this.heldByProcess.get(process);
    if (held) held.push(object);
    else this.heldByProcess.set(process, [object]);
  }

  /** Every live object (the UI's object views). */
  liveObjects(): IterableIterator<KernelObject> {
    return this.live.values();
  }

  /** Process exit: closes every handle, protected or not. */
  closeAll(table: HandleTable): void {
    for (const [h] of [...table.all()]) this.closeHandle(table, h);
    this.tables.delete(table);
  }

  checkInvariants(): void {
    const handles = new Map<KernelObject, number>();
    for (const t of this.tables)
      for (const [h, e] of t.all()) {
        if (h <= 0 || h % 4 !== 0) throw new Error(`handle value ${h} is not a positive multiple of 4`);
        if (!this.live.has(e.object)) throw new Error(`handle ${h} refers to a deleted ${e.object.typeName}`);
        handles.set(e.object, (handles.get(e.object) ?? 0) + 1);
      }
    for (const o of this.live) {
      if (o.refs <= 0) throw new Error(`live ${o.typeName} with ${o.refs} references`);
      const n = handles.get(o) ?? 0;
      if (o.handleCount !== n)
        throw new Error(`${o.typeName} ${o.objectName ?? ''} counts ${o.handleCount} handles, tables hold ${n}`);
      if (o.refs < n) throw new Error(`${o.typeName} has ${n} handles but ${o.refs} references`);
      for (const w of o.waits)
        if (w.waiter && !w.waiter.alive)
          throw new Error(`${o.typeName} ${o.objectName ?? ''} keeps a wait of exited process ${w.waiter.pid}`);
      o.checkInvariants();
    }
    for (const o of this.namespace.namedObjects()) {
      if (!this.live.has(o)) throw new Error(`deleted ${o.typeName} still named ${o.objectName}`);
      if (o.handleCount === 0) throw new Error(`${o.typeName} ${o.objectName} is named with no handle open`);
    }
    this.namespace.checkInvariants();
  }
}
