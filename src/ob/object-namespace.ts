/**
 * ObjectNamespace: the part of NT's object namespace that Win32 named objects live in, as
 * a normal desktop process in session 1 sees it (Microsoft, "Kernel object namespaces"):
 *
 *   \BaseNamedObjects                       the global namespace ("Global\")
 *       Global  -> \BaseNamedObjects
 *       Local   -> \BaseNamedObjects
 *       Session -> \Sessions\BNOLINKS
 *   \Sessions\1\BaseNamedObjects            the session namespace (default, "Local\")
 *       Global  -> \BaseNamedObjects
 *       Local   -> \Sessions\1\BaseNamedObjects
 *       Session -> \Sessions\BNOLINKS
 *   \Sessions\BNOLINKS
 *       0 -> \BaseNamedObjects,  1 -> \Sessions\1\BaseNamedObjects
 *
 * kernel32 opens every name relative to the session directory, so "Global\x" is the
 * global object x by following the symbolic link "Global". Lookups are case-sensitive
 * (kernel32 does not pass OBJ_CASE_INSENSITIVE; the prefixes are documented as
 * case-sensitive). A backslash inside a name is a path: a missing directory fails with
 * STATUS_OBJECT_PATH_NOT_FOUND (ERROR_PATH_NOT_FOUND); walking through an object that is
 * not a directory fails with STATUS_OBJECT_TYPE_MISMATCH (ERROR_INVALID_HANDLE).
 *
 * Invariants: a name maps to exactly one object; an object has at most one name; the
 * namespace never holds a reference (NT temporary objects: the object manager removes a
 * name when the object's last handle closes).
 */
import { fail } from '../nt/win32-error.js';
import { ERROR_INVALID_HANDLE, ERROR_INVALID_NAME, ERROR_PATH_NOT_FOUND } from '../win32/errors.js';
import { KernelObject } from './object.js';

/** The interactive session every lab process runs in. */
export const SESSION_ID = 1;

/** A directory of the object namespace (permanent; never charged, never handed out). */
export class ObjectDirectory extends KernelObject {
  readonly typeName = 'Directory';
  readonly poolBytes = 0;
  readonly entries = new Map<string, KernelObject>();
  constructor(readonly path: string) {
    super();
    this.objectName = path;
  }
}

/** A symbolic link to a directory, followed when a name walks through it. */
export class SymbolicLink extends KernelObject {
  readonly typeName = 'SymbolicLink';
  readonly poolBytes = 0;
  constructor(
    readonly path: string,
    readonly target: ObjectDirectory,
  ) {
    super();
    this.objectName = path;
  }
}

interface Resolved {
  directory: ObjectDirectory;
  leaf: string;
}

export class ObjectNamespace {
  readonly global = new ObjectDirectory('\\BaseNamedObjects');
  readonly session = new ObjectDirectory(`\\Sessions\\${SESSION_ID}\\BaseNamedObjects`);
  private readonly bnoLinks = new ObjectDirectory('\\Sessions\\BNOLINKS');
  /** Named (non-permanent) objects and where their name lives. */
  private readonly named = new Map<KernelObject, Resolved>();

  constructor() {
    for (const dir of [this.global, this.session]) {
      this.link(dir, 'Global', this.global);
      this.link(dir, 'Local', dir === this.global ? this.global : this.session);
      this.link(dir, 'Session', this.bnoLinks);
    }
    this.link(this.bnoLinks, '0', this.global);
    this.link(this.bnoLinks, String(SESSION_ID), this.session);
  }

  private link(dir: ObjectDirectory, name: string, target: ObjectDirectory): void {
    dir.entries.set(name, new SymbolicLink(`${dir.path}\\${name}`, target));
  }

  /**
   * Walks a Win32 object name to the directory that holds its last component.
   * Throws Win32Error for names that cannot be resolved.
   */
  private resolve(name: string): Resolved {
    if (typeof name !== 'string') fail(ERROR_INVALID_NAME);
    const parts = name.split('\\');
    let dir = this.session;
    for (let i = 0; i < parts.length - 1; i++) {
      const entry = dir.entries.get(parts[i]!);
      if (entry instanceof SymbolicLink) dir = entry.target;
      else if (entry instanceof ObjectDirectory) dir = entry;
      else if (entry) fail(ERROR_INVALID_HANDLE);
      else fail(ERROR_PATH_NOT_FOUND);
    }
    const leaf = parts[parts.length - 1]!;
    // "Global\" names the directory itself: NT opens the directory, an object of another type.
    return { directory: dir, leaf };
  }

  /**
   * The object `name` refers to, or null if there is none. A name that ends in a symbolic
   * link or directory (e.g. "Global" or "Global\\") yields that directory, which callers
   * treat like any object of another type; so does "" (NT opens the root directory itself
   * when the name relative to it is empty).
   */
  lookup(name: string): KernelObject | null {
    const { directory, leaf } = this.resolve(name);
    if (leaf === '') return directory;
    const entry = directory.entries.get(leaf) ?? null;
    return entry instanceof SymbolicLink ? entry.target : entry;
  }

  /** Gives `object` the name `name`. Precondition: lookup(name) returned null; the object is unnamed. */
  insert(object: KernelObject, name: string): void {
    const r = this.resolve(name);
    if (r.leaf === '' || r.directory.entries.has(r.leaf)) throw new Error(`object name ${name} is taken`);
    if (this.named.has(object)) throw new Error(`${object.typeName} already named ${object.objectName}`);
    r.directory.entries.set(r.leaf, object);
    this.named.set(object, r);
    object.objectName = `${r.directory.path}\\${r.leaf}`;
  }

  /** Removes the object's name (its last handle closed, or it is being deleted). */
  remove(object: KernelObject): void {
    const r = this.named.get(object);
    if (!r) return;
    this.named.delete(object);
    if (r.directory.entries.get(r.leaf) === object) r.directory.entries.delete(r.leaf);
  }

  get namedCount(): number {
    return this.named.size;
  }

  /** Every named object with its full path (for the UI and the invariant check). */
  *namedObjects(): IterableIterator<KernelObject> {
    yield* this.named.keys();
  }

  checkInvariants(): void {
    for (const [o, r] of this.named) {
      if (r.directory.entries.get(r.leaf) !== o)
        throw new Error(`name ${o.objectName} does not lead back to its ${o.typeName}`);
      if (o.objectName !== `${r.directory.path}\\${r.leaf}`)
        throw new Error(`${o.typeName} named ${o.objectName} filed as ${r.leaf}`);
    }
    for (const dir of [this.global, this.session])
      for (const [leaf, o] of dir.entries)
        if (!(o instanceof SymbolicLink) && !this.named.has(o))
          throw new Error(`${dir.path}\\${leaf}: ${o.typeName} not recorded as named`);
  }
}
