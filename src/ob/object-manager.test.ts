/**
 * Unit tests of the object manager: handle values, handle count vs reference count, the
 * lifetime of names (NT temporary objects), pool charges, and the namespace's prefixes.
 */
import { describe, expect, it } from 'vitest';
import { MemoryManager } from '../mm/memory-manager.js';
import { PagingFile } from '../mm/paging-file.js';
import { Win32Error } from '../nt/win32-error.js';
import { ERROR_INVALID_HANDLE, ERROR_PATH_NOT_FOUND } from '../win32/errors.js';
import { HandleTable } from './handle-table.js';
import { ObjectManager } from './object-manager.js';
import { ObjectDirectory } from './object-namespace.js';
import { KernelObject } from './object.js';

class Thing extends KernelObject {
  readonly typeName = 'Thing';
  readonly poolBytes = 0x60;
  deleted = 0;
  cleanedUp = 0;
  override onDelete(): void {
    this.deleted++;
  }
  override onLastHandleClosed(): void {
    this.cleanedUp++;
  }
}

function boot(): { om: ObjectManager; mm: MemoryManager } {
  const mm = new MemoryManager(4 << 20, new PagingFile(null, 0), {
    quiescentNow: () => true,
    entries: () => 0,
    requestFlush: () => {},
  });
  return { om: new ObjectManager(mm), mm };
}

function win32Code(fn: () => unknown): number | 'no error' {
  try {
    fn();
  } catch (e) {
    if (e instanceof Win32Error) return e.code;
    throw e;
  }
  return 'no error';
}

describe('ObjectManager', () => {
  it('hands out the lowest free multiple of 4 and reuses closed values', () => {
    const { om } = boot();
    const t = new HandleTable();
    const o = new Thing();
    om.register(o);
    expect([om.openHandle(t, o, 1, false), om.openHandle(t, o, 2, false), om.openHandle(t, o, 3, true)]).toEqual([
      4, 8, 12,
    ]);
    expect(om.closeHandle(t, 8)).toBe(true);
    expect(om.openHandle(t, o, 4, false)).toBe(8);
    expect(t.get(8)?.access).toBe(4);
    expect(t.get(12)?.inherit).toBe(true);
    expect(om.closeHandle(t, 16)).toBe(false);
    expect(o.handleCount).toBe(3);
    expect(o.refs).toBe(4);
    om.checkInvariants();
  });

  it('keeps the body while a kernel reference remains, but drops the name with the last handle', () => {
    const { om } = boot();
    const t = new HandleTable();
    const o = new Thing();
    om.register(o);
    om.insertName(o, 'Yeming-Map');
    const h = om.openHandle(t, o, 0, false);
    om.dereference(o); // the creation reference
    om.reference(o); // e.g. a mapped view
    expect(om.lookup('Yeming-Map')).toBe(o);
    expect(o.objectName).toBe('\\Sessions\\1\\BaseNamedObjects\\Yeming-Map');
    om.closeHandle(t, h);
    expect(o.cleanedUp).toBe(1);
    expect(om.lookup('Yeming-Map')).toBeNull();
    expect(o.deleted).toBe(0);
    expect(om.objectCount).toBe(1);
    om.checkInvariants();
    om.dereference(o);
    expect(o.deleted).toBe(1);
    expect(om.objectCount).toBe(0);
    om.checkInvariants();
  });

  it('charges and returns nonpaged pool', () => {
    const { om, mm } = boot();
    const before = mm.poolPages;
    const objs = Array.from({ length: 100 }, () => new Thing());
    for (const o of objs) expect(om.register(o)).toBe(true);
    expect(mm.poolPages).toBeGreaterThan(before);
    for (const o of objs) om.dereference(o);
    expect(mm.poolPages).toBe(before);
  });

  it('closeAll closes every handle of a table', () => {
    const { om } = boot();
    const t = new HandleTable();
    const o = new Thing();
    om.register(o);
    om.insertName(o, 'x');
    om.openHandle(t, o, 0, false);
    om.openHandle(t, o, 0, false);
    om.dereference(o);
    om.closeAll(t);
    expect(t.count).toBe(0);
    expect(o.deleted).toBe(1);
    expect(om.lookup('x')).toBeNull();
    om.checkInvariants();
  });

  it('inserts inherited entries at their values, counting handles', () => {
    const { om } = boot();
    const parent = new HandleTable();
    const child = new HandleTable();
    const o = new Thing();
    om.register(o);
    const h = om.openHandle(parent, o, 7, true);
    om.openHandle(parent, o, 7, true);
    om.dereference(o);
    om.insertHandle(child, { ...parent.get(h)! }, h);
    expect(o.handleCount).toBe(3);
    expect(child.get(h)).toMatchObject({ access: 7, inherit: true });
    om.checkInvariants();
    om.closeAll(parent);
    om.closeAll(child);
    expect(o.deleted).toBe(1);
  });
});

describe('ObjectNamespace (session 1)', () => {
  it('puts unprefixed and Local\\ names in the session namespace, Global\\ names in the global one', () => {
    const { om } = boot();
    const t = new HandleTable();
    const a = new Thing();
    const b = new Thing();
    om.register(a);
    om.register(b);
    om.insertName(a, 'n');
    om.insertName(b, 'Global\\n');
    om.openHandle(t, a, 0, false);
    om.openHandle(t, b, 0, false);
    expect(om.lookup('Local\\n')).toBe(a);
    expect(om.lookup('n')).toBe(a);
    expect(om.lookup('Global\\n')).toBe(b);
    expect(om.lookup('Global\\Global\\n')).toBe(b);
    expect(om.lookup('Session\\1\\n')).toBe(a);
    expect(om.lookup('Session\\0\\n')).toBe(b);
    expect(b.objectName).toBe('\\BaseNamedObjects\\n');
    om.checkInvariants();
  });

  it('is case-sensitive, prefixes included', () => {
    const { om } = boot();
    const a = new Thing();
    om.register(a);
    om.insertName(a, 'Name');
    expect(om.lookup('NAME')).toBeNull();
    expect(om.lookup('name')).toBeNull();
    expect(win32Code(() => om.lookup('global\\Name'))).toBe(ERROR_PATH_NOT_FOUND);
    expect(win32Code(() => om.lookup('LOCAL\\Name'))).toBe(ERROR_PATH_NOT_FOUND);
  });

  it('fails names that are not resolvable paths', () => {
    const { om } = boot();
    const a = new Thing();
    om.register(a);
    om.insertName(a, 'ev');
    expect(win32Code(() => om.lookup('no\\such'))).toBe(ERROR_PATH_NOT_FOUND);
    expect(win32Code(() => om.lookup('Session\\7\\x'))).toBe(ERROR_PATH_NOT_FOUND);
    expect(win32Code(() => om.lookup('ev\\x'))).toBe(ERROR_INVALID_HANDLE);
    expect(om.lookup('')).toBe(om.namespace.session);
    expect(om.lookup('Global\\')).toBeInstanceOf(ObjectDirectory);
    expect(om.lookup('Global')).toBeInstanceOf(ObjectDirectory);
  });
});
