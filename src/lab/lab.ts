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
import { Win32Error } from '../nt/win32-error.js';
import { createImageProcess, findCompanion, isImagePath } from '../ps/loader-process.js';
import type { Process } from '../ps/process.js';
import { ERROR_BAD_EXE_FORMAT, ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, ERROR_SHARING_VIOLATION, errorName } from '../win32/errors.js';
import { sampleCounters } from './counters.js';
import { LabInspector } from './inspector.js';
import { checkKernelInvariants } from './invariants.js';
import { ProgramError, type LabEngine, type LabProcess, type LabStepControl } from './lab-engine.js';
import { stepControl } from './step-control.js';
import { Stepper } from './stepper.js';

/** Why CreateProcess of an image failed, in words. */
function imageFailure(code: number): string {
  switch (code) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
      return 'no such file in the workspace';
    case ERROR_BAD_EXE_FORMAT:
      return 'not an EXE this machine can run (a DLL, a malformed PE file, or an image of the other bitness)';
    case ERROR_SHARING_VIOLATION:
      return 'the file is open for writing';
    default:
      return 'the image cannot be run';
  }
}

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
    let p: Process;
    if (program.image !== undefined) p = this.startImage(program.image, program.commandLine);
    else {
      const compiled = this.host.compile(program.source, program.fileName);
      if (!compiled.ok) throw new ProgramError(compiled.message);
      p = this.kernel.createProcess({ code: compiled.code, fileName: program.fileName }, program.commandLine ?? program.fileName, null, false);
    }
    // Before the dispatch loop runs again, so the very first call is held.
    if (program.startPaused) this.steps.setStepping(p.pid, true);
    const exited = this.kernel.whenExited(p).then((code) => {
      // The lab's own reference: the process object goes once nobody else holds it.
      this.kernel.objects.dereference(p);
      return code;
    });
    return { pid: p.pid, name: p.name, exited, stdout: p.stdout, stderr: p.stderr };
  }

  /**
   * A top-level process from an executable image, made as CreateProcess makes one (ps/
   * loader-process.ts). What would make CreateProcess fail, and a companion program that
   * does not compile, is a ProgramError with the reason.
   */
  private startImage(image: string, commandLine: string | undefined): Process {
    const path = /^[a-z]:/i.test(image.trim()) ? image.trim() : `C:\\${image.trim().replace(/^[\\/]+/, '')}`;
    if (!isImagePath(path)) throw new ProgramError(`${path}: not an executable image (the lab runs .exe, .com and .scr files as images)`);
    const companion = findCompanion(this.kernel, path);
    if (companion && !companion.compiled.ok) throw new ProgramError(`${companion.path} (the companion program of ${path}): ${companion.compiled.message}`);
    try {
      return createImageProcess(this.kernel, path, commandLine ?? (/\s/.test(path) ? `"${path}"` : path), null, false);
    } catch (e) {
      if (e instanceof Win32Error) throw new ProgramError(`${path}: ${imageFailure(e.code)} (${errorName(e.code)}, ${e.code})`);
      throw e;
    }
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
