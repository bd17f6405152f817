import { startProgram } from '../lab-socket.js';
import { expect, test } from '../fixtures.js';

const MiB = 1024 * 1024;
type Series = { name: string; data: unknown[] }[];
type Marker = { value: [number, number]; event: { call: string; deltas: Record<string, number> } };

/** The last y value of a line series, in MiB. */
function lastOf(series: Series, name: string): number {
  const s = series.find((x) => x.name === name);
  const last = s?.data.at(-1) as [number, number] | undefined;
  return last ? last[1] : NaN;
}

test('the dashboard charts move with VirtualAlloc and with touching the pages, with markers for the calls', async ({
  labPage,
}, testInfo) => {
  const { page } = labPage;
  await labPage.open();
  await expect.poll(async () => (await labPage.read<Series>('chart:counters-chart'))?.[0]?.data.length ?? 0).toBeGreaterThan(3);
  const before = await labPage.read<Series>('chart:counters-chart');
  const physBefore = lastOf(before, 'Available physical');
  const commitBefore = lastOf(before, 'Available pagefile (commit left)');

  // Commit 16 MiB, wait, then touch every page of it.
  const source = `
    import { VirtualAlloc, Sleep, mem, MEM_COMMIT, MEM_RESERVE, PAGE_READWRITE } from 'mmlab/win32';
    const p = VirtualAlloc(0, 16 * 1024 * 1024, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    Sleep(700);
    for (let i = 0; i < 16 * 1024 * 1024; i += 4096) mem.setInt32(p + i, i);
    Sleep(60000);
  `;
  const run = await startProgram(source, 'dashboard.ts');
  try {
    await expect(page.getByTestId('process-select')).toHaveValue(String(run.pid));
    // Commit left drops by the 16 MiB at VirtualAlloc …
    await expect
      .poll(async () => lastOf(await labPage.read<Series>('chart:counters-chart'), 'Available pagefile (commit left)'))
      .toBeLessThanOrEqual(commitBefore - 16);
    // … available virtual shows the reservation, and available physical falls as pages are touched.
    await expect
      .poll(async () => lastOf(await labPage.read<Series>('chart:counters-chart'), 'Available physical'))
      .toBeLessThanOrEqual(physBefore - 15);
    const series = await labPage.read<Series>('chart:counters-chart');
    const virtualLine = series.find((s) => s.name === 'Available virtual')!;
    expect((virtualLine.data.at(-1) as [number, number])[1]).toBeLessThanOrEqual((0x7ffe0000 - 16 * MiB) / MiB);

    // The VirtualAlloc call is marked on the commit line and on the virtual line, with its deltas.
    const commitMarks = series.find((s) => s.name === 'Available pagefile (commit left): calls')!.data as Marker[];
    const alloc = commitMarks.find((m) => m.event.call === 'VirtualAlloc');
    expect(alloc?.event.deltas['availPageFile']).toBeLessThanOrEqual(-16 * MiB);
    const virtualMarks = series.find((s) => s.name === 'Available virtual: calls')!.data as Marker[];
    expect(virtualMarks.some((m) => m.event.call === 'VirtualAlloc' && m.event.deltas['availVirtual'] === -16 * MiB)).toBe(true);

    // Page lists, fault rates and commit charts have data; demand-zero faults were counted.
    const faults = await labPage.read<Series>('chart:fault-rate-chart');
    const demandZero = faults.find((s) => s.name === 'demand-zero')!.data as [number, number][];
    expect(demandZero.some(([, rate]) => rate > 0)).toBe(true);
    const lists = await labPage.read<Series>('chart:page-lists-chart');
    expect(lists.map((s) => s.name)).toEqual(['zeroed', 'free', 'standby', 'modified', 'active']);
    const commit = await labPage.read<Series>('chart:commit-chart');
    expect(commit.map((s) => s.name)).toEqual(['Commit charge', 'Peak', 'Commit limit']);

    // Hovering a marker explains the call: its arguments, result, last error and deltas.
    const markers = await labPage.read<{ series: string; at: [number, number] | null }[]>('chart-markers:counters-chart');
    const target = markers.filter((m) => m.series === 'Available virtual: calls' && m.at).at(-1)!;
    await page.getByTestId('counters-chart').locator('canvas').first().hover({ position: { x: target.at![0], y: target.at![1] } });
    await expect(page.getByTestId('counters-chart')).toContainText(/VirtualAlloc\(0, 0x1000000, 0x3000, 4\)/);
    await expect(page.getByTestId('counters-chart')).toContainText('avail virtual −16,777,216');
    for (const id of ['counters-chart', 'page-lists-chart', 'fault-rate-chart', 'commit-chart']) {
      await expect(page.getByTestId(id).locator('figcaption .explain')).toHaveAttribute('title', /[a-z ]{30,}/);
    }
    await labPage.screenshot(testInfo, 'dashboard-light');
    await page.getByTestId('theme-toggle').click(); // system → light
    await page.getByTestId('theme-toggle').click(); // light → dark
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await labPage.screenshot(testInfo, 'dashboard-dark');
    await page.getByTestId('theme-toggle').click(); // back to system
  } finally {
    await run.end();
  }
});

test('keyboard: Alt+number switches views and arrow keys move along the tabs', async ({ labPage }) => {
  const { page } = labPage;
  await labPage.open();
  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('view-physical')).toBeVisible();
  await page.getByTestId('tab-physical').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('view-objects')).toBeVisible();
  await expect(page.getByTestId('tab-objects')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('view-dashboard')).toBeVisible();
  await page.keyboard.press('Alt+5');
  await expect(page.getByTestId('view-experiments')).toBeVisible();
});
