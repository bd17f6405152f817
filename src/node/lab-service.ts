/**
 * LabService: the host side of the LabApi contract (src/api/lab-api.ts), shared by the two
 * transports that carry it, Electron IPC (main/index.ts) and the browser host's WebSocket
 * (src/node/web-host.ts).
 *
 * It owns the running LabEngine (a reboot replaces it with a new one), checks every request
 * that arrives from a transport before anything reaches the engine, and fans counter samples
 * and lab events out to the connected clients (sinks). Requests come from a renderer, which is
 * untrusted input: a wrong method name, a wrong argument shape or a rejected setting becomes a
 * RequestError with a one-line message for the caller, and never takes the host down.
 */
import type { CounterSample } from '../api/counters.js';
import type { LabEvent } from '../api/events.js';
import {
  LAB_API_METHODS,
  type LabApiMethod,
  type ProcessSummary,
  type ProgramInput,
  type RebootProgress,
} from '../api/lab-api.js';
import { resolveSettings, type AddressSpaceProfile, type MachineSettings } from '../api/settings.js';
import type { ExampleInfo, ExampleProgram, SampleInstall, StepState } from '../api/snapshots.js';
import type { LabInspector } from '../lab/inspector.js';
import type { LabEngine, LabStepControl } from '../lab/lab-engine.js';

/** What the host boots a machine with: bootNodeLab from src/node/boot.ts in production. */
export type BootLab = (input: Partial<MachineSettings> & { workspace: string }) => Promise<LabEngine>;

/** The settings a client may change with `reboot` (workspace and data folder stay the host's). */
export type RebootSettings = Partial<Pick<MachineSettings, 'ramBytes' | 'pagefileBytes' | 'profile' | 'sampleMs'>>;

/** A bad request: the message is meant for the client as is. */
export class RequestError extends Error {
  override name = 'RequestError';
}

/** A connected client that receives pushes. */
export interface PushSink {
  sample(sample: CounterSample): void;
  event(event: LabEvent): void;
  step?(state: StepState): void;
  /** The phases of a reboot (any client's). */
  reboot?(progress: RebootProgress): void;
}

/** Where the bundled example programs come from (the examples/ folder, in the Node hosts). */
export interface ExampleLibrary {
  list(): Promise<ExampleInfo[]>;
  /** Rejects if there is no example of that name. */
  read(name: string): Promise<ExampleProgram>;
}

export interface LabServiceOptions {
  examples?: ExampleLibrary;
  /** The names 'mmlab/win32' exports (editor completions). */
  win32Names?: readonly string[];
  /** Puts the sample images into a workspace (src/node/sample-images.ts). */
  installSamples?: (workspace: string) => Promise<SampleInstall>;
}

/** Samples and events kept for clients that connect later (two minutes at 10 Hz; a long step table). */
export const HISTORY_SAMPLES = 1200;
export const HISTORY_EVENTS = 5000;

/** Appends to a bounded history, dropping the oldest in chunks (cheaper than one shift per push). */
function remember<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max + max / 4) list.splice(0, list.length - max);
}

/** Largest program source accepted over a transport. */
export const MAX_PROGRAM_SOURCE_CHARS = 4 * 1024 * 1024;
const MAX_NAME_CHARS = 260;
const PROFILES: readonly AddressSpaceProfile[] = ['x86', 'x86-3gb', 'x64'];

export function isLabApiMethod(name: unknown): name is LabApiMethod {
  return typeof name === 'string' && (LAB_API_METHODS as readonly string[]).includes(name);
}

export class LabService {
  /** The engine, or the reboot that will produce it; every request waits on this. */
  private current: Promise<LabEngine>;
  private engineUnsubscribe: (() => void) | null = null;
  private readonly sinks = new Set<PushSink>();
  private closed = false;
  /** Reboots asked for so far (RebootProgress.id). */
  private reboots = 0;

  private constructor(
    private readonly boot: BootLab,
    /** What the host supplied (workspace, data folder, first settings); reboots start from it. */
    private hostInput: Partial<MachineSettings> & { workspace: string },
    engine: LabEngine,
    private readonly options: LabServiceOptions,
  ) {
    this.current = Promise.resolve(engine);
    this.attach(engine);
  }

