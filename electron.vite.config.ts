/**
 * electron-vite: Electron main (main/index.ts → out/main/index.js), preload
 * (main/preload.ts → out/preload/preload.cjs) and the Vue renderer (renderer/ → out/renderer,
 * the same build the browser host serves).
 */
import { defineConfig } from 'electron-vite';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './vite.renderer.config.js';

const root = fileURLToPath(new URL('.', import.meta.url));

// electron-vite picks its Node and Chrome build targets from node_modules/electron. Electron
// is an optional dependency whose binary download fails on offline machines (npm then removes
// the package); build for the version package.json asks for all the same.
try {
  createRequire(import.meta.url).resolve('electron/package.json');
} catch {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
    optionalDependencies?: Record<string, string>;
  };
  const wanted = /\d+/.exec(pkg.optionalDependencies?.['electron'] ?? '')?.[0];
  if (wanted !== undefined) process.env['ELECTRON_MAJOR_VER'] ??= wanted;
}

export default defineConfig({
  main: {
    build: {
      outDir: `${root}out/main`,
      rolldownOptions: {
        input: { index: `${root}main/index.ts` },
      },
    },
  },
  preload: {
    build: {
      outDir: `${root}out/preload`,
      rolldownOptions: {
        input: { preload: `${root}main/preload.ts` },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
