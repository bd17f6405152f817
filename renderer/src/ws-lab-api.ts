/**
 * The LabApi over the browser host's WebSocket (src/node/web-host.ts), for when the renderer
 * runs in a plain browser instead of Electron. Same interface as window.mmlab, so nothing
 * above the bridge can tell the two hosts apart.
 *
 * Wire format: requests {id, method, args}; replies {id, result} or {id, error}; pushes
 * {channel: 'sample' | 'event' | 'step' | 'reboot', data}.
 */
import type { CounterSample } from '../../src/api/counters.js';
import type { LabEvent } from '../../src/api/events.js';
import type { LabApi, LabApiMethod, ProcessSummary, ProgramInput, RebootProgress } from '../../src/api/lab-api.js';
import type { MachineSettings } from '../../src/api/settings.js';
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
} from '../../src/api/snapshots.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type Reply = { id: number; result?: unknown; error?: string };
type Push =
  | { channel: 'sample'; data: CounterSample }
  | { channel: 'event'; data: LabEvent }
  | { channel: 'step'; data: StepState }
  | { channel: 'reboot'; data: RebootProgress };

export class WebSocketLabApi implements LabApi {
  private readonly socket: WebSocket;
  private readonly opened: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private readonly sampleListeners = new Set<(s: CounterSample) => void>();
  private readonly eventListeners = new Set<(e: LabEvent) => void>();
  private readonly stepListeners = new Set<(s: StepState) => void>();
  private readonly rebootListeners = new Set<(p: RebootProgress) => void>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  private nextId = 1;
  private closedReason: string | null = null;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.opened = new Promise<void>((resolve, reject) => {
      this.socket.addEventListener('open', () => resolve(), { once: true });
      this.socket.addEventListener('close', () => reject(new Error(this.closedReason ?? 'closed')), { once: true });
    });
    this.opened.catch(() => undefined);
    this.socket.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
    this.socket.addEventListener('close', (e: CloseEvent) => this.closed(e));
  }

  settings(): Promise<MachineSettings> {
    return this.request('settings', []);
  }
  reboot(settings: Parameters<LabApi['reboot']>[0]): Promise<MachineSettings> {
    return this.request('reboot', [settings]);
  }
  sample(): Promise<CounterSample> {
    return this.request('sample', []);
  }
  run(program: ProgramInput): Promise<ProcessSummary> {
    return this.request('run', [program]);
  }
  async terminate(pid: number, exitCode?: number): Promise<void> {
    await this.request('terminate', exitCode === undefined ? [pid] : [pid, exitCode]);
  }
  processes(): Promise<ProcessSummary[]> {
    return this.request('processes', []);
  }
  processList(): Promise<ProcessInfo[]> {
    return this.request('processList', []);
  }
  addressSpace(pid: number): Promise<AddressSpaceSnapshot> {
    return this.request('addressSpace', [pid]);
  }
  handles(pid: number): Promise<HandleInfo[]> {
    return this.request('handles', [pid]);
  }
  namedObjects(): Promise<NamedObjectInfo[]> {
    return this.request('namedObjects', []);
  }
  frameMap(): Promise<FrameMap> {
    return this.request('frameMap', []);
  }
  frame(pfn: number): Promise<FrameDetail> {
    return this.request('frame', [pfn]);
  }
  translate(pid: number, address: number): Promise<AddressTranslation> {
    return this.request('translate', [pid, address]);
  }
  setStepping(pid: number, stepping: boolean): Promise<StepState> {
    return this.request('setStepping', [pid, stepping]);
  }
  step(pid: number): Promise<StepState> {
    return this.request('step', [pid]);
  }
  examples(): Promise<ExampleInfo[]> {
    return this.request('examples', []);
  }
  example(name: string): Promise<ExampleProgram> {
    return this.request('example', [name]);
  }
  history(): Promise<{ samples: CounterSample[]; events: LabEvent[] }> {
    return this.request('history', []);
  }
  win32Names(): Promise<string[]> {
    return this.request('win32Names', []);
  }
  installSamples(): Promise<SampleInstall> {
    return this.request('installSamples', []);
  }
  /** The browser host has no menus: no commands ever arrive. */
  onCommand(): () => void {
    return () => undefined;
  }
  onStep(listener: (s: StepState) => void): () => void {
    this.stepListeners.add(listener);
    return () => this.stepListeners.delete(listener);
  }
  onReboot(listener: (p: RebootProgress) => void): () => void {
    this.rebootListeners.add(listener);
    return () => this.rebootListeners.delete(listener);
  }
  onSample(listener: (s: CounterSample) => void): () => void {
    this.sampleListeners.add(listener);
    return () => this.sampleListeners.delete(listener);
  }
  onEvent(listener: (e: LabEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Called once if the host goes away (it stopped, or refused the token). */
  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  private async request<T>(method: LabApiMethod, args: unknown[]): Promise<T> {
    await this.opened;
    if (this.closedReason !== null) throw new Error(this.closedReason);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, args }));
    });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    const message = JSON.parse(data) as Reply | Push;
    if ('channel' in message) {
      if (message.channel === 'sample') for (const l of this.sampleListeners) l(message.data);
      else if (message.channel === 'event') for (const l of this.eventListeners) l(message.data);
      else if (message.channel === 'step') for (const l of this.stepListeners) l(message.data);
      else if (message.channel === 'reboot') for (const l of this.rebootListeners) l(message.data);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.error !== undefined) pending.reject(new Error(message.error));
    else pending.resolve(message.result);
  }

  private closed(e: CloseEvent): void {
    this.closedReason = e.reason || 'the lab host closed the connection';
    for (const p of this.pending.values()) p.reject(new Error(this.closedReason));
    this.pending.clear();
    for (const l of this.closeListeners) l(this.closedReason);
  }
}
