/**
 * LabApi: the one typed contract between the renderer and whichever host runs the lab
 * (Electron main through the preload, or the browser host over a WebSocket). Every type
 * that crosses that boundary is defined in src/api and nowhere deeper.
 */
import type { CounterSample } from './counters.js';
import type { LabEvent } from './events.js';
import type { MachineSettings } from './settings.js';

export interface ProgramInput {
  /** Display / diagnostic name, e.g. "S6-pagefile-section.ts". */
  fileName: string;
  /** TypeScript or JavaScript source importing 'mmlab/win32'. */
  source: string;
  /** Command line seen by GetCommandLine (defaults to the file name). */
  commandLine?: string;
}

export interface ProcessSummary {
  pid: number;
  name: string;
  state: 'starting' | 'running' | 'waiting' | 'exited';
  exitCode: number | null;
}

/** Requests the renderer may make; each resolves with the result or rejects with a clear message. */
export interface LabApi {
  /** Settings of the running machine. */
  settings(): Promise<MachineSettings>;
  /** Reboots with new settings (workspace and data folder stay the host's). */
  reboot(settings: Partial<Pick<MachineSettings, 'ramBytes' | 'pagefileBytes' | 'profile' | 'sampleMs'>>): Promise<MachineSettings>;
  /** Current counters. */
  sample(): Promise<CounterSample>;
  /** Starts a program as a new process. */
  run(program: ProgramInput): Promise<ProcessSummary>;
  /** TerminateProcess from outside. */
  terminate(pid: number, exitCode?: number): Promise<void>;
  processes(): Promise<ProcessSummary[]>;
  /** Pushes: counter samples at the sampling rate, and lab events. Returns an unsubscribe function. */
  onSample(listener: (s: CounterSample) => void): () => void;
  onEvent(listener: (e: LabEvent) => void): () => void;
}

/** Method names a transport may carry, checked at every boundary (preload, WebSocket). */
export const LAB_API_METHODS = ['settings', 'reboot', 'sample', 'run', 'terminate', 'processes'] as const;
export type LabApiMethod = (typeof LAB_API_METHODS)[number];
export const LAB_API_PUSH_CHANNELS = ['sample', 'event'] as const;
