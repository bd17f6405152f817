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
  /** Pointer count: every handle plus every kernel reference (a mapped view, a wait block's owner …). */
  refs = 0;
  /**
   * Handle count, kept apart from `refs` as NT does: a named object is "temporary", its name
   * goes when the last handle closes even while kernel references keep the body alive.
   */
  handleCount = 0;
  /** The object's full path (e.g. \Sessions\1\BaseNamedObjects\Yeming-Map), if it has a name. */
  objectName: string | null = null;
  readonly waits = new Set<Wait>();

  /** Signaled state for waits; non-waitable objects are never signaled. */
  isSignaled(): boolean {
    return false;
  }

  /** Called once when the last reference goes. */
  onDelete(): void {}

  /**
   * Called when the last handle closes (NT's cleanup: a file object drops its share access
   * here, not at deletion), before the handle's reference is dropped. Kernel references
   * may keep the body alive after it.
   */
  onLastHandleClosed(): void {}

  /** Completes waits that can now complete. */
  signalWaiters(): void {
    for (const w of [...this.waits]) if (this.isSignaled() && w.wake()) this.waits.delete(w);
  }
}
