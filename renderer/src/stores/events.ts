/**
 * useEventsStore: the lab's events — every service call that moved a counter (with its
 * deltas), process creation and exit, and each process's console output — in bounded rings,
 * for the chart markers, the step tables and the consoles.
 */
import { defineStore } from 'pinia';
import { markRaw, ref } from 'vue';
import type { LabEvent, OutputEvent, ProcessEvent, ServiceEvent } from '../../../src/api/events.js';
import { Ring } from './ring.js';

export const SERVICE_HISTORY = 5000;
/**
 * Under a flood of events (a program calling in a loop: thousands a second) the views
 * re-read the rings at most this often; an event after a quiet spell shows at once.
 */
export const REVISION_MS = 100;
export const PROCESS_HISTORY = 1000;
/** Console lines kept per process. */
export const CONSOLE_LINES = 2000;

export const useEventsStore = defineStore('events', () => {
  const services = markRaw(new Ring<ServiceEvent>(SERVICE_HISTORY));
  const processEvents = markRaw(new Ring<ProcessEvent>(PROCESS_HISTORY));
  const consoles = markRaw(new Map<number, Ring<OutputEvent>>());
  const names = markRaw(new Map<number, string>());
  /** Each process's creation and exit (kept when the process ring has moved past them). */
  const created = markRaw(new Map<number, ProcessEvent>());
  const exited = markRaw(new Map<number, ProcessEvent>());
  /** Bumped after events (at most every REVISION_MS) so computeds over the rings re-run. */
  const revision = ref(0);
  const live = ref(true);
  let lastBump = Number.NEGATIVE_INFINITY;
  let pendingBump: ReturnType<typeof setTimeout> | null = null;

  function bump(): void {
    if (pendingBump !== null) return;
    const wait = lastBump + REVISION_MS - performance.now();
    if (wait <= 0) {
      lastBump = performance.now();
      revision.value++;
      return;
    }
    pendingBump = setTimeout(() => {
      pendingBump = null;
      lastBump = performance.now();
      revision.value++;
    }, wait);
  }

  function record(e: LabEvent): void {
    if (!live.value) return;
    push(e);
  }

  function push(e: LabEvent, later = true): void {
    if (e.kind === 'service') services.push(e);
    else if (e.kind === 'process') {
      processEvents.push(e);
      names.set(e.pid, e.name);
      (e.what === 'created' ? created : exited).set(e.pid, e);
    } else if (e.kind === 'output') {
      let ring = consoles.get(e.pid);
      if (!ring) consoles.set(e.pid, (ring = new Ring<OutputEvent>(CONSOLE_LINES)));
      ring.push(e);
    }
    if (later) bump();
  }

  function serviceEvents(pid?: number): ServiceEvent[] {
    void revision.value;
    const all = services.toArray();
    return pid === undefined ? all : all.filter((e) => e.pid === pid);
  }

  function consoleOf(pid: number): OutputEvent[] {
    void revision.value;
    return consoles.get(pid)?.toArray() ?? [];
  }

  function processLog(): ProcessEvent[] {
    void revision.value;
    return processEvents.toArray();
  }

  function nameOf(pid: number): string | undefined {
    void revision.value;
    return names.get(pid);
  }

  /** When a process was created and, once it has, how it exited (machine time, ms since boot). */
  function lifeOf(pid: number): { created: ProcessEvent | null; exited: ProcessEvent | null } {
    void revision.value;
    return { created: created.get(pid) ?? null, exited: exited.get(pid) ?? null };
  }

  /** Everything recorded, oldest first (for saving a session). */
  function all(): LabEvent[] {
    const out: LabEvent[] = [...services.toArray(), ...processEvents.toArray()];
    for (const ring of consoles.values()) out.push(...ring.toArray());
    return out.sort((a, b) => a.seq - b.seq);
  }

  function clear(): void {
    services.clear();
    processEvents.clear();
    consoles.clear();
    names.clear();
    created.clear();
    exited.clear();
    revision.value++;
  }

  function replay(recorded: LabEvent[]): void {
    live.value = false;
    clear();
    for (const e of recorded) push(e, false);
    revision.value++;
  }

  function resumeLive(): void {
    live.value = true;
    clear();
  }

  return {
    revision,
    live,
    record,
    serviceEvents,
    consoleOf,
    processLog,
    nameOf,
    lifeOf,
    all,
    clear,
    replay,
    resumeLive,
  };
});
