/**
 * LabApi: the one typed contract between the renderer and whichever host runs the lab
 * (Electron main through the preload, or the browser host over a WebSocket). Every type
 * that crosses that boundary is defined in src/api and nowhere deeper.
 */
import type { CounterSample } from './counters.js';
import type { LabEvent } from './events.js';
import type { MachineSettings } from './settings.js';
import type {
  AddressSpaceSnapshot,
  AddressTranslation,
  ExampleInfo,
  ExampleProgram,
  FrameDetail,
  FrameMap,
  HandleInfo,
  NamedObjectInfo,
  ProcessInfo,
  SampleInstall,
  StepState,
} from './snapshots.js';

export interface ProgramInput {
  /** Display / diagnostic name, e.g. "S6-pagefile-section.ts". */
  fileName: string;
  /** TypeScript or JavaScript source importing 'mmlab/win32'. */
  source: string;
  /** Command line seen by GetCommandLine (defaults to the file name). */
  commandLine?: string;
  /** Start in step mode: the process is held before its first kernel call. */
  startPaused?: boolean;
  /**
   * Run an executable image instead of `source`: the Win32 path of an .exe in the machine
   * (`C:\\app.exe`). The process is made from the image as CreateProcess makes it (the EXE
   * mapped at its preferred base, its DLLs loaded) and runs the image's companion program
   * (`app.exe.ts` next to it); `source` is ignored.
   */
  image?: string;
}

export interface ProcessSummary {
  pid: number;
  name: string;
  state: 'starting' | 'running' | 'waiting' | 'exited';
  exitCode: number | null;
}

/** The settings a client may change with `reboot` (workspace and data folder stay the host's). */
export type RebootSettings = Partial<Pick<MachineSettings, 'ramBytes' | 'pagefileBytes' | 'profile' | 'sampleMs'>>;

/**
 * What a reboot is doing, pushed to every client (`onReboot`) as it goes, whoever asked for
 * it: 'stopping' (the old machine shuts down, ending its processes), 'booting' (the new one
 * is made), 'restoring' (the new settings did not boot; the previous ones are booted again),
 * then 'done' or 'failed'. A setting the lab refuses is only the caller's error: nothing
 * was torn down, so nothing is pushed.
 */
export interface RebootProgress {
  /** Numbers the host's reboots; every push of one reboot has the same id. */
  id: number;
  phase: 'stopping' | 'booting' | 'restoring' | 'done' | 'failed';
  /** The settings being booted. */
  target: Required<RebootSettings>;
  /** Processes still running on the old machine when its shutdown began. */
  processes: number;
  /** Milliseconds since the reboot began (host clock). */
  elapsedMs: number;
  /** 'done': the new machine's settings; 'failed': those of the machine running again, if any. */
  settings?: MachineSettings;
  /** 'restoring' and 'failed': why the new settings did not boot. */
  error?: string;
}

/** Requests the renderer may make; each resolves with the result or rejects with a clear message. */
export interface LabApi {
  /** Settings of the running machine. */
  settings(): Promise<MachineSettings>;
  /** Reboots with new settings (workspace and data folder stay the host's). */
  reboot(settings: RebootSettings): Promise<MachineSettings>;
  /** Current counters. */
  sample(): Promise<CounterSample>;
  /** Starts a program as a new process. */
  run(program: ProgramInput): Promise<ProcessSummary>;
  /** TerminateProcess from outside. */
  terminate(pid: number, exitCode?: number): Promise<void>;
  processes(): Promise<ProcessSummary[]>;

  // ---- snapshots (read at one moment; every argument is checked by the host)
  /** Every process the machine has run, with its counters and step state. */
  processList(): Promise<ProcessInfo[]>;
  /** One live process's address space as VMMap-style regions. */
  addressSpace(pid: number): Promise<AddressSpaceSnapshot>;
  /** One process's handle table. */
  handles(pid: number): Promise<HandleInfo[]>;
  /** The objects in \BaseNamedObjects. */
  namedObjects(): Promise<NamedObjectInfo[]>;
  /** Every physical frame's state and use, compactly. */
  frameMap(): Promise<FrameMap>;
  /** One frame in detail: owner, mappings, share count, backing store. */
  frame(pfn: number): Promise<FrameDetail>;
  /** A virtual address of a live process: its region, PTE, frame and backing store. */
  translate(pid: number, address: number): Promise<AddressTranslation>;

  // ---- step mode
  /** Holds a process before each kernel call (true), or lets it run freely again (false). */
  setStepping(pid: number, stepping: boolean): Promise<StepState>;
  /** Lets a held process make one kernel call; it is held again before the next. */
  step(pid: number): Promise<StepState>;

  // ---- bundled examples (the seeds' experiments)
  examples(): Promise<ExampleInfo[]>;
  example(name: string): Promise<ExampleProgram>;
  /** The running machine's recent samples and events, for a client that connects late (a reopened window). */
  history(): Promise<{ samples: CounterSample[]; events: LabEvent[] }>;
  /** Every name 'mmlab/win32' exports (functions, constants, structures), for editor completions. */
  win32Names(): Promise<string[]>;
  /** Copies the sample images (app.exe and its companion, the DLLs) into the workspace, keeping files already there. */
  installSamples(): Promise<SampleInstall>;

  /** Pushes: counter samples at the sampling rate, and lab events. Returns an unsubscribe function. */
  onSample(listener: (s: CounterSample) => void): () => void;
  onEvent(listener: (e: LabEvent) => void): () => void;
  /** Pushes: step-mode changes (entered, left, held before a call). */
  onStep(listener: (s: StepState) => void): () => void;
  /** Pushes: commands from the host's menus (the desktop app); the browser host sends none. */
  onCommand(listener: (command: LabCommand) => void): () => void;
  /** Pushes: the phases of a reboot in progress (whichever client asked for it). */
  onReboot(listener: (progress: RebootProgress) => void): () => void;
}

/**
 * What the desktop app's menus ask the renderer to do (its keyboard shortcuts included):
 * the renderer owns sessions, exports and views, so the main process only names the command.
 */
export const LAB_COMMANDS = [
  'session.save',
  'session.open',
  'export.csv',
  'export.json',
  'program.run',
  'program.runStepping',
  'program.step',
  'program.continue',
  'program.stop',
  'view.dashboard',
  'view.processes',
  'view.physical',
  'view.objects',
  'view.experiments',
  'theme.toggle',
] as const;
export type LabCommand = (typeof LAB_COMMANDS)[number];

/** Method names a transport may carry, checked at every boundary (preload, WebSocket). */
export const LAB_API_METHODS = [
  'settings',
  'reboot',
  'sample',
  'run',
  'terminate',
  'processes',
  'processList',
  'addressSpace',
  'handles',
  'namedObjects',
  'frameMap',
  'frame',
  'translate',
  'setStepping',
  'step',
  'examples',
  'example',
  'win32Names',
  'history',
  'installSamples',
] as const;
export type LabApiMethod = (typeof LAB_API_METHODS)[number];
export const LAB_API_PUSH_CHANNELS = ['sample', 'event', 'step', 'command', 'reboot'] as const;
