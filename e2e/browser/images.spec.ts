/**
 * S15 in the renderer: copy the sample images into the workspace, run app.exe twice from
 * the Experiments view (one instance writes g_data), and see in the Processes view that both
 * map app.exe at 0x00400000, section by section, the writer with a private copy of its first
 * .data page; and in the Physical memory view that the code page is one frame shared by both
 * (share count 2) while the written .data page is a different frame in each.
 */
import { openSocket } from '../lab-socket.js';
import { expect, test } from '../fixtures.js';

interface Proc {
  pid: number;
  name: string;
  state: string;
  commandLine: string;
}

test('two instances of app.exe share their code frame and not a written .data page', async ({ labPage }, testInfo) => {
  test.setTimeout(90_000);
  const { page } = labPage;
  const lab = await openSocket();
  const started: number[] = [];
  try {
    await labPage.open();
    await labPage.show('experiments');

    // The sample images into C:\ (kept as they are when a previous run left them there).
    await page.getByTestId('install-samples').click();
    await expect(page.getByTestId('samples-result')).toContainText('C:\\app.exe');
    await expect(page.getByTestId('samples-result')).toContainText('C:\\app.exe.ts');

    // Run the EXE twice: the writer writes g_data[0], the reader only reads it.
    const runExe = async (commandLine: string): Promise<number> => {
      await page.getByTestId('exe-path').fill('C:\\app.exe');
      await page.getByTestId('exe-command-line').fill(commandLine);
      await page.getByTestId('run-exe').click();
      let pid = 0;
      await expect
        .poll(async () => {
          const list = await lab.call<Proc[]>('processList', []);
          pid = list.find((p) => p.commandLine === commandLine && p.state !== 'exited' && !started.includes(p.pid))?.pid ?? 0;
          return pid;
        })
        .toBeGreaterThan(0);
      started.push(pid);
      return pid;
    };
    const writer = await runExe('app.exe --write --stay 60000');
    await expect(page.getByTestId('console')).toContainText(`[${writer}] wrote g_data[0] = 1001`);
    const reader = await runExe('app.exe --stay 60000');
    await expect(page.getByTestId('console')).toContainText(`[${reader}] app.exe instance 2 at 0x400000`);
    await expect(page.getByTestId('console')).toContainText(`[${reader}] g_data[0] = 1`);
    await expect(page.getByTestId('experiment-error')).toHaveCount(0);
    await labPage.screenshot(testInfo, 'images-experiments');

    // Processes: both are C:\app.exe running their companion, app.exe mapped at 0x00400000.
    await labPage.show('processes');
    for (const pid of [writer, reader]) {
      await expect(page.getByTestId(`process-row-${pid}`)).toContainText('C:\\app.exe');
      await expect(page.getByTestId(`companion-${pid}`)).toHaveText('runs C:\\app.exe.ts');
    }
    const sections: Array<[string, string, string]> = [
      ['400000', 'headers', 'Read'],
      ['401000', '.text', 'Execute/Read'],
      ['404000', 'Shared', 'Read/Write'],
      ['405000', '.rdata', 'Read'],
    ];
    const selectProcess = async (pid: number) => {
      await page.getByTestId(`process-row-${pid}`).click();
      await expect(page.getByTestId('address-space-panel')).toContainText(`pid ${pid}`);
      const module = page.getByTestId('module-app.exe');
      await expect(module).toHaveAttribute('data-base', String(0x400000));
      await expect(module).toContainText('0x00400000');
      await expect(module).toContainText('C:\\app.exe');
      await expect(page.getByTestId('module-liba.dll')).toContainText('0x10000000');
      for (const [base, section, protection] of sections) {
        const row = page.getByTestId(`region-${base}`);
        await expect(row).toHaveAttribute('data-type', 'image');
        await expect(row).toHaveAttribute('data-module', 'app.exe');
        await expect(row).toHaveAttribute('data-section', section);
        await expect(row).toContainText(protection);
      }
      await expect(page.getByTestId('region-401000')).toHaveAttribute('data-pages', 's');
      await expect(page.getByTestId('region-404000')).toContainText('shared section');
    };

    await selectProcess(writer);
    // The writer's first .data page is its private copy (now Read/Write); the second is untouched.
    await expect(page.getByTestId('region-402000')).toHaveAttribute('data-section', '.data');
    await expect(page.getByTestId('region-402000')).toHaveAttribute('data-pages', 'p');
    await expect(page.getByTestId('region-402000')).toContainText('Read/Write');
    await expect(page.getByTestId('private-pages-402000')).toHaveText('1 private');
    await expect(page.getByTestId('region-403000')).toHaveAttribute('data-pages', '-');
    await expect(page.getByTestId('region-403000')).toContainText('Copy on write');
    await labPage.screenshot(testInfo, 'images-processes-writer');
    // The page squares (shared, private copy, not resident) stand out from their row in both themes.
    const squares = '[data-testid="region-table"] .squares i, .page-legend i';
    expect(await labPage.lowestContrast(squares)).toBeGreaterThanOrEqual(3);
    await labPage.theme('dark');
    await labPage.screenshot(testInfo, 'images-processes-writer-dark');
    expect(await labPage.lowestContrast(squares)).toBeGreaterThanOrEqual(3);
    await labPage.theme('light');

    await selectProcess(reader);
    // The reader's .data is still the image's: one region of two copy-on-write pages, the first resident and shared.
    await expect(page.getByTestId('region-402000')).toHaveAttribute('data-pages', 's-');
    await expect(page.getByTestId('region-402000')).toContainText('Copy on write');
    await expect(page.getByTestId('region-403000')).toHaveCount(0);
    await labPage.screenshot(testInfo, 'images-processes-reader');

    /** The frame the translation shows, once the frame detail shows it too. */
    const translatedFrame = async (pid: number, address: string): Promise<string> => {
      const translation = page.getByTestId('translation');
      await expect(translation).toContainText(`pid ${pid} · ${address}`);
      const pfn = (await translation.getByRole('button', { name: /^PFN \d+$/ }).textContent())!.replace('PFN ', '').trim();
      await expect(page.getByTestId('frame-pfn')).toHaveAttribute('data-value', pfn);
      return pfn;
    };
    const translate = async (pid: number, address: string): Promise<string> => {
      await page.getByTestId('translate-pid').selectOption(String(pid));
      await page.getByTestId('translate-address').fill(address);
      await page.getByTestId('translate-go').click();
      return translatedFrame(pid, address);
    };

    // Physical memory: the code page is one frame for both, share count 2.
    await page.getByTestId('follow-401000').click();
    await expect(page.getByTestId('view-physical')).toBeVisible();
    const codeFrame = await translatedFrame(reader, '0x00401000');
    await expect(page.getByTestId('translation')).toContainText('app.exe .text');
    await expect(page.getByTestId('frame-use')).toHaveText('prototype');
    await expect(page.getByTestId('frame-share-count')).toHaveText('2');
    const mappings = page.getByTestId('frame-mappings');
    await expect(mappings).toContainText(`pid ${writer} · 0x00401000`);
    await expect(mappings).toContainText(`pid ${reader} · 0x00401000`);
    await labPage.screenshot(testInfo, 'images-physical-code');
    expect(await translate(writer, '0x00401000')).toBe(codeFrame);

    // The written .data page: the writer's own frame, not the reader's.
    const writerData = await translate(writer, '0x00402000');
    await expect(page.getByTestId('frame-use')).toHaveText('private');
    await expect(page.getByTestId('frame-owner')).toHaveText(`pid ${writer}`);
    await expect(page.getByTestId('frame-share-count')).toHaveText('1');
    const readerData = await translate(reader, '0x00402000');
    await expect(page.getByTestId('frame-use')).toHaveText('prototype');
    await expect(page.getByTestId('frame-share-count')).toHaveText('1');
    expect(readerData).not.toBe(writerData);
    expect(readerData).not.toBe(codeFrame);
    await labPage.screenshot(testInfo, 'images-physical-data');
  } finally {
    for (const pid of started) await lab.call('terminate', [pid]).catch(() => undefined);
    lab.close();
  }
});

test('example S15 runs from the Experiments view once the sample images are in the workspace', async ({ labPage }, testInfo) => {
  test.setTimeout(60_000);
  const { page } = labPage;
  await labPage.open();
  await labPage.show('experiments');
  await page.getByTestId('install-samples').click();
  await expect(page.getByTestId('samples-result')).toContainText('C:\\app.exe');
  await page.getByTestId('example-S15-exe-run-twice').click();
  await expect(page.getByTestId('program-name')).toHaveValue('S15-exe-run-twice.ts');
  await page.getByTestId('run').click();
  const console_ = page.getByTestId('console');
  // The debugger's breakpoint lands in the second instance's code only.
  await expect(console_).toContainText('WriteProcessMemory(second, 0x401000, 0xCC) = 1 (error 0), 1 byte', { timeout: 20_000 });
  await expect(console_).toContainText('code byte at 0x401000: first instance 0x83, second 0xcc');
  await expect(console_).toContainText('exited with code 0', { timeout: 20_000 });
  await expect(page.getByTestId('experiment-error')).toHaveCount(0);
  await labPage.screenshot(testInfo, 'images-s15');
});
