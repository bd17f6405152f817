/**
 * The bridge's twin for store and component tests (GUIDE: one bridge with a fake twin): an
 * in-memory LabApi whose pushes the test drives. The e2e suite runs the real lab; this only
 * lets the stores' own logic be tested without a host.
 */
import type { CounterSample, ProcessCounters } from '../../../src/api/counters.js';
import type { LabEvent, ServiceEvent } from '../../../src/api/events.js';
import type { LabApi, ProgramInput, ProcessSummary, RebootProgress } from '../../../src/api/lab-api.js';
import { resolveSettings, type MachineSettings } from '../../../src/api/settings.js';
import type { StepState } from '../../../src/api/snapshots.js';

export function sample(t: number, availPhys = 100 * 4096, processes: CounterSample['processes'] = []): CounterSample {
  return {
    system: {
      t,
      totalPages: 4096,
      lists: { zeroed: 100, free: 0, standby: 0, modified: 0, active: 3996, pageTables: 0, pool: 1, pendingFlush: 0 },
      commitCharge: 10,
      commitLimit: 8192,
      commitPeak: 10,
      pagefilePages: 4096,
      pagefileUsed: 0,
      memoryLoad: 97,
      totalPhys: 4096 * 4096,
      availPhys,
      totalPageFile: 8192 * 4096,
      availPageFile: 8182 * 4096,
    },
    processes,
  };
}

/** One process's counters, running, with `over` changed. */
export function processCounters(pid: number, over: Partial<ProcessCounters> = {}): ProcessCounters {
  return {
    pid,
    name: `p${pid}.ts`,
    state: 'running',
    exitCode: null,
    workingSet: { total: 1, private: 1, shareable: 0, shared: 0 },
    peakWorkingSet: 1,
    privateBytes: 4096,
    faults: { demandZero: 0, transition: 0, copyOnWrite: 0, pagefileRead: 0, fileRead: 0, accessViolation: 0 },
    totalVirtual: 0x7ffe0000,
    availVirtual: 0x7ffd0000,
    handleCount: 0,
    ...over,
  };
}

export function serviceEvent(seq: number, t: number, call: string, deltas: Partial<ServiceEvent['deltas']> = {}, pid = 100): ServiceEvent {
  return {
    kind: 'service',
    seq,
    t,
    pid,
    call,
    args: [],
    result: 1,
    lastError: 0,
    deltas: { availPhys: 0, availPageFile: 0, availVirtual: 0, commitCharge: 0, workingSet: 0, ...deltas },
  };
}

export class FakeLabApi implements LabApi {
  settingsValue: MachineSettings = resolveSettings({ workspace: '/w', ramBytes: 16 * 1024 * 1024 });
  past: { samples: CounterSample[]; events: LabEvent[] } = { samples: [], events: [] };
  readonly ran: ProgramInput[] = [];
  readonly calls: string[] = [];
  private reboots = 0;
  /** Runs while history() is pending, before it resolves (to push "during connect"). */
  duringHistory: () => void = () => {};
  private readonly sampleListeners = new Set<(s: CounterSample) => void>();
  private readonly eventListeners = new Set<(e: LabEvent) => void>();
  private readonly stepListeners = new Set<(s: StepState) => void>();
  private readonly rebootListeners = new Set<(p: RebootProgress) => void>();

  pushSample(s: CounterSample): void {
    this.sampleListeners.forEach((l) => l(s));
  }
  pushEvent(e: LabEvent): void {
    this.eventListeners.forEach((l) => l(e));
  }
  pushStep(s: StepState): void {
    this.stepListeners.forEach((l) => l(s));
  }
  pushReboot(p: RebootProgress): void {
    this.rebootListeners.forEach((l) => l(p));
  }

  async settings() {
    return this.settingsValue;
  }
  /** As the host does: a refused setting throws at once; otherwise the phases are pushed to every listener. */
  async reboot(patch: Partial<MachineSettings>) {
    const next = resolveSettings({ ...this.settingsValue, ...patch });
    const target = {
      ramBytes: next.ramBytes,
      pagefileBytes: next.pagefileBytes,
      profile: next.profile,
      sampleMs: next.sampleMs,
    };
    const id = ++this.reboots;
    const push = (phase: RebootProgress['phase'], settings?: MachineSettings) =>
      this.pushReboot({ id, phase, target, processes: 0, elapsedMs: 0, ...(settings ? { settings } : {}) });
    await Promise.resolve();
    push('stopping');
    await Promise.resolve();
    push('booting');
    await Promise.resolve();
    this.settingsValue = next;
    push('done', next);
    return this.settingsValue;
  }
  async sample() {
    return sample(0);
  }
  async run(program: ProgramInput): Promise<ProcessSummary> {
    this.ran.push(program);
    return { pid: 100 + 4 * (this.ran.length - 1), name: program.fileName, state: 'running', exitCode: null };
  }
  async terminate(pid: number) {
    this.calls.push(`terminate ${pid}`);
  }
  async processes() {
    return [];
  }
  async processList() {
    return [];
  }
  async addressSpace(): Promise<never> {
    throw new Error('no process');
  }
  async handles() {
    return [];
  }
  async namedObjects() {
    return [];
  }
  async frameMap() {
    return { t: 0, frames: 4, codes: 'AAAAAA==', states: ['zeroed'], uses: ['none'] };
  }
  async frame(): Promise<never> {
    throw new Error('no frame');
  }
  async translate(): Promise<never> {
    throw new Error('no process');
  }
  async setStepping(pid: number, stepping: boolean) {
    this.calls.push(`setStepping ${pid} ${stepping}`);
    return { pid, stepping, paused: null };
  }
  async step(pid: number) {
    this.calls.push(`step ${pid}`);
    return { pid, stepping: true, paused: { call: 'VirtualAlloc', args: [] } };
  }
  async examples() {
    return [{ name: 'S1-createfile', fileName: 'S1-createfile.ts', description: 'CreateFile' }];
  }
  async example(name: string) {
    return { name, fileName: `${name}.ts`, description: '', source: `// ${name}` };
  }
  async history() {
    this.duringHistory();
    return this.past;
  }
  async win32Names() {
    return ['VirtualAlloc'];
  }
  async installSamples() {
    this.calls.push('installSamples');
    return { copied: ['C:\\app.exe', 'C:\\app.exe.ts'], kept: ['C:\\liba.dll'] };
  }
  onSample(l: (s: CounterSample) => void) {
    this.sampleListeners.add(l);
    return () => this.sampleListeners.delete(l);
  }
  onEvent(l: (e: LabEvent) => void) {
    this.eventListeners.add(l);
    return () => this.eventListeners.delete(l);
  }
  onCommand() {
    return () => undefined;
  }
  onStep(l: (s: StepState) => void) {
    this.stepListeners.add(l);
    return () => this.stepListeners.delete(l);
  }
  onReboot(l: (p: RebootProgress) => void) {
    this.rebootListeners.add(l);
    return () => this.rebootListeners.delete(l);
  }
}
