/**
 * Long work shows its progress and can be ended: a running experiment (elapsed time, working
 * set and faults moving, on the activity bar and in the Experiments view) stopped with
 * Shift+F5 from another view; opening a large session file (progress, then Cancel leaves the
 * live view as it was).
 */
import { writeFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { openSocket } from '../lab-socket.js';
import { expect, test } from '../fixtures.js';

const MiB = 1024 * 1024;

/** Commits 8 MiB, touches every page, holds it a moment, decommits; again and again until stopped. */
const LONG_RUNNING = `import { VirtualAlloc, VirtualFree, Sleep, mem, MEM_RESERVE, MEM_COMMIT, MEM_DECOMMIT, PAGE_READWRITE } from 'mmlab/win32';
const size = 8 * 1024 * 1024;
const base = VirtualAlloc(0, size, MEM_RESERVE, PAGE_READWRITE);
for (let pass = 1; ; pass++) {
  VirtualAlloc(base, size, MEM_COMMIT, PAGE_READWRITE);
  const bytes = mem.uint8(base);
  for (let i = 0; i < size; i += 4096) bytes.set(i, pass & 0xff);
  console.log(\`pass \${pass}: touched 2,048 pages\`);
  Sleep(300);
  VirtualFree(base, size, MEM_DECOMMIT);
}
`;

const figure = async (row: Locator, name: string): Promise<number> =>
  Number(await row.getByTestId(`figure-${name}`).getAttribute('data-value'));

test('a running experiment shows its progress, and Shift+F5 stops it from any view', async ({ labPage }, testInfo) => {
  const { page } = labPage;
  const lab = await openSocket();
  try {
    await labPage.open();
    await labPage.show('experiments');
    await labPage.program(LONG_RUNNING);
    await page.getByTestId('program-name').fill('long-running.ts');
    await page.getByTestId('run').click();
    await expect(page.getByTestId('console')).toContainText('pass 1: touched');
    const pid = Number(await page.getByTestId('run-select').inputValue());
    expect(pid).toBeGreaterThan(0);

    // On the activity bar: running, its clock and its figures moving.
    const row = page.getByTestId(`activity-process-${pid}`);
    await expect(row).toContainText('long-running.ts');
    await expect(row).toHaveAttribute('data-state', /running|waiting/);
    const elapsed = await figure(row, 'elapsed');
    await expect.poll(() => figure(row, 'elapsed')).toBeGreaterThan(elapsed + 500);
    await expect.poll(() => figure(row, 'faults')).toBeGreaterThan(2 * 2048); // two passes of demand-zero faults
    await expect.poll(() => figure(row, 'working-set')).toBeGreaterThanOrEqual(4 * MiB);
    await expect(row.getByTestId('figure-fault-rate')).toContainText('/s');
    await expect(page.getByTestId(`activity-stop-${pid}`)).toBeEnabled();

    // In the Experiments view: the same, with Stop and its shortcut at hand.
    const status = page.getByTestId('run-status');
    await expect(status).toHaveAttribute('data-state', /running|waiting/);
    await expect.poll(() => figure(status, 'faults')).toBeGreaterThan(2048);
    await expect(page.getByTestId('stop')).toContainText('Shift+F5');
    await labPage.screenshot(testInfo, 'progress-running');
    await labPage.theme('dark');
    await labPage.screenshot(testInfo, 'progress-running-dark');
    await labPage.theme('light');

    // Stop from the keyboard while another view is shown: the process exits, and the lab says so.
    await labPage.show('dashboard');
    await expect(row).toBeVisible();
    await page.keyboard.press('Shift+F5');
    await expect(row).toHaveCount(0);
    const ended = page.getByTestId(`activity-ended-${pid}`);
    await expect(ended).toContainText(/exited with code 1 after [\d.]+ s — terminated from the lab/);
    expect(
      (await lab.call<{ pid: number; state: string }[]>('processList', [])).find((p) => p.pid === pid)?.state,
    ).toBe('exited');
    await labPage.screenshot(testInfo, 'progress-stopped');
    await labPage.show('experiments');
    await expect(status).toHaveAttribute('data-state', 'exited');
    await expect(page.getByTestId('run-exit')).toContainText(/Exited with code 1 after [\d.]+ s/);
    await expect(page.getByTestId('run-exit-reason')).toContainText('terminated from the lab');
    await expect(page.getByTestId('console')).toContainText(
      `[process ${pid} exited with code 1: terminated from the lab]`,
    );
    await expect(page.getByTestId('stop')).toHaveCount(0);
    // The page was not reloaded by the browser's Shift+F5.
    await expect(page.getByTestId('program-name')).toHaveValue('long-running.ts');
  } finally {
    lab.close();
  }
});

/** Allocates and frees 64 KiB as fast as it can: thousands of counter-moving calls a second, until stopped. */
const CALLING_IN_A_LOOP = `import { VirtualAlloc, VirtualFree, MEM_RESERVE, MEM_COMMIT, MEM_RELEASE, PAGE_READWRITE } from 'mmlab/win32';
for (let i = 0; ; i++) {
  const p = VirtualAlloc(0, 65536, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
  VirtualFree(p, 0, MEM_RELEASE);
  if (i % 5000 === 0) console.log(\`\${i} calls\`);
}
`;

test('a program calling in a loop does not hold the page: its step table keeps the newest rows and Stop ends it', async ({
  labPage,
}, testInfo) => {
  const { page } = labPage;
  await labPage.open();
  await labPage.show('experiments');
  await labPage.program(CALLING_IN_A_LOOP);
  await page.getByTestId('program-name').fill('loop.ts');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('10000 calls', { timeout: 30_000 });
  await expect(page.getByTestId('step-table-hidden')).toContainText('earlier calls not shown');
  await expect(page.getByTestId('step-table').locator('tbody tr')).toHaveCount(200);
  await page.getByTestId('stop').click({ timeout: 15_000 }); // frozen for minutes before the page drew less under a flood
  await labPage.screenshot(testInfo, 'progress-loop-stopped');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'exited', { timeout: 10_000 });
  await expect(page.getByTestId('run-exit-reason')).toContainText('terminated from the lab');
  // The dashboard draws the newest calls' markers, not all of them.
  await labPage.show('dashboard');
  const markers = await labPage.read<{ name: string; data: unknown[] }[]>('chart:counters-chart');
  expect(markers.find((s) => s.name === 'Available virtual: calls')!.data.length).toBeLessThanOrEqual(200);
});

