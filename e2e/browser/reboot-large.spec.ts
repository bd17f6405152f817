import type { Page } from '@playwright/test';
import { startProgram } from '../lab-socket.js';
import { expect, test } from '../fixtures.js';

const MiB = 1024 * 1024;

interface Seen {
  phase: string | null;
  target: string;
  text: string;
  controlsDisabled: boolean;
}

/**
 * Records, at every change of the page, what the reboot's progress line says and whether the
 * reboot form was disabled meanwhile: a reboot may take less time than a screenshot.
 */
async function watchReboot(page: Page): Promise<() => Promise<Seen[]>> {
  await page.evaluate(() => {
    const seen: Seen[] = [];
    (globalThis as unknown as { __rebootSeen: Seen[] }).__rebootSeen = seen;
    const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`);
    new MutationObserver(() => {
      const line = byId('reboot-progress');
      if (!line) return;
      const controls = ['reboot-button', 'reboot-ram', 'reboot-pagefile', 'reboot-profile'].map(
        (id) => (byId(id) as HTMLInputElement).disabled,
      );
      const entry = {
        phase: line.getAttribute('data-phase'),
        target: byId('reboot-target')?.textContent ?? '',
        text: byId('reboot-phase')?.textContent ?? '',
        controlsDisabled: controls.every(Boolean),
      };
      const last = seen.at(-1);
      if (
        !last ||
        last.phase !== entry.phase ||
        last.text !== entry.text ||
        last.controlsDisabled !== entry.controlsDisabled
      ) {
        seen.push(entry);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return () => page.evaluate(() => (globalThis as unknown as { __rebootSeen: Seen[] }).__rebootSeen);
}

test('reboot to 4 GiB of RAM and a 16 GiB pagefile: its progress shows, the controls come back, the physical map of 1 M frames draws fast; a reboot from another client shows too', async ({
  labPage,
}, testInfo) => {
  const { page } = labPage;
  await labPage.open();
  // Settings with reboot: a bad value is refused with the lab's message and nothing changes.
  await page.getByTestId('reboot-ram').fill('8');
  await page.getByTestId('reboot-button').click();
  await expect(page.getByTestId('reboot-error')).toContainText('ramBytes must be an integer from 16777216');
  await expect(page.getByTestId('settings-ram')).toHaveAttribute('data-value', String(64 * MiB));
  await expect(page.getByTestId('reboot-progress')).toHaveCount(0);

  // A process the reboot ends.
  const sleeper = await startProgram("import { Sleep } from 'mmlab/win32';\nSleep(600000);\n", 'sleeper.ts');
  await expect(page.getByTestId(`activity-process-${sleeper.pid}`)).toBeVisible();
  const seen = await watchReboot(page);
  await page.getByTestId('reboot-ram').fill('4096');
  await page.getByTestId('reboot-pagefile').fill('16384');
  await page.getByTestId('reboot-button').click();
  await expect(page.getByTestId('settings-ram')).toHaveAttribute('data-value', String(4096 * MiB), { timeout: 30_000 });
  try {
    // While it ran: shutting down (ending the sleeper), then booting the new machine, the form disabled throughout.
    await expect(page.getByTestId('reboot-progress')).toHaveCount(0);
    const phases = await seen();
    expect(phases.map((s) => s.phase)).toEqual(expect.arrayContaining(['stopping', 'booting']));
    expect(phases.find((s) => s.phase === 'stopping')?.text).toContain('shutting the machine down, ending 1 process…');
    expect(phases.find((s) => s.phase === 'booting')?.text).toBe('booting the new machine…');
    expect(phases.every((s) => s.target === 'to 4 GiB of RAM, a 16 GiB pagefile, x86:')).toBe(true);
    expect(phases.every((s) => s.controlsDisabled)).toBe(true);
    // Afterwards: the controls are back, the new settings shown, the old machine's process gone without an "ended" notice.
    for (const id of ['reboot-button', 'reboot-ram', 'reboot-pagefile', 'reboot-profile'])
      await expect(page.getByTestId(id)).toBeEnabled();
    await expect(page.getByTestId('reboot-button')).toHaveText('Reboot');
    await expect(page.getByTestId('settings-pagefile')).toHaveAttribute('data-value', String(16384 * MiB));
    await expect(page.getByTestId(`activity-process-${sleeper.pid}`)).toHaveCount(0);
    await expect(page.getByTestId(`activity-ended-${sleeper.pid}`)).toHaveCount(0);
    await expect(page.getByTestId('reboot-failure')).toHaveCount(0);

    await labPage.show('physical');
    const map = page.getByTestId('frame-map');
    await expect(map).toHaveAttribute('data-frames', String(1024 * 1024));
    // Drawn from the frame-code bytes: well under a frame budget of a slow machine.
    await expect.poll(async () => Number(await map.getAttribute('data-draw-ms'))).toBeGreaterThan(0);
    const info = await labPage.read<{ drawMs: number; legend: { count: number }[] }>('frame-map');
    expect(info.drawMs).toBeLessThan(250);
    expect(info.legend.reduce((n, l) => n + l.count, 0)).toBe(1024 * 1024);
    await map.click({ position: { x: 5, y: 5 } });
    await expect(page.getByTestId('frame-state')).not.toBeEmpty();
    await labPage.screenshot(testInfo, 'physical-4gib');

    // Back to the small machine, asked by another client (a second tab): this page shows that reboot too, and its settings follow.
    await labPage.show('dashboard');
    const again = await watchReboot(page);
    await sleeper.lab.call('reboot', [{ ramBytes: 64 * MiB, pagefileBytes: 128 * MiB }]);
    await expect(page.getByTestId('settings-ram')).toHaveAttribute('data-value', String(64 * MiB));
    await expect(page.getByTestId('settings-pagefile')).toHaveAttribute('data-value', String(128 * MiB));
    await expect(page.getByTestId('reboot-ram')).toHaveValue('64');
    expect((await again()).map((s) => [s.phase, s.target, s.controlsDisabled])).toEqual(
      expect.arrayContaining([['booting', 'to 64 MiB of RAM, a 128 MiB pagefile, x86:', true]]),
    );
    await expect(page.getByTestId('reboot-button')).toBeEnabled();
  } finally {
    await sleeper.end();
    if ((await page.getByTestId('settings-ram').getAttribute('data-value')) !== String(64 * MiB)) {
      await labPage.show('dashboard');
      await page.getByTestId('reboot-ram').fill('64');
      await page.getByTestId('reboot-pagefile').fill('128');
      await page.getByTestId('reboot-button').click();
      await expect(page.getByTestId('settings-ram')).toHaveAttribute('data-value', String(64 * MiB), {
        timeout: 30_000,
      });
    }
  }
});
