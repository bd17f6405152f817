#!/usr/bin/env node
/**
 * npm start: the desktop lab when an Electron binary is installed, else the same lab in the
 * browser host (one line says why), with its URL printed. Extra arguments go to the browser
 * host: `npm start -- --ram 64M --no-open`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/** The Electron executable, or the reason there is none. */
function findElectron() {
  try {
    const path = require('electron'); // the electron package exports its binary's path
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { reason: `no executable at ${String(path)}` };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { reason: error?.code === 'MODULE_NOT_FOUND' ? 'the electron package is not installed' : message };
  }
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = findElectron();
if (electron.path) {
  // Builds main, preload and renderer, then starts Electron on the build.
  run(process.execPath, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'preview']);
} else {
  console.log(
    `Electron is not available on this machine (${electron.reason}); serving the lab in your browser instead`,
  );
  run(process.execPath, [require.resolve('tsx/cli'), 'src/node/web-host.ts', ...args]);
}
