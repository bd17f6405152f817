/**
 * useProcessProgress: the progress figures (process-progress.ts) of the live machine's
 * processes, from the counters and events stores. Empty while a saved session is shown:
 * its processes are a recording, not work under way.
 */
import { computed, onMounted, onUnmounted, ref } from 'vue';
import { processProgress, type ProcessProgress } from '../process-progress.js';
import { useCountersStore } from '../stores/counters.js';
import { useEventsStore } from '../stores/events.js';

export function useProcessProgress() {
  const counters = useCountersStore();
  const events = useEventsStore();

  function progressOf(pid: number): ProcessProgress | null {
    const p = counters.latest?.processes.find((q) => q.pid === pid);
    if (!p) return null;
    return processProgress(p, counters.samples, { ...events.lifeOf(pid), firstSeen: counters.firstSeenAt(pid) });
  }

  /** Every process of the live machine that has not exited, oldest first. */
  const running = computed<ProcessProgress[]>(() => {
    if (!counters.live) return [];
    return (counters.latest?.processes ?? []).filter((p) => p.state !== 'exited').map((p) => progressOf(p.pid)!);
  });

  return { progressOf, running };
}

/**
 * A clock for run times between samples (a second apart at 1 Hz, or further when a flood of
 * events makes the host drop samples for this window): one timer for every component that
 * shows one, running while any is mounted.
 */
const TICK_MS = 100;
const clock = ref(performance.now());
let clockUsers = 0;
let clockTimer: ReturnType<typeof setInterval> | null = null;

/** The run time now: the machine's at the latest sample, plus the time since it arrived while the process lives. */
export function useElapsedNow(): (p: ProcessProgress) => number | null {
  const counters = useCountersStore();
  onMounted(() => {
    if (clockUsers++ === 0) clockTimer = setInterval(() => (clock.value = performance.now()), TICK_MS);
  });
  onUnmounted(() => {
    if (--clockUsers === 0 && clockTimer) {
      clearInterval(clockTimer);
      clockTimer = null;
    }
  });
  return (p) => {
    if (p.elapsedMs === null || p.state === 'exited' || !counters.live) return p.elapsedMs;
    return p.elapsedMs + Math.max(0, clock.value - counters.latestAt);
  };
}
