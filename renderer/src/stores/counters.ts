/**
 * useCountersStore: the machine's settings and its counter samples as they arrive from the
 * lab (LabApi.onSample), kept in a bounded ring so a long session does not grow without end.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { CounterSample, ProcessCounters } from '../../../src/api/counters.js';
import type { LabApi } from '../../../src/api/lab-api.js';
import type { MachineSettings } from '../../../src/api/settings.js';
import { labApi, onLabDisconnected } from '../bridge.js';
import { Ring } from './ring.js';

/** Two minutes at the default 10 Hz. */
export const SAMPLE_HISTORY = 1200;

export type ConnectionStatus = 'connecting' | 'live' | 'disconnected';

export const useCountersStore = defineStore('counters', () => {
  const settings = ref<MachineSettings | null>(null);
  const latest = shallowRef<CounterSample | null>(null);
  const history = markRaw(new Ring<CounterSample>(SAMPLE_HISTORY));
  /** Bumped on every sample so computeds over the (non-reactive) ring re-run. */
  const revision = ref(0);
  const selectedPid = ref<number | null>(null);
  const status = ref<ConnectionStatus>('connecting');
  const error = ref<string | null>(null);
  let unsubscribe: (() => void) | null = null;

  const samples = computed<CounterSample[]>(() => {
    void revision.value;
    return history.toArray();
  });

  const processes = computed<ProcessCounters[]>(() => latest.value?.processes ?? []);

  const selectedProcess = computed<ProcessCounters | null>(
    () => processes.value.find((p) => p.pid === selectedPid.value) ?? null,
  );

  function record(sample: CounterSample): void {
    history.push(sample);
    latest.value = sample;
    revision.value++;
    if (selectedPid.value === null) {
      const first = sample.processes.find((p) => p.state !== 'exited');
      if (first) selectedPid.value = first.pid;
    }
  }

  function selectProcess(pid: number | null): void {
    selectedPid.value = pid;
  }

  /** Subscribes to the lab's samples and loads the settings and a first sample. */
  async function connect(api: LabApi = labApi()): Promise<void> {
    disconnect();
    status.value = 'connecting';
    error.value = null;
    const offSample = api.onSample(record);
    const offDisconnect = onLabDisconnected((reason) => {
      status.value = 'disconnected';
      error.value = reason;
    });
    unsubscribe = () => {
      offSample();
      offDisconnect();
    };
    try {
      settings.value = await api.settings();
      record(await api.sample());
      status.value = 'live';
    } catch (e) {
      status.value = 'disconnected';
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  function disconnect(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  function clearHistory(): void {
    history.clear();
    revision.value++;
  }

  return {
    settings,
    latest,
    samples,
    processes,
    selectedPid,
    selectedProcess,
    status,
    error,
    record,
    selectProcess,
    connect,
    disconnect,
    clearHistory,
  };
});
