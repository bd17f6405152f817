/** useViewStore: which view is shown (kept in the URL hash), so any view can send the user to another. */
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { isViewId, type ViewId } from '../views.js';

export const useViewStore = defineStore('view', () => {
  const initial = window.location.hash.slice(1);
  const current = ref<ViewId>(isViewId(initial) ? initial : 'dashboard');
  watch(current, (v) => history.replaceState(null, '', `${window.location.pathname}${window.location.search}#${v}`));

  function show(view: ViewId): void {
    current.value = view;
  }

  return { current, show };
});
