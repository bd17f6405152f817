/**
 * Test double of LabEngine for the host tests (lab-service, web-host): records what the host
 * does to it and lets a test push samples. Used only by *.test.ts; the shipped hosts boot the
 * real engine with bootNodeLab (src/node/boot.ts).
 */
import type { CounterSample } from '../../api/counters.js';
import type { LabEvent } from '../../api/events.js';
import type { ProcessSummary, ProgramInput } from '../../api/lab-api.js';
import { resolveSettings, type MachineSettings } from '../../api/settings.js';
import type { LabEngine, LabProcess } from '../../lab/lab-engine.js';
import type { BootLab } from '../lab-service.js';

export class StubLabEngine implements LabEngine {
  readonly settings: MachineSettings;
  shutDown = false;
  readonly terminated: Array<[number, number | undefined]> = [];
  readonly sampleListeners = new Set<(s: CounterSample) => void>();
  readonly eventListeners = new Set<(e: LabEvent) => void>();
  private readonly procs: ProcessSummary[] = [];
  private nextPid = 4;

  constructor(input: Partial<MachineSettings> & { workspace: string }) {
    this.settings = resolveSettings(input);
  }

  async start(program: ProgramInput): Promise<LabProcess> {
    const pid = this.nextPid;
    this.nextPid += 4;
    this.procs.push({ pid, name: program.fileName, state: 'running', exitCode: null });
    return { pid, name: program.fileName, exited: new Promise<number>(() => undefined), stdout: [], stderr: [] };
  }

  terminate(pid: number, exitCode?: number): void {
    this.terminated.push([pid, exitCode]);
  }

  processes(): ProcessSummary[] {
    return this.procs.map((p) => ({ ...p }));
  }

  sample(): CounterSample {
    const pages = this.settings.ramBytes / 4096;
    const limit = pages + this.settings.pagefileBytes / 4096;
    return {
      system: {
        t: 0,
        totalPages: pages,
        lists: {
          zeroed: pages - 100,
          free: 0,
          standby: 0,
          modified: 0,
          active: 100,
          pageTables: 0,
          pool: 100,
          pendingFlush: 0,
        },
        commitCharge: 100,
        commitLimit: limit,
        commitPeak: 100,
        pagefilePages: this.settings.pagefileBytes / 4096,
        pagefileUsed: 0,
        memoryLoad: 0,
        totalPhys: this.settings.ramBytes,
        availPhys: (pages - 100) * 4096,
        totalPageFile: limit * 4096,
        availPageFile: (limit - 100) * 4096,
      },
      processes: [],
    };
  }

  /** Delivers a sample to every subscriber, as the engine's sampler would. */
  emitSample(sample: CounterSample = this.sample()): CounterSample {
    for (const listener of this.sampleListeners) listener(sample);
    return sample;
  }

  /** Delivers an event to every subscriber, as the kernel would. */
  emitEvent(event: LabEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }

  onSample(listener: (s: CounterSample) => void): () => void {
    this.sampleListeners.add(listener);
    return () => this.sampleListeners.delete(listener);
  }

  onEvent(listener: (e: LabEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  checkInvariants(): void {
    // nothing to check in a stub
  }

  async shutdown(): Promise<void> {
    this.shutDown = true;
  }
}

/** A BootLab that makes StubLabEngines (failing for inputs `failIf` picks) and keeps them. */
export function stubBoot(failIf?: (input: Partial<MachineSettings>) => boolean): {
  boot: BootLab;
  engines: StubLabEngine[];
} {
  const engines: StubLabEngine[] = [];
  const boot: BootLab = async (input) => {
    if (failIf?.(input)) throw new Error('boot failed');
    const engine = new StubLabEngine(input);
    engines.push(engine);
    return engine;
  };
  return { boot, engines };
}
