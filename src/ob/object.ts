/**
 * KernelObject: what a handle refers to. Objects are reference counted (handles and
 * kernel-internal references); an object charges nonpaged pool for its body while it
 * lives, which is why even CreateFile moves the memory counters a little.
 * Waitable objects keep a list of waits to complete when they become signaled.
 */

export interface Wait {
  /** Called when the object is signaled; returns true if the wait consumed it and is done. */
  wake(): boolean;
}

export abstract class KernelObject {
  abstract readonly typeName: string;
  /** Bytes of nonpaged pool the object's body takes (charged by the object manager). */
  abstract readonly poolBytes: number;
  refs = 0;
  /** The object's name in \BaseNamedObjects, if it has one. */
  objectName: string | null = null;
  readonly waits = new Set<Wait>();

  /** Signaled state for waits; non-waitable objects are never signaled. */
  isSignaled(): boolean {
    return false;
  }

  /** Called once when the last reference goes. */
  onDelete(): void {}

  /** Completes waits that can now complete. */
  signalWaiters(): void {
    for (const w of [...this.waits]) if (this.isSignaled() && w.wake()) this.waits.delete(w);
  }
}
