import { onScopeDispose, ref, type Ref } from 'vue';

/** Follows prefers-color-scheme. */
export function usePrefersDark(): Ref<boolean> {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const dark = ref(query.matches);
  const update = (e: MediaQueryListEvent): void => {
    dark.value = e.matches;
  };
  query.addEventListener('change', update);
  onScopeDispose(() => query.removeEventListener('change', update));
  return dark;
}
