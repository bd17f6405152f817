/**
 * Stepper: the lab's step mode. A stepping process is held before each kernel call (its
 * worker waits in the mailbox, as for any blocking call) until the user lets exactly one
 * call through; it can also be released to run freely again.
 *
 * The kernel asks `shouldHold` before running a system service (Kernel.syscallGate); a held
 * request is parked and asked again whenever the dispatch loop drains, so `step` and
 * `setStepping` only need to ring the doorbell. Page faults are never held: they are not
 * calls the program makes, and holding one would stop the program inside an instruction.
 */
import type { PausedCall, StepState } from '../api/snapshots.js';
import type { StepView } from './process-snapshot.js';

/** Calls the Win32 layer makes on its own behalf (console output, a dying process's report). */
const NEVER_HELD = new Set(['WriteConsole', 'RaiseFatal']);

export class Stepper implements StepView {
  private readonly stepping = new Set<number>();
  /** Calls a stepping process may still make before it is held again. */
  private readonly allowance = new Map<number, number>();
  private readonly held = new Map<number, PausedCall>();
  private readonly listeners = new Set<(s: StepState) => void>();

  /** `wake`: makes the kernel retry parked requests (Kernel.ring). */
  constructor(private readonly wake: () => void) {}

  isStepping(pid: number): boolean {
    return this.stepping.has(pid);
  }

  pausedCall(pid: number): PausedCall | null {
    return this.held.get(pid) ?? null;
  }

  state(pid: number): StepState {
    return { pid, stepping: this.isStepping(pid), paused: this.pausedCall(pid) };
  }

  onChange(listener: (s: StepState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The kernel's gate: true holds the call (asked again on every retry until it says false). */
  shouldHold(pid: number, call: string, args: unknown[]): boolean {
    if (!this.stepping.has(pid) || NEVER_HELD.has(call)) return false;
    const allowed = this.allowance.get(pid) ?? 0;
    if (allowed > 0) {
      this.allowance.set(pid, allowed - 1);
      if (this.held.delete(pid)) this.emit(pid);
      return false;
    }
    if (!this.held.has(pid)) {
      this.held.set(pid, { call, args: [...args] });
      this.emit(pid);
    }
    return true;
  }

  setStepping(pid: number, on: boolean): StepState {
    if (on) {
      if (!this.stepping.has(pid)) {
        this.stepping.add(pid);
        this.emit(pid);
      }
    } else if (this.stepping.delete(pid)) {
      this.allowance.delete(pid);
      this.held.delete(pid);
      this.emit(pid);
      this.wake();
    }
    return this.state(pid);
  }

  /** Lets one call through (the held one, or the next one if none is held yet). */
  step(pid: number): StepState {
    if (!this.stepping.has(pid)) return this.state(pid);
    this.allowance.set(pid, 1);
    this.wake();
    return this.state(pid);
  }

  /** The process has ended: nothing of it stays. */
  forget(pid: number): void {
    const had = this.stepping.delete(pid) || this.held.has(pid);
    this.allowance.delete(pid);
    this.held.delete(pid);
    if (had) this.emit(pid);
  }

  private emit(pid: number): void {
    const s = this.state(pid);
    for (const l of this.listeners) l(s);
  }
}
