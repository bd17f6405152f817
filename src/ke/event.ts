/**
 * Event: NT's KEVENT behind CreateEvent. A manual-reset (notification) event stays
 * signaled until ResetEvent and releases every waiter; an auto-reset (synchronization)
 * event releases one waiter and resets itself as that wait is satisfied.
 *
 * Invariant: an auto-reset event is never signaled while a wait that it alone could
 * satisfy is parked on it (set() wakes the oldest such waiter at once).
 */
import { KernelObject } from '../ob/object.js';

/** KEVENT (0x10) + OBJECT_HEADER (0x18) + quota info (0x10) + pool header: x86 sizes, rounded. */
export const EVENT_POOL_BYTES = 0x40;

export class Event extends KernelObject {
  readonly typeName = 'Event';
  readonly poolBytes = EVENT_POOL_BYTES;

  constructor(
    readonly manualReset: boolean,
    private signaled: boolean,
  ) {
    super();
  }

  override isSignaled(): boolean {
    return this.signaled;
  }

  override satisfyWait(): boolean {
    if (!this.manualReset) this.signaled = false;
    return false;
  }

  /** SetEvent; returns the previous state (NtSetEvent's PreviousState). */
  set(): boolean {
    const was = this.signaled;
    this.signaled = true;
    this.signalWaiters();
    return was;
  }

  /** ResetEvent; returns the previous state. */
  reset(): boolean {
    const was = this.signaled;
    this.signaled = false;
    return was;
  }

  /**
   * PulseEvent: releases the waiters parked now (all for a manual-reset event, at most one
   * for an auto-reset event), then leaves the event nonsignaled. Returns the previous state.
   */
  pulse(): boolean {
    const was = this.signaled;
    this.signaled = true;
    this.signalWaiters();
    this.signaled = false;
    return was;
  }
}
