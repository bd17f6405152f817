/**
 * Long work in the renderer (opening a large session, exporting counters) runs in slices so
 * the page stays responsive: between slices the browser handles input (a Cancel click) and
 * paints the progress. A TaskControl tells the work when its slice has used its time
 * (`due`), lets the browser run (`pause`, which also ends a cancelled task), and takes its
 * progress.
 */

/** Thrown by TaskControl.pause once the task has been cancelled. */
export class TaskCancelled extends Error {
  override name = 'TaskCancelled';
  constructor() {
    super('cancelled');
  }
}

export interface TaskControl {
  readonly signal: AbortSignal;
  /** True when the current slice has had its time: call `pause()`. Cheap enough to call per item. */
  due(): boolean;
  /** Lets the browser run (input, paint); throws TaskCancelled if the task has been cancelled. */
  pause(): Promise<void>;
  /** How far the work is, 0 to 1, and what it is doing now. */
  progress(fraction: number, detail?: string): void;
}

/** A slice's budget: well inside one frame, so typing and clicks stay immediate. */
export const SLICE_MS = 12;

/** Resolves after the browser has had a turn (a macrotask, without setTimeout's 4 ms clamp). */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export function taskControl(
  signal: AbortSignal,
  onProgress: (fraction: number, detail?: string) => void = () => undefined,
  sliceMs = SLICE_MS,
): TaskControl {
  let sliceStart = performance.now();
  return {
    signal,
    due: () => performance.now() - sliceStart >= sliceMs,
    async pause() {
      if (signal.aborted) throw new TaskCancelled();
      await yieldToBrowser();
      if (signal.aborted) throw new TaskCancelled();
      sliceStart = performance.now();
    },
    progress: (fraction, detail) => onProgress(Math.min(1, Math.max(0, fraction)), detail),
  };
}

/** A control for work that is never cancelled and never reports (the synchronous callers). */
export function unlimited(): TaskControl {
  return taskControl(new AbortController().signal, undefined, Number.POSITIVE_INFINITY);
}
