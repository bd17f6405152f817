/**
 * useActivityStore: the renderer's own long work (opening a session file, exporting the
 * counters) as tasks with progress and a Cancel. A task shows in the activity bar only once
 * it has taken more than a moment (SHOW_AFTER_MS), so quick work does not flash a bar.
 * The lab's long work (a running process, a reboot) comes from the other stores.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { taskControl, type TaskControl } from '../slicing.js';

export const SHOW_AFTER_MS = 250;

export type TaskKind = 'open' | 'export';

export interface Task {
  id: number;
  kind: TaskKind;
  /** What it is, for the bar: "Opening big.mmlab.json". */
  label: string;
  /** What it is doing now: "reading", "parsing" … */
  detail: string;
  /** 0 to 1; null while unknown. */
  progress: number | null;
  /** performance.now() when it began. */
  startedAt: number;
  /** Past SHOW_AFTER_MS: on the bar. */
  shown: boolean;
  cancelling: boolean;
}

export const useActivityStore = defineStore('activity', () => {
  const tasks = ref<Task[]>([]);
  const controllers = new Map<number, AbortController>();
  let nextId = 1;

  /** Runs `work` as a task; it ends (and leaves the bar) when `work` settles, with its result or error. */
  async function run<T>(kind: TaskKind, label: string, work: (ctl: TaskControl) => Promise<T>): Promise<T> {
    const id = nextId++;
    const abort = new AbortController();
    controllers.set(id, abort);
    tasks.value.push({
      id,
      kind,
      label,
      detail: '',
      progress: null,
      startedAt: performance.now(),
      shown: false,
      cancelling: false,
    });
    const task = tasks.value.find((t) => t.id === id)!;
    const timer = setTimeout(() => (task.shown = true), SHOW_AFTER_MS);
    try {
      return await work(
        taskControl(abort.signal, (fraction, detail) => {
          task.progress = fraction;
          if (detail !== undefined) task.detail = detail;
        }),
      );
    } finally {
      clearTimeout(timer);
      controllers.delete(id);
      tasks.value = tasks.value.filter((t) => t.id !== id);
    }
  }

  /** Asks a task to stop; it ends at its next pause with TaskCancelled. */
  function cancel(id: number): void {
    const task = tasks.value.find((t) => t.id === id);
    if (task) task.cancelling = true;
    controllers.get(id)?.abort();
  }

  /** True while a task of this kind runs (one session is opened at a time). */
  function busy(kind: TaskKind): boolean {
    return tasks.value.some((t) => t.kind === kind);
  }

  return { tasks, run, cancel, busy };
});
