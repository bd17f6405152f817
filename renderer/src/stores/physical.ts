/**
 * usePhysicalStore: the physical-memory map (one byte per frame, decoded from the lab's
 * compact FrameMap), the frame picked on it with its detail, and address translations
 * (virtual address → PTE → frame → backing store, and back from a frame's mappings).
 */
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import { decodeBase64 } from '../../../src/api/frame-codes.js';
import type { AddressTranslation, FrameDetail } from '../../../src/api/snapshots.js';
import { errorMessage, useLabStore } from './lab.js';

export interface DecodedFrameMap {
  t: number;
  frames: number;
  codes: Uint8Array;
  states: string[];
  uses: string[];
}

export const usePhysicalStore = defineStore('physical', () => {
  const map = shallowRef<DecodedFrameMap | null>(null);
  const selectedPfn = ref<number | null>(null);
  const detail = shallowRef<FrameDetail | null>(null);
  const translation = shallowRef<AddressTranslation | null>(null);
  const error = ref<string | null>(null);
  /** Milliseconds the last refresh took (fetch + decode), shown so slowness is visible. */
  const refreshMs = ref(0);

  async function refresh(): Promise<void> {
    const lab = useLabStore().lab();
    const started = performance.now();
    try {
      const m = await lab.frameMap();
      map.value = markRaw({ t: m.t, frames: m.frames, codes: decodeBase64(m.codes), states: m.states, uses: m.uses });
      if (selectedPfn.value !== null) detail.value = await lab.frame(selectedPfn.value);
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
    refreshMs.value = Math.round(performance.now() - started);
  }

  async function selectFrame(pfn: number): Promise<void> {
    selectedPfn.value = pfn;
    try {
      detail.value = await useLabStore().lab().frame(pfn);
      error.value = null;
    } catch (e) {
      detail.value = null;
      error.value = errorMessage(e);
    }
  }

  /** Follows a virtual address down; selects its frame, if it has one. */
  async function translate(pid: number, address: number): Promise<void> {
    try {
      translation.value = await useLabStore().lab().translate(pid, address);
      error.value = null;
      const frame = translation.value.frame;
      if (frame) {
        selectedPfn.value = frame.pfn;
        detail.value = frame;
      }
    } catch (e) {
      translation.value = null;
      error.value = errorMessage(e);
    }
  }

  return { map, selectedPfn, detail, translation, error, refreshMs, refresh, selectFrame, translate };
});
