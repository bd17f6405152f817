import { startProgram } from '../lab-socket.js';
import { expect, test } from '../fixtures.js';

test('the physical map shows every frame, and a frame click shows its owner and address', async ({ labPage }, testInfo) => {
  const { page } = labPage;
  const source = `
    import { VirtualAlloc, Sleep, mem, MEM_COMMIT, MEM_RESERVE, PAGE_READWRITE } from 'mmlab/win32';
    const p = VirtualAlloc(0x30000000, 1024 * 1024, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    for (let i = 0; i < 256; i++) mem.setInt32(p + i * 4096, i);
    Sleep(60000);
  `;
  const run = await startProgram(source, 'frames.ts');
  try {
    await labPage.open();
    await labPage.show('physical');
    const map = page.getByTestId('frame-map');
    await expect(map).toHaveAttribute('data-frames', String((64 * 1024 * 1024) / 4096));
    type Legend = { key: string; count: number }[];
    await expect
      .poll(async () => (await labPage.read<{ legend: Legend }>('frame-map'))?.legend.find((l) => l.key === 'active:private')?.count ?? 0)
      .toBeGreaterThanOrEqual(256);
    const info = await labPage.read<{ frames: number; cell: number; cols: number; legend: Legend }>('frame-map');
    expect(info.legend.reduce((n, l) => n + l.count, 0)).toBe(info.frames);

    // From an address to its frame …
    await page.getByTestId('translate-pid').selectOption(String(run.pid));
    await page.getByTestId('translate-address').fill('0x30000000');
    await page.getByTestId('translate-go').click();
    await expect(page.getByTestId('translation-state')).toHaveText('active');
    await expect(page.getByTestId('translation-pte')).toContainText('valid, writable');
    await expect(page.getByTestId('frame-owner')).toHaveText(`pid ${run.pid}`);
    const pfn = Number(await page.getByTestId('frame-pfn').getAttribute('data-value'));

    // … and back: clicking that frame's cell on the map shows the same frame and its address.
    const box = (await map.boundingBox())!;
    const scale = box.width / (info.cols * info.cell);
    const cellOf = (f: number) => ({
      x: ((f % info.cols) * info.cell + info.cell / 2) * scale,
      y: (Math.floor(f / info.cols) * info.cell + info.cell / 2) * scale,
    });
    const other = pfn === 0 ? 1 : 0;
    await map.click({ position: cellOf(other) });
    await expect(page.getByTestId('frame-pfn')).toHaveAttribute('data-value', String(other));
    await map.click({ position: cellOf(pfn) });
    await expect(page.getByTestId('frame-pfn')).toHaveAttribute('data-value', String(pfn));
    await expect(page.getByTestId('frame-state')).toHaveText('active');
    await expect(page.getByTestId('frame-use')).toHaveText('private');
    await expect(page.getByTestId('frame-share-count')).toHaveText('1');
    await expect(page.getByTestId('frame-mappings')).toContainText(`pid ${run.pid} · 0x30000000`);
    await labPage.screenshot(testInfo, 'physical');

    // Keyboard: the arrow keys move along the frames.
    await map.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('frame-pfn')).toHaveAttribute('data-value', String(pfn + 1));
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('frame-pfn')).toHaveAttribute('data-value', String(pfn + 1 + info.cols));
  } finally {
    await run.end();
  }
});
