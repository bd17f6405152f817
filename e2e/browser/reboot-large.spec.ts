import { expect, test } from '../fixtures.js';

const MiB = 1024 * 1024;

test('reboot to 4 GiB of RAM: the physical map of 1 M frames draws fast, then reboot back', async ({ labPage }, testInfo) => {
  const { page } = labPage;
  await labPage.open();
  // Settings with reboot: a bad value is refused with the lab's message and nothing changes.
  await page.getByTestId('reboot-ram').fill('8');
  await page.getByTestId('reboot-button').click();
  await expect(page.getByTestId('reboot-error')).toContainText('ramBytes must be an integer from 16777216');
  await expect(page.getByTestId('settings-ram')).toHaveAttribute('data-value', String(64 * MiB));

  await page.getByTestId('reboot-ram').fill('4096');
  await page.getByTestId('reboot-button').click();
  await expect(page.getByTestId('settings-ram')).toHaveAttribute('data-value', String(4096 * MiB), { timeout: 30_000 });
  try {
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
  } finally {
    await labPage.show('dashboard');
    await page.getByTestId('reboot-ram').fill('64');
    await page.getByTestId('reboot-button').click();
    await expect(page.getByTestId('settings-ram')).toHaveAttribute('data-value', String(64 * MiB), { timeout: 30_000 });
  }
});