/** A session file of `count` samples (about 0.6 KB each), written as the lab writes one. */
function bigSession(path: string, count: number): void {
  const sample = (t: number) => ({
    system: {
      t,
      totalPages: 16384,
      lists: {
        zeroed: 1000,
        free: 0,
        standby: 10,
        modified: 2,
        active: 15372,
        pageTables: 3,
        pool: 9,
        pendingFlush: 0,
      },
      commitCharge: 900 + (t % 97),
      commitLimit: 49152,
      commitPeak: 1000,
      pagefilePages: 32768,
      pagefileUsed: 0,
      memoryLoad: 93,
      totalPhys: 64 * MiB,
      availPhys: 4096 * (1000 + (t % 50)),
      totalPageFile: 192 * MiB,
      availPageFile: 180 * MiB,
    },
    processes: [
      {
        pid: 4,
        name: 'big.ts',
        state: 'running',
        exitCode: null,
        workingSet: { total: 100, private: 90, shareable: 10, shared: 0 },
        peakWorkingSet: 100,
        privateBytes: 409600,
        faults: { demandZero: t, transition: 0, copyOnWrite: 0, pagefileRead: 0, fileRead: 0, accessViolation: 0 },
        totalVirtual: 2147352576,
        availVirtual: 2000000000,
        handleCount: 3,
      },
    ],
  });
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(JSON.stringify(sample(i * 100)));
  const session = {
    format: 'mmlab-session',
    version: 1,
    savedAt: '2026-01-02T03:04:05.000Z',
    settings: { ramBytes: 64 * MiB, pagefileBytes: 128 * MiB, profile: 'x86', sampleMs: 100 },
    programs: [{ fileName: 'big.ts', source: '// a long recording' }],
    events: [],
  };
  writeFileSync(path, `${JSON.stringify(session).slice(0, -1)},"samples":[${parts.join(',')}]}`);
}

test('opening a large session shows its progress and can be cancelled, leaving the live view', async ({
  labPage,
}, testInfo) => {
  const { page } = labPage;
  const path = testInfo.outputPath('big.mmlab.json');
  bigSession(path, 120_000); // about 87 MB
  await labPage.open();
  const chartLength = async () =>
    (await labPage.read<{ data: unknown[] }[]>('chart:counters-chart'))[0]?.data.length ?? 0;
  await expect.poll(chartLength).toBeGreaterThan(2);

  // A slow machine (Chromium's CPU throttling; here the file would open in well under a second),
  // in a view without live charts, which would take the slow machine's every moment.
  await labPage.show('objects');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
  try {
    await page.getByTestId('session-file').setInputFiles(path);
    const task = page.getByTestId('task-open');
    await expect(task).toContainText('Opening big.mmlab.json');
    await expect(page.getByTestId('session-open')).toBeDisabled();
    await expect
      .poll(async () => Number(await page.getByTestId('task-progress-open').getAttribute('data-value')))
      .toBeGreaterThan(0.1);
    await labPage.screenshot(testInfo, 'progress-opening');
    await page.getByTestId('task-cancel-open').click();
    await expect(task).toHaveCount(0);
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  }
  await labPage.show('dashboard');
  await expect(page.getByTestId('session-message')).toHaveText(
    'Opening big.mmlab.json cancelled: the view is as it was',
  );
  await expect(page.getByTestId('session-live')).toHaveCount(0);
  await expect(page.getByTestId('replay-note')).toHaveCount(0);
  await expect(page.getByTestId('session-open')).toBeEnabled();
  // Still the live machine: its chart keeps growing.
  const now = await chartLength();
  await expect.poll(chartLength).toBeGreaterThan(now);
});
