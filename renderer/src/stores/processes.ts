/**
 * useProcessesStore: the process list and, for the selected process, its address space
 * (VMMap-style regions) and handle table, read as snapshots from the lab.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AddressSpaceSnapshot, HandleInfo, ProcessInfo } from '../../../src/api/snapshots.js';
import { errorMessage, useLabStore } from './lab.js';

export const useProcessesStore = defineStore('processes', () => {
  const list = shallowRef<ProcessInfo[]>([]);
  const selectedPid = ref<number | null>(null);
  const addressSpace = shallowRef<AddressSpaceSnapshot | null>(null);
  const handles = shallowRef<HandleInfo[]>([]);
  const error = ref<string | null>(null);
  /** Region (by base address) picked in the map strip or the table. */
  const selectedRegion = ref<number | null>(null);

  async function refresh(): Promise<void> {
    const lab = useLabStore().lab();
    try {
      list.value = await lab.processList();
      if (selectedPid.value === null || !list.value.some((p) => p.pid === selectedPid.value)) {
        const newest = list.value.filter((p) => p.state !== 'exited').at(-1) ?? list.value.at(-1);
        selectedPid.value = newest?.pid ?? null;
      }
      await refreshSelected();
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  async function refreshSelected(): Promise<void> {
    const lab = useLabStore().lab();
    const pid = selectedPid.value;
    const p = list.value.find((x) => x.pid === pid);
    if (pid === null || !p) {
      addressSpace.value = null;
      handles.value = [];
      return;
    }
    handles.value = await lab.handles(pid);
    // An exited process has no address space any more; keep nothing stale.
    addressSpace.value = p.state === 'exited' ? null : await lab.addressSpace(pid);
  }

  async function select(pid: number): Promise<void> {
    if (selectedPid.value !== pid) {
      selectedPid.value = pid;
      selectedRegion.value = null;
      addressSpace.value = null;
    }
    try {
      await refreshSelected();
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  return { list, selectedPid, addressSpace, handles, error, selectedRegion, refresh, select };
});
