/**
 * usePolling: calls `refresh` now and every `ms` while the calling component is mounted and
 * the page is visible, never overlapping two calls. Views use it for snapshots the lab does
 * not push (process list, address space, frames, objects).
 */
import { onMounted, onUnmounted } from 'vue';

export function usePolling(refresh: () => Promise<unknown>, ms: number): { now(): Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let stopped = false;

  async function tick(): Promise<void> {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = null;
    if (!running && document.visibilityState !== 'hidden') {
      running = true;
      try {
        await refresh();
      } catch {
        // the store records the error for display; keep polling
      } finally {
        running = false;
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), ms);
  }

  onMounted(() => void tick());
  onUnmounted(() => {
    stopped = true;
    if (timer) clearTimeout(timer);
  });
  return { now: tick };
}
