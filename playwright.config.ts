/**
 * Playwright: project `browser` drives the browser host (src/node/web-host.ts) in Debian's
 * Chromium; project `electron` drives the real desktop app where an Electron binary exists and
 * is skipped, with the reason printed, where it does not. Run after `npm run build`
 * (`npm run test:e2e` does both).
 */
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_PORT, E2E_TOKEN } from './e2e/constants.js';

const chromium = process.env['MMLAB_CHROMIUM'] ?? '/usr/bin/chromium';
const workspace = join(tmpdir(), `mmlab-e2e-workspace-${E2E_PORT}`);

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['./e2e/skip-reporter.ts'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'browser',
      testDir: './e2e/browser',
      use: {
        browserName: 'chromium',
        baseURL: `http://127.0.0.1:${E2E_PORT}`,
        viewport: { width: 1280, height: 860 },
        launchOptions: {
          // Playwright cannot download its own browsers here; use the distribution's.
          executablePath: existsSync(chromium) ? chromium : undefined,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
    {
      name: 'electron',
      testDir: './e2e/electron',
    },
  ],
  webServer: {
    // A small machine so boot is quick; fixed port and token are for tests only.
    command: `node node_modules/tsx/dist/cli.mjs src/node/web-host.ts --port ${E2E_PORT} --token ${E2E_TOKEN} --workspace ${workspace} --ram 64M --pagefile 128M --no-open`,
    url: `http://127.0.0.1:${E2E_PORT}/?token=${E2E_TOKEN}`,
    reuseExistingServer: !process.env['CI'],
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
