/**
 * useProcessProgress: the progress figures (process-progress.ts) of the live machine's
 * processes, from the counters and events stores. Empty while a saved session is shown:
 * its processes are a recording, not work under way.
 */
import { computed } from 'vue';
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
