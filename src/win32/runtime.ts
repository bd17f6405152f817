/**
 * The per-worker state of the Win32 layer: the kernel port, the process's identity, the
 * thread's last error. Initialised once by the worker bootstrap before the program runs.
 */
import type { KernelPort } from './kernel-port.js';

export interface RuntimeInfo {
  pid: number;
  commandLine: string;
  is64Bit: boolean;
}

let port: KernelPort | null = null;
let info: RuntimeInfo = { pid: 0, commandLine: '', is64Bit: false };
let lastError = 0;

export function attachPort(p: KernelPort, i: RuntimeInfo): void {
  port = p;
  info = i;
}

export function runtimeInfo(): RuntimeInfo {
  return info;
}

export function getLastError(): number {
  return lastError;
}

export function setLastError(code: number): void {
  lastError = code >>> 0;
}

/**
 * Calls a kernel service. Returns its result and out-parameters; sets the last error
 * when the kernel says so (failures, and successes like ERROR_ALREADY_EXISTS).
 */
export function syscall<T = number>(fn: string, args: unknown[]): { ret: T; out: Record<string, unknown> } {
  if (!port) throw new Error('mmlab/win32 is only usable inside an mmlab process');
  const r = port.call(fn, args);
  if (r.e !== null && r.e !== undefined) lastError = r.e >>> 0;
  return { ret: r.r as T, out: r.o ?? {} };
}

/** Pointers, sizes and handles are numbers; NULL may be given as null/undefined. */
export function ptr(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'bigint') return Number(v);
  return typeof v === 'number' ? v : NaN;
}
