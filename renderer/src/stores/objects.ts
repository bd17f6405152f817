/** useObjectsStore: the named objects (\BaseNamedObjects and the session's), read as snapshots. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { NamedObjectInfo } from '../../../src/api/snapshots.js';
import { errorMessage, useLabStore } from './lab.js';

export const useObjectsStore = defineStore('objects', () => {
  const list = shallowRef<NamedObjectInfo[]>([]);
  const error = ref<string | null>(null);

  async function refresh(): Promise<void> {
    try {
      list.value = await useLabStore().lab().namedObjects();
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  return { list, error, refresh };
});
