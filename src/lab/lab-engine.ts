/**
 * LabEngine: what every host (CLI, browser host, Electron main, tests) boots and drives.
 * One machine: the kernel, its processes, the sampler and the event stream.
 */
import type { CounterSample } from '../api/counters.js';
import type { LabEvent } from '../api/events.js';
import type { MachineSettings } from '../api/settings.js';
import type { ProgramInput, ProcessSummary } from '../api/lab-api.js';
import type { StepState } from '../api/snapshots.js';
import type { LabInspector } from './inspector.js';

export interface LabProcess {
  readonly pid: number;
  readonly name: string;
  /** Resolves with the exit code once the process has ended and every resource is reclaimed. */
  readonly exited: Promise<number>;
  /** Lines the program wrote with console.log (stdout) and console.error (stderr), in order. */
  readonly stdout: string[];
  readonly stderr: string[];
}

/** Thrown by start() for a program that cannot run at all (syntax error, unreadable file). */
export class ProgramError extends Error {
  override name = 'ProgramError';
}

/** Step mode over a running machine (see src/lab/stepper.ts). Throws InspectError for a bad pid. */
export interface LabStepControl {
  /** Holds `pid` before each kernel call (true) or lets it run freely (false). */
  setStepping(pid: number, on: boolean): StepState;
  /** Lets a stepping process make one kernel call. */
  step(pid: number): StepState;
  onStep(listener: (s: StepState) => void): () => void;
}

export interface LabEngine {
  readonly settings: MachineSettings;
  /** Snapshot reads for the lab's views; absent in stand-ins without a kernel. */
  readonly inspector?: LabInspector;
  /** Step mode; absent in stand-ins without a kernel. */
  readonly steps?: LabStepControl;
  /** Starts a program as a new process; rejects with ProgramError if it does not compile. */
  start(program: ProgramInput): Promise<LabProcess>;
  /** TerminateProcess from outside the machine. */
  terminate(pid: number, exitCode?: number): void;
  processes(): ProcessSummary[];
  /** Current counters. */
  sample(): CounterSample;
  /** Every counter sample the sampler takes (period settings.sampleMs) while subscribed. */
  onSample(listener: (s: CounterSample) => void): () => void;
  onEvent(listener: (e: LabEvent) => void): () => void;
  /** Throws if a kernel invariant is broken (tests run this after every case). */
  checkInvariants(): void;
  /** Ends every process, closes the pagefile, removes temporary data. */
  shutdown(): Promise<void>;
}
