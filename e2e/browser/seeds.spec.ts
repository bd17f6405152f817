import { openSocket, startProgram } from '../lab-socket.js';
import { expect, test } from '../fixtures.js';

const MiB = 1024 * 1024;
type Series = { name: string; data: unknown[] }[];
type Marker = { value: [number, number]; event: { call: string; pid: number; deltas: Record<string, number> } };

test('the seeds 1 GiB experiment at 24 MiB: avail virtual drops at MapViewOfFile, avail physical while pages are touched', async ({
  labPage,
}, testInfo) => {
  const { page } = labPage;
  await labPage.open();
  await labPage.show('experiments');
  await page.getByTestId('example-S4-increment-every-int').click();
  await expect(page.getByTestId('program-name')).toHaveValue('S4-increment-every-int.ts');
  await expect(page.getByTestId('code-editor')).toContainText('MapViewOfFile');
  await page.getByTestId('program-command-line').fill('S4-increment-every-int.ts 24M');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText(/exited with code 0/, { timeout: 30_000 });
  const pid = Number(await page.getByTestId('run-select').inputValue());

  // The step table has the seeds' lines; MapViewOfFile took 8 MiB of address space and no commit.
  const map = page.locator('[data-testid^="step-row-"][data-call^="MapViewOfFile"]').first();
  await expect(map.getByTestId('step-seeds')).toContainText('avail virtual −25,165,824');
  await labPage.screenshot(testInfo, 'seed-S4-experiment');

  // The chart data shows the same: a marker on the virtual line at MapViewOfFile …
  await labPage.show('dashboard');
  await page.getByTestId('process-select').selectOption(String(pid));
  const series = await labPage.read<Series>('chart:counters-chart');
  const virtualMarks = series.find((s) => s.name === 'Available virtual: calls')!.data as Marker[];
  const mapped = virtualMarks.find((m) => m.event.call.startsWith('MapViewOfFile') && m.event.pid === pid);
  expect(mapped?.event.deltas['availVirtual']).toBe(-24 * MiB);
  expect(mapped?.event.deltas['availPageFile']).toBe(0);
  // … and available physical lower while the pages are touched than at the mapping (the samples,
  // 10 a second, catch the dip: touching 6,144 pages takes several tenths of a second) …
  const phys = series.find((s) => s.name === 'Available physical')!.data as [number, number][];
  const atMap = phys.find(([t]) => t >= mapped!.value[0])![1];
  const lowest = Math.min(...phys.filter(([t]) => t >= mapped!.value[0]).map(([, v]) => v));
  expect(atMap - lowest).toBeGreaterThan(12);
  await labPage.screenshot(testInfo, 'seed-S4-dashboard');
});

test('two processes map one named section: the physical map shows one frame shared by both', async ({ labPage }, testInfo) => {
  const { page } = labPage;
  const writer = await startProgram(
    `import { CreateFileMapping, MapViewOfFile, Sleep, mem, INVALID_HANDLE_VALUE, PAGE_READWRITE, FILE_MAP_WRITE } from 'mmlab/win32';
     const h = CreateFileMapping(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 65536, 'E2E-Shared-Map');
     const p = MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
     mem.setInt32(p, 90);
     console.log(JSON.stringify({ view: p }));
     Sleep(60000);`,
    'writer.ts',
  );
  const lab = await openSocket();
  let readerPid = 0;
  try {
    // Wait until the writer's view exists (its output event), then start the reader.
    await expect
      .poll(async () => (await lab.call<{ pid: number; name: string }[]>('namedObjects', [])).length)
      .toBeGreaterThan(0);
    await expect
      .poll(async () => ((await lab.call<{ pid: number; workingSet: { total: number } }[]>('processList', [])).find((p) => p.pid === writer.pid)?.workingSet.total ?? 0))
      .toBeGreaterThan(0);
    readerPid = (
      await lab.call<{ pid: number }>('run', [
        {
          fileName: 'reader.ts',
          source: `import { OpenFileMapping, MapViewOfFile, Sleep, mem, FILE_MAP_WRITE } from 'mmlab/win32';
            const h = OpenFileMapping(FILE_MAP_WRITE, false, 'E2E-Shared-Map');
            const p = MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
            console.log(JSON.stringify({ view: p, value: mem.getInt32(p) }));
            Sleep(60000);`,
        },
      ])
    ).pid;

    await labPage.open();
    await labPage.show('experiments');
    await page.getByTestId('run-select').selectOption(String(readerPid));
    await expect(page.getByTestId('console')).toContainText('"value":90');
    const readerView = Number(/"view":(\d+)/.exec((await page.getByTestId('console').textContent()) ?? '')![1]);

    await labPage.show('physical');
    await page.getByTestId('translate-pid').selectOption(String(readerPid));
    await page.getByTestId('translate-address').fill(`0x${readerView.toString(16)}`);
    await page.getByTestId('translate-go').click();
    await expect(page.getByTestId('frame-use')).toHaveText('prototype');
    await expect(page.getByTestId('frame-share-count')).toHaveText('2');
    const mappings = page.getByTestId('frame-mappings');
    await expect(mappings).toContainText(`pid ${writer.pid}`);
    await expect(mappings).toContainText(`pid ${readerPid}`);
    type Legend = { key: string; count: number }[];
    const legend = (await labPage.read<{ legend: Legend }>('frame-map')).legend;
    expect(legend.find((l) => l.key === 'active:prototype')?.count).toBeGreaterThanOrEqual(1);
    await labPage.screenshot(testInfo, 'seed-shared-frame');
  } finally {
    if (readerPid) await lab.call('terminate', [readerPid]).catch(() => undefined);
    lab.close();
    await writer.end();
  }
});
