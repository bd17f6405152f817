/**
 * The LabEngine's step-mode control (LabStepControl): checks the process a request names,
 * then drives the Stepper. A process entered into step mode is forgotten by the stepper when
 * it exits, so nothing of it lingers in the step state.
 */
import type { Kernel } from '../ke/kernel.js';
import type { Process } from '../ps/process.js';
import { InspectError } from './inspector.js';
import type { LabStepControl } from './lab-engine.js';
import type { Stepper } from './stepper.js';

export function stepControl(kernel: Kernel, stepper: Stepper): LabStepControl {
  const live = (pid: number): Process => {
    const p = kernel.processes.get(pid);
    if (!p) throw new InspectError(`no process ${pid}`);
    if (!p.alive) throw new InspectError(`process ${pid} has exited`);
    return p;
  };
  return {
    setStepping: (pid, on) => {
      const p = live(pid);
      if (on && !stepper.isStepping(pid)) void kernel.whenExited(p).then(() => stepper.forget(pid));
      return stepper.setStepping(pid, on);
    },
    step: (pid) => {
      live(pid);
      if (!stepper.isStepping(pid)) throw new InspectError(`process ${pid} is not in step mode`);
      return stepper.step(pid);
    },
    onStep: (listener) => stepper.onChange(listener),
  };
}