  /** Boots the first machine. Rejects (e.g. with SettingsError) if it cannot boot. */
  static async start(
    boot: BootLab,
    input: Partial<MachineSettings> & { workspace: string },
    options: LabServiceOptions = {},
  ): Promise<LabService> {
    const engine = await boot(input);
    return new LabService(boot, input, engine, options);
  }

  /** The running engine (after any reboot in progress). */
  engine(): Promise<LabEngine> {
    return this.current;
  }

  /** Adds a client that receives every sample and event until the returned function is called. */
  addSink(sink: PushSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /**
   * Runs one request from a transport. `method` and `args` are untrusted: both are checked
   * here. Resolves with a JSON-serialisable result; rejects with an Error whose message can be
   * shown to the user (RequestError for malformed requests, SettingsError / ProgramError from
   * the engine for requests it refused).
   */
  async call(method: unknown, args: unknown): Promise<unknown> {
    if (this.closed) throw new RequestError('the lab is shutting down');
    if (!isLabApiMethod(method)) {
      throw new RequestError(`unknown method ${describe(method)}; expected one of ${LAB_API_METHODS.join(', ')}`);
    }
    if (!Array.isArray(args)) throw new RequestError(`${method}: arguments must be an array`);
    switch (method) {
      case 'settings':
        arity(method, args, 0, 0);
        return (await this.current).settings;
      case 'sample':
        arity(method, args, 0, 0);
        return (await this.current).sample();
      case 'processes':
        arity(method, args, 0, 0);
        return (await this.current).processes();
      case 'reboot':
        arity(method, args, 1, 1);
        return this.reboot(checkRebootSettings(args[0]));
      case 'run': {
        arity(method, args, 1, 1);
        const program = checkProgram(args[0]);
        const engine = await this.current;
        const proc = await engine.start(program);
        const summary: ProcessSummary = engine.processes().find((p) => p.pid === proc.pid) ?? {
          pid: proc.pid,
          name: proc.name,
          state: 'starting',
          exitCode: null,
        };
        return summary;
      }
      case 'terminate': {
        arity(method, args, 1, 2);
        const pid = checkInteger('terminate: pid', args[0], 0, 0xffff_ffff);
        const exitCode =
          args[1] === undefined ? undefined : checkInteger('terminate: exitCode', args[1], 0, 0xffff_ffff);
        const engine = await this.current;
        if (!engine.processes().some((p) => p.pid === pid)) throw new RequestError(`terminate: no process ${pid}`);
        engine.terminate(pid, exitCode);
        return null;
      }
      case 'processList':
        arity(method, args, 0, 0);
        return (await this.inspector(method)).processList();
      case 'namedObjects':
        arity(method, args, 0, 0);
        return (await this.inspector(method)).namedObjects();
      case 'frameMap':
        arity(method, args, 0, 0);
        return (await this.inspector(method)).frameMap();
      case 'addressSpace':
      case 'handles': {
        arity(method, args, 1, 1);
        const pid = checkInteger(`${method}: pid`, args[0], 0, 0xffff_ffff);
        const inspector = await this.inspector(method);
        return method === 'handles' ? inspector.handles(pid) : inspector.addressSpace(pid);
      }
      case 'frame': {
        arity(method, args, 1, 1);
        const pfn = checkInteger('frame: pfn', args[0], 0, 0xffff_ffff);
        return (await this.inspector(method)).frame(pfn);
      }
      case 'translate': {
        arity(method, args, 2, 2);
        const pid = checkInteger('translate: pid', args[0], 0, 0xffff_ffff);
        const address = checkInteger('translate: address', args[1], 0, Number.MAX_SAFE_INTEGER);
        return (await this.inspector(method)).translate(pid, address);
      }
      case 'setStepping': {
        arity(method, args, 2, 2);
        const pid = checkInteger('setStepping: pid', args[0], 0, 0xffff_ffff);
        if (typeof args[1] !== 'boolean') {
          throw new RequestError(`setStepping: stepping must be true or false, got ${describe(args[1])}`);
        }
        return (await this.stepControl(method)).setStepping(pid, args[1]);
      }
      case 'step': {
        arity(method, args, 1, 1);
        const pid = checkInteger('step: pid', args[0], 0, 0xffff_ffff);
        return (await this.stepControl(method)).step(pid);
      }
      case 'examples':
        arity(method, args, 0, 0);
        return this.options.examples ? this.options.examples.list() : [];
      case 'example': {
        arity(method, args, 1, 1);
        const name = checkString('example: name', args[0], MAX_NAME_CHARS);
        if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) {
          throw new RequestError(`example: ${describe(name)} is not an example name`);
        }
        if (!this.options.examples) throw new RequestError('example: this host has no bundled examples');
        return this.options.examples.read(name);
      }
      case 'history':
        arity(method, args, 0, 0);
        await this.current;
        return { samples: [...this.recentSamples], events: [...this.recentEvents] };
      case 'win32Names':
        arity(method, args, 0, 0);
        return [...(this.options.win32Names ?? [])];
      case 'installSamples': {
        arity(method, args, 0, 0);
        if (!this.options.installSamples) throw new RequestError('installSamples: this host has no sample images');
        return this.options.installSamples((await this.current).settings.workspace);
      }
    }
  }

