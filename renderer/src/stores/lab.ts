/**
 * useLabStore: the connection to the lab (through the bridge) and the machine's settings.
 * Connecting subscribes the domain stores to the lab's pushes: samples to the counters,
 * events to the event log, step changes to the experiments.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LabApi, RebootSettings } from '../../../src/api/lab-api.js';
import type { MachineSettings } from '../../../src/api/settings.js';
import { labApi, onLabDisconnected } from '../bridge.js';
import { useCountersStore } from './counters.js';
import { useEventsStore } from './events.js';
import { useExperimentsStore } from './experiments.js';

export type ConnectionStatus = 'connecting' | 'live' | 'disconnected';

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const useLabStore = defineStore('lab', () => {
  const settings = ref<MachineSettings | null>(null);
  const status = ref<ConnectionStatus>('connecting');
  const error = ref<string | null>(null);
  const rebooting = ref(false);
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
    rebooting.value = true;
    error.value = null;
    try {
      settings.value = await lab().reboot(patch);
      useCountersStore().resumeLive();
      useEventsStore().resumeLive();
      useCountersStore().record(await lab().sample());
    } catch (e) {
      error.value = errorMessage(e);
      throw e;
    } finally {
      rebooting.value = false;
    }
  }

  return { settings, status, error, rebooting, lab, connect, disconnect, reboot };
});
