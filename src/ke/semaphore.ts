/**
 * Semaphore: NT's KSEMAPHORE behind CreateSemaphore. Signaled while its count is above
 * zero; each satisfied wait takes one; ReleaseSemaphore adds, never past the maximum.
 *
 * Invariant: 0 <= count <= maximum, maximum > 0.
 */
import { KernelObject } from '../ob/object.js';

/** KSEMAPHORE (0x14) + OBJECT_HEADER (0x18) + quota info (0x10) + pool header: x86 sizes, rounded. */
export const SEMAPHORE_POOL_BYTES = 0x48;

export class Semaphore extends KernelObject {
  readonly typeName = 'Semaphore';
  readonly poolBytes = SEMAPHORE_POOL_BYTES;

  constructor(
    private count: number,
    readonly maximum: number,
  ) {
    super();
  }

  get currentCount(): number {
    return this.count;
  }

  override isSignaled(): boolean {
    return this.count > 0;
  }

  override satisfyWait(): boolean {
    this.count--;
    return false;
  }

  /**
   * ReleaseSemaphore(n), n > 0. Returns the previous count, or null if the count would pass
   * the maximum (STATUS_SEMAPHORE_LIMIT_EXCEEDED: nothing changes).
   */
  release(n: number): number | null {
    if (n > this.maximum - this.count) return null;
    const previous = this.count;
    this.count += n;
    this.signalWaiters();
    return previous;
  }

  override checkInvariants(): void {
    if (!(this.maximum > 0 && this.count >= 0 && this.count <= this.maximum))
      throw new Error(`semaphore count ${this.count} of ${this.maximum}`);
  }
}
