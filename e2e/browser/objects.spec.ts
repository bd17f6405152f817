import { startProgram } from '../lab-socket.js';
import { expect, test } from '../fixtures.js';

test('the objects view lists named objects with their handle and reference counts', async ({ labPage }, testInfo) => {
  const { page } = labPage;
  const source = `
    import { CreateFileMapping, MapViewOfFile, CloseHandle, Sleep, INVALID_HANDLE_VALUE, PAGE_READWRITE, FILE_MAP_WRITE } from 'mmlab/win32';
    const h = CreateFileMapping(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 1024 * 1024, 'E2E-Objects-Map');
    const h2 = CreateFileMapping(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 1024 * 1024, 'E2E-Objects-Map');
    MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    console.log(JSON.stringify({ h, h2 }));
    Sleep(60000);
  `;
  const run = await startProgram(source, 'objects.ts');
  try {
    await labPage.open();
    await labPage.show('objects');
    const row = page.getByTestId('object-E2E-Objects-Map');
    await expect(row).toContainText('\\Sessions\\1\\BaseNamedObjects\\E2E-Objects-Map');
    await expect(row).toContainText('Section');
    // Two handles; references: the two handles plus the view's hold on the section.
    await expect(row.locator('td').nth(2)).toHaveText('2');
    await expect(row).toContainText(`pid ${run.pid}`);
    await labPage.screenshot(testInfo, 'objects');
  } finally {
    await run.end();
  }
});
