import { _electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The Electron binary, if this machine has one (the package exports its path). */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const executablePath = electronBinary();
const electronAvailable = executablePath !== null;

test.skip(!electronAvailable, 'Electron binary not installed on this machine: skipping Electron e2e');

// eslint-disable-next-line no-empty-pattern -- Playwright needs the fixtures argument destructured
test('the desktop app opens the lab with live counters', async ({}, testInfo) => {
  const app = await _electron.launch({
    executablePath: executablePath ?? undefined,
    args: [root, ...(process.env['CI'] ? ['--no-sandbox'] : [])],
    env: { ...process.env, MMLAB_WORKSPACE: mkdtempSync(join(tmpdir(), 'mmlab-electron-e2e-')) },
  });
  try {
    const window = await app.firstWindow();
    const errors: string[] = [];
    window.on('pageerror', (e) => errors.push(e.message));
    window.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await expect(window.getByTestId('connection-status')).toHaveText(/live · electron/);
    const avail = Number(await window.getByTestId('phys-avail').getAttribute('data-value'));
    const total = Number(await window.getByTestId('phys-total').getAttribute('data-value'));
    expect(avail).toBeGreaterThan(0);
    expect(avail).toBeLessThanOrEqual(total);
    // The renderer is sandboxed: no Node in the page.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const shot = testInfo.outputPath('electron-dashboard.png');
    await window.screenshot({ path: shot });
    await testInfo.attach('electron-dashboard', { path: shot, contentType: 'image/png' });
    expect(errors).toEqual([]);
  } finally {
    await app.close();
  }
});
