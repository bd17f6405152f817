/**
 * useLabStore: the connection to the lab (through the bridge) and the machine's settings.
 * Connecting subscribes the domain stores to the lab's pushes: samples to the counters,
 * events to the event log, step changes to the experiments, and a reboot's phases (whichever
 * window asked for it) to `reboot` here: while it runs the views disable what would
 * conflict with it, and when it ends the old machine's history, processes and step states
 * go (a failed reboot brings the previous settings back on a fresh machine, or none).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { LabApi, RebootProgress, RebootSettings } from '../../../src/api/lab-api.js';
import type { MachineSettings } from '../../../src/api/settings.js';
import { labApi, onLabDisconnected } from '../bridge.js';
import { useCountersStore } from './counters.js';
import { useEventsStore } from './events.js';
import { useExperimentsStore } from './experiments.js';

export type ConnectionStatus = 'connecting' | 'live' | 'disconnected';

/** A reboot under way: 'asking' until the host's first push. */
export interface RebootStatus {
  phase: 'asking' | 'stopping' | 'booting' | 'restoring';
  target: RebootSettings;
  /** Processes the shutdown ends (null until the host says). */
  processes: number | null;
  /** performance.now() when it began, for the elapsed time. */
  startedAt: number;
  /** 'restoring': why the new settings did not boot. */
  error: string | null;
}

/** A reboot that failed after the machine was shut down. */
export interface RebootFailure {
  message: string;
  target: RebootSettings;
  /** The machine running again (the previous settings), or null if none could be booted. */
  settings: MachineSettings | null;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const useLabStore = defineStore('lab', () => {
  const settings = ref<MachineSettings | null>(null);
  const status = ref<ConnectionStatus>('connecting');
  const error = ref<string | null>(null);
  const reboot_ = shallowRef<RebootStatus | null>(null);
  const rebootFailure = shallowRef<RebootFailure | null>(null);
  const rebooting = computed(() => reboot_.value !== null);
  /** Reboots whose end has been handled (a push, or this window's own reply where no push came). */
  let rebootsEnded = 0;
  let unsubscribe: (() => void) | null = null;
  let api: LabApi | null = null;

  function lab(): LabApi {
    api ??= labApi();
    return api;
  }

  async function connect(with_: LabApi = labApi()): Promise<void> {
    disconnect();
    api = with_;
    status.value = 'connecting';
    error.value = null;
    const counters = useCountersStore();
    const events = useEventsStore();
    const experiments = useExperimentsStore();
    // Pushes that arrive while the history is being fetched wait, so nothing is shown twice.
    // (After that, pushes go straight in: a reboot restarts times and sequence numbers.)
    let queue: (() => void)[] | null = [];
    let lastSeq = -1;
    let lastT = -1;
    const offs = [
      with_.onSample((s) => (queue ? queue.push(() => s.system.t > lastT && counters.record(s)) : counters.record(s))),
      with_.onEvent((e) => (queue ? queue.push(() => e.seq > lastSeq && events.record(e)) : events.record(e))),
      with_.onStep((s) => experiments.stepChanged(s)),
      with_.onReboot((p) => rebootChanged(p)),
      onLabDisconnected((reason) => {
        status.value = 'disconnected';
        error.value = reason;
      }),
    ];
    unsubscribe = () => offs.forEach((off) => off());
    try {
      settings.value = await with_.settings();
      // The machine's recent past first (this window may have opened after programs ran).
      const past = await with_.history();
      for (const s of past.samples) counters.record(s);
      for (const e of past.events) events.record(e);
      if (past.samples.length === 0) counters.record(await with_.sample());
      lastT = counters.latest?.system.t ?? -1;
      lastSeq = past.events.at(-1)?.seq ?? -1;
      const waiting = queue;
      queue = null;
      waiting.forEach((f) => f());
      status.value = 'live';
      void experiments.loadExamples();
    } catch (e) {
      status.value = 'disconnected';
      error.value = errorMessage(e);
    }
  }

  function disconnect(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  /** Reboots the machine with changed settings; the history of the old machine is cleared. */
  async function reboot(patch: RebootSettings): Promise<void> {
    const s = settings.value;
    const target = s
      ? { ramBytes: s.ramBytes, pagefileBytes: s.pagefileBytes, profile: s.profile, sampleMs: s.sampleMs, ...patch }
      : patch;
    reboot_.value = { phase: 'asking', target, processes: null, startedAt: performance.now(), error: null };
    rebootFailure.value = null;
    error.value = null;
    const ended = rebootsEnded;
    try {
      const next = await lab().reboot(patch);
      if (rebootsEnded === ended) machineReplaced(next);
      useCountersStore().record(await lab().sample());
    } catch (e) {
      error.value = errorMessage(e);
      throw e;
    } finally {
      reboot_.value = null;
    }
  }

  /** A phase of a reboot, pushed by the host (this window's reboot or another's). */
  function rebootChanged(p: RebootProgress): void {
    if (p.phase === 'done' || p.phase === 'failed') {
      reboot_.value = null;
      if (p.phase === 'failed')
        rebootFailure.value = {
          message: p.error ?? 'the reboot failed',
          target: p.target,
          settings: p.settings ?? null,
        };
      if (p.settings) machineReplaced(p.settings);
      return;
    }
    if (p.phase === 'stopping') rebootFailure.value = null;
    reboot_.value = {
      phase: p.phase,
      target: p.target,
      processes: p.processes,
      startedAt: reboot_.value?.startedAt ?? performance.now() - p.elapsedMs,
      error: p.error ?? null,
    };
  }

  /** A new machine runs: what was recorded of the old one goes (unless a saved session is shown). */
  function machineReplaced(next: MachineSettings): void {
    rebootsEnded++;
    settings.value = next;
    const counters = useCountersStore();
    if (counters.live) {
      counters.resumeLive();
      useEventsStore().resumeLive();
    }
    useExperimentsStore().machineRebooted();
  }

  function dismissRebootFailure(): void {
    rebootFailure.value = null;
  }

  return {
    settings,
    status,
    error,
    rebooting,
    rebootStatus: reboot_,
    rebootFailure,
    lab,
    connect,
    disconnect,
    reboot,
    rebootChanged,
    dismissRebootFailure,
  };
});
