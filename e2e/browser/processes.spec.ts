import { startProgram } from '../lab-socket.js';
import { expect, test } from '../fixtures.js';

test('the processes view lists the process and shows its address space and handles', async ({ labPage }, testInfo) => {
  const { page } = labPage;
  const source = `
    import { VirtualAlloc, VirtualProtect, OpenProcess, GetCurrentProcessId, Sleep, mem,
             MEM_COMMIT, MEM_RESERVE, PAGE_READWRITE, PAGE_READONLY, PROCESS_QUERY_INFORMATION } from 'mmlab/win32';
    const p = VirtualAlloc(0x20000000, 4 * 1024 * 1024, MEM_RESERVE, PAGE_READWRITE);
    VirtualAlloc(p, 1024 * 1024, MEM_COMMIT, PAGE_READWRITE);
    for (let i = 0; i < 64; i++) mem.setInt32(p + i * 4096, i);
    VirtualProtect(p + 4096, 4096, PAGE_READONLY, { value: 0 });
    OpenProcess(PROCESS_QUERY_INFORMATION, true, GetCurrentProcessId());
    Sleep(60000);
  `;
  const run = await startProgram(source, 'vmmap.ts');
  try {
    await labPage.open();
    await labPage.show('processes');
    const row = page.getByTestId(`process-row-${run.pid}`);
    await expect(row).toContainText('vmmap.ts');
    await expect(row).toContainText('running');
    await row.click();

    // The reservation at 0x20000000: committed read/write, one read-only page, the rest reserved.
    const first = page.getByTestId('region-20000000');
    await expect(first).toHaveAttribute('data-state', 'committed');
    await expect(first).toHaveAttribute('data-type', 'private');
    await expect(first).toContainText('Read/Write');
    await expect(page.getByTestId('region-20001000')).toContainText('Read');
    await expect(page.getByTestId('region-20002000')).toContainText('1016 KiB');
    await expect(page.getByTestId('region-20100000')).toHaveAttribute('data-state', 'reserved');
    await expect(page.getByTestId('region-20100000')).toContainText('3 MiB');
    await expect(page.getByTestId('address-map')).toHaveAttribute('data-regions', /\d+/);

    // Free regions appear on request; the map strip picks a region on click.
    await page.getByTestId('regions-show-free').check();
    await expect(page.locator('[data-testid^="region-"][data-state="free"]').first()).toBeVisible();

    const handles = page.getByTestId('handle-table');
    await expect(handles).toContainText('Process');
    await expect(handles).toContainText(`vmmap.ts (pid ${run.pid})`);
    await expect(handles).toContainText('yes');
    await labPage.screenshot(testInfo, 'processes');

    // A committed region is one click from its PTE and frame.
    await page.getByTestId('follow-20000000').click();
    await expect(page.getByTestId('view-physical')).toBeVisible();
    await expect(page.getByTestId('translation-state')).toHaveText('active');
    await expect(page.getByTestId('frame-owner')).toHaveText(`pid ${run.pid}`);
  } finally {
    await run.end();
  }
});
