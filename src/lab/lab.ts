/**
 * Lab: the LabEngine every host boots — one Kernel, the programs started from outside
 * the machine, the counter sampler and the event stream.
 */
import type { CounterSample } from '../api/counters.js';
import type { LabEvent } from '../api/events.js';
import type { ProcessSummary, ProgramInput } from '../api/lab-api.js';
import type { MachineSettings } from '../api/settings.js';
import type { HostServices, TimerHandle } from '../host/host.js';
import { Kernel } from '../ke/kernel.js';
import { sampleCounters } from './counters.js';
import { LabInspector } from './inspector.js';
import { checkKernelInvariants } from './invariants.js';
import { ProgramError, type LabEngine, type LabProcess, type LabStepControl } from './lab-engine.js';
import { stepControl } from './step-control.js';
import { Stepper } from './stepper.js';

export class Lab implements LabEngine {
  readonly kernel: Kernel;
  private readonly sampleListeners = new Set<(s: CounterSample) => void>();
  private sampler: TimerHandle | null = null;
  private closed = false;

  readonly inspector: LabInspector;
  readonly steps: LabStepControl;

  /**
   * `afterShutdown` runs once the kernel has stopped and closed the pagefile: the host
   * removes what it made for this machine alone (bootNodeLab: a temporary data folder).
   */
  constructor(
    readonly settings: MachineSettings,
    private readonly host: HostServices,
    private readonly afterShutdown: () => void = () => {},
  ) {
    this.kernel = new Kernel(settings, host);
    const stepper = new Stepper(() => this.kernel.ring());
    this.kernel.syscallGate = (p, fn, args) => stepper.shouldHold(p.pid, fn, args);
    this.inspector = new LabInspector(this.kernel, stepper);
    this.steps = stepControl(this.kernel, stepper);
  }

  async start(program: ProgramInput): Promise<LabProcess> {
    if (this.closed) throw new Error('the machine has been shut down');
    const compiled = this.host.compile(program.source, program.fileName);
    if (!compiled.ok) throw new ProgramError(compiled.message);
    const p = this.kernel.createProcess({ code: compiled.code, fileName: program.fileName }, program.commandLine ?? program.fileName, null, false);
    // Before the dispatch loop runs again, so the very first call is held.
    if (program.startPaused) this.steps.setStepping(p.pid, true);
    const exited = this.kernel.whenExited(p).then((code) => {
      // The lab's own reference: the process object goes once nobody else holds it.
      this.kernel.objects.dereference(p);
      return code;
    });
    return { pid: p.pid, name: p.name, exited, stdout: p.stdout, stderr: p.stderr };
  }

  terminate(pid: number, exitCode = 1): void {
    const p = this.kernel.processes.get(pid);
    if (p) this.kernel.terminate(p, exitCode, 'terminated from the lab');
  }

  processes(): ProcessSummary[] {
    return [...this.kernel.processes.values()].map((p) => ({ pid: p.pid, name: p.name, state: p.state, exitCode: p.exitCode }));
  }

  sample(): CounterSample {
    return sampleCounters(this.kernel);
  }

  onSample(listener: (s: CounterSample) => void): () => void {
    this.sampleListeners.add(listener);
    if (!this.sampler) this.tick();
    return () => {
      this.sampleListeners.delete(listener);
      if (this.sampleListeners.size === 0) {
        this.sampler?.cancel();
        this.sampler = null;
      }
    };
  }

  private tick(): void {
    this.sampler = this.host.setTimer(this.settings.sampleMs, () => {
      if (this.closed || this.sampleListeners.size === 0) return;
      const s = this.sample();
      for (const l of this.sampleListeners) l(s);
      this.tick();
    });
  }

  onEvent(listener: (e: LabEvent) => void): () => void {
    return this.kernel.onEvent(listener);
  }

  checkInvariants(): void {
    checkKernelInvariants(this.kernel);
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sampler?.cancel();
    try {
      await this.kernel.shutdown();
    } finally {
      this.afterShutdown();
    }
  }
}
