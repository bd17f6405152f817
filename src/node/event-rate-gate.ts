/**
 * EventRateGate: how many service events a transport without a measure of its backlog may
 * pass on. The browser host drops service events for a WebSocket client that has fallen
 * behind (ws.bufferedAmount); Electron's IPC has no such measure, so the main process caps
 * service events per window of time instead. A program calling the kernel in a tight loop
 * makes a hundred thousand events a second, more than a renderer can take; its step table
 * and chart markers show the newest anyway. Process and console events always pass.
 */
import type { LabEvent } from '../api/events.js';

export class EventRateGate {
  private windowStart = -Infinity;
  private passed = 0;
  /** Service events dropped so far (for the host's log). */
  dropped = 0;

  constructor(
    /** Service events let through per window. */
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** True if the event should be sent. */
  admit(event: LabEvent): boolean {
    if (event.kind !== 'service') return true;
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.windowStart = t;
      this.passed = 0;
    }
    if (this.passed < this.limit) {
      this.passed++;
      return true;
    }
    this.dropped++;
    return false;
  }
}
