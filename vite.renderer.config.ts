/**
 * The renderer's Vite config, shared by electron-vite (electron.vite.config.ts, renderer
 * section) and by the browser host, which builds only the renderer (`vite build -c
 * vite.renderer.config.ts`) when out/renderer is missing or stale. Output: out/renderer, with
 * relative asset URLs so the same files load from file:// (Electron) and http:// (browser host).
 */
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export const rendererConfig = {
  root: `${root}renderer`,
  base: './',
  plugins: [vue()],
  build: {
    outDir: `${root}out/renderer`,
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2048,
    rolldownOptions: {
      input: `${root}renderer/index.html`,
    },
  },
} satisfies UserConfig;

export default rendererConfig;
