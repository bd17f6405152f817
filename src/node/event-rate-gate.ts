/**
 * EventRateGate: how many service events a renderer is sent. A program calling the kernel
 * in a tight loop makes a hundred thousand events a second, more than a renderer can take:
 * a page busy with them answers a click seconds late, and the event that says the process
 * was stopped queues behind them. So both transports cap service events per window of time
 * (Electron's IPC, and each WebSocket client of the browser host, which also drops them
 * for a client whose socket has fallen behind). The step table and chart markers show the
 * newest anyway. Process and console events always pass.
 */
import type { LabEvent } from '../api/events.js';

/** Service events sent to one renderer per SERVICE_EVENT_WINDOW_MS at most (5,000 a second). */
export const SERVICE_EVENTS_PER_WINDOW = 500;
export const SERVICE_EVENT_WINDOW_MS = 100;

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
