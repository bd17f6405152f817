/**
 * useCountersStore: the counter samples as they arrive from the lab (LabApi.onSample), kept
 * in a bounded ring so a long session does not grow without end, and the process whose
 * address space the dashboard charts.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { CounterSample, ProcessCounters } from '../../../src/api/counters.js';
import type { RebootSettings } from '../../../src/api/lab-api.js';
import { Ring } from './ring.js';

/** Two minutes at the default 10 Hz. */
export const SAMPLE_HISTORY = 1200;

export const useCountersStore = defineStore('counters', () => {
  const latest = shallowRef<CounterSample | null>(null);
  /** performance.now() when `latest` arrived: clocks run on between samples (and when a flood drops some). */
  const latestAt = ref(0);
  const history = markRaw(new Ring<CounterSample>(SAMPLE_HISTORY));
  /** Bumped on every sample so computeds over the (non-reactive) ring re-run. */
  const revision = ref(0);
  const selectedPid = ref<number | null>(null);
  /** False while a saved session is shown instead of the live machine. */
  const live = ref(true);
  /** The settings of the machine a shown session was recorded on. */
  const replaySettings = shallowRef<RebootSettings | null>(null);
  /** The time of the first sample each process appeared in (its start, where its creation event is gone). */
  const firstSeen = markRaw(new Map<number, number>());

  const samples = computed<CounterSample[]>(() => {
    void revision.value;
    return history.toArray();
  });

  const processes = computed<ProcessCounters[]>(() => latest.value?.processes ?? []);

  const selectedProcess = computed<ProcessCounters | null>(
    () => processes.value.find((p) => p.pid === selectedPid.value) ?? null,
  );

  function record(sample: CounterSample): void {
    if (!live.value) return;
    push(sample);
  }

  function push(sample: CounterSample): void {
    latestAt.value = performance.now();
    history.push(sample);
    for (const p of sample.processes) if (!firstSeen.has(p.pid)) firstSeen.set(p.pid, sample.system.t);
    latest.value = sample;
    revision.value++;
    const selected = sample.processes.find((p) => p.pid === selectedPid.value);
    if (!selected || selected.state === 'exited') {
      // Follow the newest running process, as a user watching an experiment expects.
      const newest = sample.processes.filter((p) => p.state !== 'exited').at(-1);
      if (newest) selectedPid.value = newest.pid;
    }
  }

  function selectProcess(pid: number | null): void {
    selectedPid.value = pid;
  }

  function clearHistory(): void {
    history.clear();
    firstSeen.clear();
    latest.value = null;
    revision.value++;
  }

  /** Shows recorded samples (an opened session) in place of the live stream. */
  function replay(recorded: CounterSample[], settings: RebootSettings | null = null): void {
    live.value = false;
    replaySettings.value = settings;
    history.clear();
    firstSeen.clear();
    for (const s of recorded.slice(-SAMPLE_HISTORY)) {
      history.push(s);
      for (const p of s.processes) if (!firstSeen.has(p.pid)) firstSeen.set(p.pid, s.system.t);
    }
    latest.value = recorded.at(-1) ?? null;
    selectedPid.value = latest.value?.processes.at(-1)?.pid ?? null;
    revision.value++;
  }

  function resumeLive(): void {
    live.value = true;
    replaySettings.value = null;
    clearHistory();
  }

  /** Machine time of the first sample that showed the process, if any still recorded did. */
  function firstSeenAt(pid: number): number | null {
    void revision.value;
    return firstSeen.get(pid) ?? null;
  }

  return {
    latest,
    latestAt,
    samples,
    firstSeenAt,
    processes,
    selectedPid,
    selectedProcess,
    live,
    replaySettings,
    record,
    selectProcess,
    clearHistory,
    replay,
    resumeLive,
  };
});