  private async inspector(method: string): Promise<LabInspector> {
    const engine = await this.current;
    if (!engine.inspector) throw new RequestError(`${method}: this lab has no kernel to inspect`);
    return engine.inspector;
  }

  private async stepControl(method: string): Promise<LabStepControl> {
    const engine = await this.current;
    if (!engine.steps) throw new RequestError(`${method}: this lab has no step mode`);
    return engine.steps;
  }

  /**
   * Shuts the running machine down and boots a new one with the changed settings. The new
   * settings are checked first, so a refused setting leaves the running machine untouched; if
   * the new machine fails to boot, one with the previous settings is brought back and the
   * failure reported.
   */
  reboot(patch: RebootSettings): Promise<MachineSettings> {
    const id = ++this.reboots;
    const attempt = this.current.then((old) => this.replace(old, patch, id));
    // Later requests wait for the reboot, then use whatever machine is running.
    this.current = attempt.then(
      (engine) => engine,
      () => {
        if (this.live) return this.live;
        throw new RequestError('no machine is running: the reboot failed and the previous settings did not boot again');
      },
    );
    this.current.catch(() => undefined); // a failed state is reported to each caller, not as an unhandled rejection
    return attempt.then((engine) => engine.settings);
  }

  /** Ends the machine; later calls are refused. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sinks.clear();
    const engine = await this.current.catch(() => null);
    this.detach();
    await engine?.shutdown();
  }

  private async replace(old: LabEngine, patch: RebootSettings, id: number): Promise<LabEngine> {
    const previous: RebootSettings = pick(old.settings);
    const input = { ...this.hostInput, ...previous, ...patch };
    // Throws SettingsError before anything is torn down (and before anything is pushed).
    const target = pick(resolveSettings(input)) as Required<RebootSettings>;
    const began = Date.now();
    const processes = old.processes().filter((p) => p.state !== 'exited').length;
    const progress = (phase: RebootProgress['phase'], more: Pick<RebootProgress, 'settings' | 'error'> = {}): void =>
      this.fanOut((sink) => sink.reboot?.({ id, phase, target, processes, elapsedMs: Date.now() - began, ...more }));
    progress('stopping');
    this.detach();
    await old.shutdown().catch(() => undefined);
    progress('booting');
    try {
      const engine = await this.boot(input);
      this.hostInput = { ...this.hostInput, ...patch };
      this.attach(engine);
      progress('done', { settings: engine.settings });
      return engine;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      progress('restoring', { error: why });
      let back: LabEngine;
      try {
        back = await this.boot({ ...this.hostInput, ...previous });
      } catch (again) {
        progress('failed', { error: `${why}; the previous settings did not boot again either` });
        throw again;
      }
      this.attach(back);
      progress('failed', { error: why, settings: back.settings });
      throw error;
    }
  }

  /** The engine whose pushes are being forwarded, if any. */
  private live: LabEngine | null = null;
  /** What a client that connects late is given (`history`): the running machine's recent past. */
  private readonly recentSamples: CounterSample[] = [];
  private readonly recentEvents: LabEvent[] = [];

