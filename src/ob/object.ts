/**
 * KernelObject: what a handle refers to. Objects are reference counted (handles and
 * kernel-internal references); an object charges nonpaged pool for its body while it
 * lives, which is why even CreateFile moves the memory counters a little.
 *
 * Waiting (see src/ke/wait.ts): every object can be waited on, as on NT. Dispatcher
 * objects (events, mutants, semaphores, processes, threads) override the signal methods;
 * any other object (a section, a file) is waited on through NT's ObpDefaultObject, an
 * event that is always signaled, so WaitForSingleObject on it returns WAIT_OBJECT_0 at
 * once. Waits park on `waits` and are woken by signalWaiters() when the state changes.
 */
import type { Process } from '../ps/process.js';

export interface Wait {
  /** Called when the object is signaled; returns true if the wait consumed it and is done. */
  wake(): boolean;
  /** The process parked in this wait, if it is a process's wait (the invariant check uses it). */
  readonly waiter?: Process;
}

export abstract class KernelObject {
  abstract readonly typeName: string;
  /** Bytes of nonpaged pool the object's body takes (charged by the object manager). */
  abstract readonly poolBytes: number;
  /** Pointer count: every handle plus every kernel reference (a mapped view, a wait in progress …). */
  refs = 0;
  /**
   * Handle count, kept apart from `refs` as NT does: a named object is "temporary", its name
   * goes when the last handle closes even while kernel references keep the body alive.
   */
  handleCount = 0;
  /** The object's full path (e.g. \Sessions\1\BaseNamedObjects\Yeming-Map), if it has a name. */
  objectName: string | null = null;
  readonly waits = new Set<Wait>();

  /** Signaled state (ObpDefaultObject for objects that are not dispatcher objects: always). */
  isSignaled(): boolean {
    return true;
  }

  /** Signaled as far as `waiter` is concerned (a mutant its waiter owns is signaled for it). */
  isSignaledFor(waiter: Process): boolean {
    void waiter;
    return this.isSignaled();
  }

  /**
   * The side effect of a wait satisfied by this object (an auto-reset event resets, a
   * semaphore's count drops, a mutant becomes owned). Returns true if the wait completes
   * as "abandoned" (a mutant whose owner died).
   */
  satisfyWait(waiter: Process): boolean {
    void waiter;
    return false;
  }

  /** Process rundown: `process` is exiting (a mutant it owns is abandoned). */
  onProcessExit(process: Process): void {
    void process;
  }

  /** Called once when the last reference goes. */
  onDelete(): void {}

  /**
   * Called when the last handle closes (NT's cleanup: a file object drops its share access
   * here, not at deletion), before the handle's reference is dropped. Kernel references
   * may keep the body alive after it.
   */
  onLastHandleClosed(): void {}

  /** Throws if the object's own state is inconsistent (run by the kernel invariant check). */
  checkInvariants(): void {}

  /** Completes waits that can now complete, oldest first. */
  signalWaiters(): void {
    for (const w of [...this.waits]) if (this.isSignaled() && w.wake()) this.waits.delete(w);
  }
}
