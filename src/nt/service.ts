/**
 * The shape of a system service: what runs in the kernel when a process calls a Win32
 * function that needs the kernel. A service returns its Win32 result (and any
 * out-parameters), throws Win32Error to fail with `failValue` and a last-error code, or
 * returns a Blocked to answer later (waits, sleeps, faults short of memory).
 */
import type { Kernel } from '../ke/kernel.js';
import type { Process } from '../ps/process.js';

export interface ServiceReply {
  ret: number | string | boolean | null;
  /** Out-parameters and filled structures, by name. */
  out?: Record<string, unknown>;
  /** Last error to set even on success (e.g. ERROR_ALREADY_EXISTS); default: unchanged. */
  lastError?: number;
}

export interface Blocked {
  blocked: true;
  /** Tries to finish; returns the reply when done, or null to keep waiting. */
  poll(): ServiceReply | null;
  /** Called once when the wait ends either way (drop timers and object waits). */
  dispose(): void;
}

export interface Service {
  /** What the Win32 function returns on failure (0, FALSE, INVALID_HANDLE_VALUE …). */
  failValue: number | null;
  /** Pure queries (no counter can move) make no event. */
  quiet?: boolean;
  run(k: Kernel, p: Process, args: unknown[]): ServiceReply | Blocked;
}

export function isBlocked(r: ServiceReply | Blocked): r is Blocked {
  return (r as Blocked).blocked === true;
}
