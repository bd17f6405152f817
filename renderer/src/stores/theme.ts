/**
 * useThemeStore: light, dark, or following the system. The choice is kept in localStorage;
 * the resolved theme is set as data-theme on <html>, which the CSS variables and the charts
 * follow.
 */
import { defineStore } from 'pinia';
import { computed, ref, watchEffect } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'mmlab-theme';

function stored(): ThemeChoice {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export const useThemeStore = defineStore('theme', () => {
  const choice = ref<ThemeChoice>(stored());
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const systemDark = ref(query.matches);
  query.addEventListener('change', (e) => (systemDark.value = e.matches));
  const isDark = computed(() => (choice.value === 'system' ? systemDark.value : choice.value === 'dark'));

  watchEffect(() => {
    document.documentElement.dataset['theme'] = isDark.value ? 'dark' : 'light';
  });

  function choose(next: ThemeChoice): void {
    choice.value = next;
    try {
      if (next === 'system') window.localStorage.removeItem(KEY);
      else window.localStorage.setItem(KEY, next);
    } catch {
      // storage refused (private window): the choice lasts for this page only
    }
  }

  /** system → light → dark → system */
  function cycle(): void {
    choose(choice.value === 'system' ? 'light' : choice.value === 'light' ? 'dark' : 'system');
  }

  return { choice, isDark, choose, cycle };
});
