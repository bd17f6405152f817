/**
 * Mutant: NT's KMUTANT behind CreateMutex. Owned by one thread at a time (here: one
 * process, each lab process having one thread), recursively: every satisfied wait by the
 * owner counts once more and needs one more ReleaseMutex. When the owner dies holding it,
 * the mutant is abandoned: it becomes free, and the next wait that acquires it completes
 * with WAIT_ABANDONED (and clears the abandoned state).
 *
 * Invariants: owner === null ⇔ recursion === 0; abandoned implies owner === null.
 */
import { KernelObject } from '../ob/object.js';
import type { Process } from '../ps/process.js';

/** KMUTANT (0x20) + OBJECT_HEADER (0x18) + quota info (0x10) + pool header: x86 sizes, rounded. */
export const MUTANT_POOL_BYTES = 0x50;

export class Mutant extends KernelObject {
  readonly typeName = 'Mutant';
  readonly poolBytes = MUTANT_POOL_BYTES;
  owner: Process | null = null;
  recursion = 0;
  abandoned = false;

  constructor(initialOwner: Process | null) {
    super();
    if (initialOwner) {
      this.owner = initialOwner;
      this.recursion = 1;
    }
  }

  /** NT's signal state: 1 when free, 0 owned once, -1 owned twice … */
  get signalState(): number {
    return 1 - this.recursion;
  }

  override isSignaled(): boolean {
    return this.owner === null;
  }

  override isSignaledFor(waiter: Process): boolean {
    return this.owner === null || this.owner === waiter;
  }

  override satisfyWait(waiter: Process): boolean {
    this.owner = waiter;
    this.recursion++;
    const abandoned = this.abandoned;
    this.abandoned = false;
    return abandoned;
  }

  /**
   * ReleaseMutex by `caller`. Returns the previous signal state, or null if the caller
   * does not own the mutant (STATUS_MUTANT_NOT_OWNED, ERROR_NOT_OWNER).
   */
  release(caller: Process): number | null {
    if (this.owner !== caller) return null;
    const previous = this.signalState;
    if (--this.recursion === 0) {
      this.owner = null;
      this.signalWaiters();
    }
    return previous;
  }

  override onProcessExit(process: Process): void {
    if (this.owner !== process) return;
    this.owner = null;
    this.recursion = 0;
    this.abandoned = true;
    this.signalWaiters();
  }

  override checkInvariants(): void {
    if ((this.owner === null) !== (this.recursion === 0))
      throw new Error(`mutant owner ${this.owner?.pid ?? 'none'} with recursion ${this.recursion}`);
    if (this.abandoned && this.owner) throw new Error(`abandoned mutant owned by ${this.owner.pid}`);
    if (this.owner && !this.owner.alive) throw new Error(`mutant still owned by exited process ${this.owner.pid}`);
  }
}