  private attach(engine: LabEngine): void {
    this.live = engine;
    this.recentSamples.length = 0;
    this.recentEvents.length = 0;
    const offSample = engine.onSample((s) => {
      remember(this.recentSamples, s, HISTORY_SAMPLES);
      this.fanOut((sink) => sink.sample(s));
    });
    const offEvent = engine.onEvent((e) => {
      remember(this.recentEvents, e, HISTORY_EVENTS);
      this.fanOut((sink) => sink.event(e));
    });
    const offStep = engine.steps?.onStep((s) => this.fanOut((sink) => sink.step?.(s)));
    this.engineUnsubscribe = () => {
      offSample();
      offEvent();
      offStep?.();
    };
  }

  private detach(): void {
    this.engineUnsubscribe?.();
    this.engineUnsubscribe = null;
    this.live = null;
  }

  private fanOut(send: (sink: PushSink) => void): void {
    for (const sink of this.sinks) {
      try {
        send(sink);
      } catch {
        // A client that cannot take a push (closed socket, destroyed window) is dropped.
        this.sinks.delete(sink);
      }
    }
  }
}

function pick(s: MachineSettings): RebootSettings {
  return { ramBytes: s.ramBytes, pagefileBytes: s.pagefileBytes, profile: s.profile, sampleMs: s.sampleMs };
}

function arity(method: string, args: unknown[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new RequestError(`${method}: expected ${expected} argument(s), got ${args.length}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function checkKeys(what: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new RequestError(`${what}: unknown field ${JSON.stringify(key)}`);
  }
}

function checkInteger(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RequestError(`${what} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

function checkString(what: string, value: unknown, maxChars: number, allowEmpty = false): string {
  if (typeof value !== 'string') throw new RequestError(`${what} must be a string, got ${describe(value)}`);
  if (!allowEmpty && value.length === 0) throw new RequestError(`${what} must not be empty`);
  if (value.length > maxChars) throw new RequestError(`${what} is longer than ${maxChars} characters`);
  return value;
}

/** Checks the shape of reboot's argument; ranges are checked by resolveSettings. */
export function checkRebootSettings(value: unknown): RebootSettings {
  if (!isPlainObject(value)) throw new RequestError(`reboot: settings must be an object, got ${describe(value)}`);
  checkKeys('reboot', value, ['ramBytes', 'pagefileBytes', 'profile', 'sampleMs']);
  const out: RebootSettings = {};
  for (const key of ['ramBytes', 'pagefileBytes', 'sampleMs'] as const) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RequestError(`reboot: ${key} must be a number, got ${describe(v)}`);
    }
    out[key] = v;
  }
  if (value['profile'] !== undefined) {
    const profile = value['profile'];
    if (typeof profile !== 'string' || !(PROFILES as readonly string[]).includes(profile)) {
      throw new RequestError(`reboot: profile must be one of ${PROFILES.join(', ')}, got ${describe(profile)}`);
    }
    out.profile = profile as AddressSpaceProfile;
  }
  return out;
}

/** Checks the shape of run's argument. */
export function checkProgram(value: unknown): ProgramInput {
  if (!isPlainObject(value)) throw new RequestError(`run: program must be an object, got ${describe(value)}`);
  checkKeys('run', value, ['fileName', 'source', 'commandLine', 'startPaused', 'image']);
  const program: ProgramInput = {
    fileName: checkString('run: fileName', value['fileName'], MAX_NAME_CHARS),
    source: checkString('run: source', value['source'], MAX_PROGRAM_SOURCE_CHARS, true),
  };
  if (value['commandLine'] !== undefined) {
    program.commandLine = checkString('run: commandLine', value['commandLine'], 32_767, true);
  }
  if (value['startPaused'] !== undefined) {
    if (typeof value['startPaused'] !== 'boolean') {
      throw new RequestError(`run: startPaused must be true or false, got ${describe(value['startPaused'])}`);
    }
    program.startPaused = value['startPaused'];
  }
  // An EXE in the machine (ps/loader-process.ts); the engine checks that it is one.
  if (value['image'] !== undefined) program.image = checkString('run: image', value['image'], MAX_NAME_CHARS);
  return program;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    default:
      return `a ${typeof value}`;
  }
}
