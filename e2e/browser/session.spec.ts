import { readFileSync } from 'node:fs';
import { startProgram } from '../lab-socket.js';
import { expect, test } from '../fixtures.js';

test('a session is saved, reopened and shown; counters export as CSV and a chart as PNG', async ({ labPage }, testInfo) => {
  const { page } = labPage;
  const run = await startProgram(
    `import { VirtualAlloc, Sleep, MEM_COMMIT, MEM_RESERVE, PAGE_READWRITE } from 'mmlab/win32';
     VirtualAlloc(0, 8 * 1024 * 1024, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
     console.log('committed');
     Sleep(60000);`,
    'session.ts',
  );
  try {
    await labPage.open();
    await expect.poll(async () => (await labPage.read<{ data: unknown[] }[]>('chart:counters-chart'))[0]?.data.length ?? 0).toBeGreaterThan(5);
    await labPage.show('experiments');
    await page.getByTestId('program-name').fill('saved-program.ts');

    // Save: a JSON session file with settings, the program, samples and events.
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('session-save').click()]);
    expect(saved.suggestedFilename()).toMatch(/^mmlab-session-.*\.mmlab\.json$/);
    const path = testInfo.outputPath('session.mmlab.json');
    await saved.saveAs(path);
    const session = JSON.parse(readFileSync(path, 'utf8')) as {
      format: string;
      settings: { ramBytes: number };
      programs: { fileName: string }[];
      samples: unknown[];
      events: { kind: string; call?: string; pid: number }[];
    };
    expect(session.format).toBe('mmlab-session');
    expect(session.settings.ramBytes).toBe(64 * 1024 * 1024);
    expect(session.programs[0]?.fileName).toBe('saved-program.ts');
    expect(session.samples.length).toBeGreaterThan(5);
    expect(session.events.some((e) => e.kind === 'service' && e.call === 'VirtualAlloc' && e.pid === run.pid)).toBe(true);

    // Export the counters as CSV: the CLI's columns.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csvPath = testInfo.outputPath('counters.csv');
    await csv.saveAs(csvPath);
    const lines = readFileSync(csvPath, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^t,totalPages,lists\.zeroed,lists\.free,.*availPhys.*,pid\d+\.availVirtual,pid\d+\.workingSet/);
    expect(lines.length).toBeGreaterThan(5);

    // A chart as PNG.
    await labPage.show('dashboard');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('counters-chart-png').click()]);
    const pngPath = testInfo.outputPath('chart.png');
    await png.saveAs(pngPath);
    expect([...readFileSync(pngPath).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    // Reopen in a fresh page: the recording replaces the live view until "Back to live".
    await page.reload();
    await expect(page.getByTestId('connection-status')).toHaveText(/live/);
    await page.getByTestId('session-file').setInputFiles(path);
    await expect(page.getByTestId('session-message')).toContainText('Showing session saved');
    await expect(page.getByTestId('replay-note')).toContainText('recorded with 64 MiB of RAM, a 128 MiB pagefile, profile x86');
    await expect
      .poll(async () => (await labPage.read<{ data: unknown[] }[]>('chart:counters-chart'))[0]?.data.length)
      .toBe(session.samples.length);
    await labPage.screenshot(testInfo, 'session-reopened');
    await labPage.show('experiments');
    await expect(page.getByTestId('program-name')).toHaveValue('saved-program.ts');
    await expect(page.getByTestId('console')).toContainText('committed');
    await page.getByTestId('session-live').click();
    await expect(page.getByTestId('session-live')).toHaveCount(0);

    // A file that is not a session is refused with a clear message.
    await page.getByTestId('session-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
    await expect(page.getByTestId('session-message')).toContainText('Could not open bad.json: not a session file');
  } finally {
    await run.end();
  }
});
