/**
 * Events: every system service call that changes a counter becomes one ServiceEvent
 * (SPEC section 3), from which the step tables ("avail phys −X …") are built.
 */

export interface CounterDeltas {
  /** Bytes, as a GlobalMemoryStatus caller would compute after − before. */
  availPhys: number;
  availPageFile: number;
  /** Of the calling process. */
  availVirtual: number;
  /** Pages. */
  commitCharge: number;
  workingSet: number;
}

export interface ServiceEvent {
  kind: 'service';
  seq: number;
  /** Milliseconds since boot. */
  t: number;
  pid: number;
  call: string;
  args: unknown[];
  result: number | string | boolean | null;
  lastError: number;
  deltas: CounterDeltas;
}

export interface ProcessEvent {
  kind: 'process';
  seq: number;
  t: number;
  pid: number;
  what: 'created' | 'exited';
  name: string;
  exitCode?: number;
  /** Why a process ended abnormally (uncaught exception, terminated, worker died). */
  reason?: string;
}

export interface OutputEvent {
  kind: 'output';
  seq: number;
  t: number;
  pid: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export type LabEvent = ServiceEvent | ProcessEvent | OutputEvent;
