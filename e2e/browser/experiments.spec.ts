import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';

/** Replaces the editor's program, typed through CodeMirror as a user would paste it. */
async function replaceProgram(page: Page, text: string): Promise<void> {
  await page.getByTestId('code-editor').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const PROGRAM = `import { VirtualAlloc, VirtualFree, MEM_RESERVE, MEM_COMMIT, MEM_RELEASE, PAGE_READWRITE } from 'mmlab/win32';
const p = VirtualAlloc(0, 1024 * 1024, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
console.log('allocated');
VirtualFree(p, 0, MEM_RELEASE);
console.log('released');
`;

test('an experiment runs in step mode: held before each call, one call per step, with its step table', async ({
  labPage,
}, testInfo) => {
  const { page } = labPage;
  await labPage.open();
  await labPage.show('experiments');
  await expect(page.getByTestId('code-editor').locator('.cm-content')).toBeVisible();

  await replaceProgram(page, PROGRAM);
  await expect(page.getByTestId('code-editor')).toContainText('VirtualFree(p, 0, MEM_RELEASE)');
  // TypeScript is highlighted: keywords and strings get their own styles.
  expect(await page.getByTestId('code-editor').locator('.cm-line span').count()).toBeGreaterThan(5);
  await page.getByTestId('program-name').fill('steps.ts');

  // Win32 names complete in the editor.
  await page.getByTestId('code-editor').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('// VirtualPro');
  await page.keyboard.press('ControlOrMeta+Space');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('VirtualProtect');
  await page.keyboard.press('Escape');
  await page.getByTestId('program-name').fill('steps.ts');

  await page.getByTestId('run-stepping').click();
  await expect(page.getByTestId('held-call')).toHaveAttribute('data-call', 'VirtualAlloc');
  await expect(page.getByTestId('console')).not.toContainText('allocated');

  await page.getByTestId('step').click();
  await expect(page.getByTestId('held-call')).toHaveAttribute('data-call', 'VirtualFree');
  await expect(page.getByTestId('console')).toContainText('allocated');
  const row = page.getByTestId('step-row-0');
  await expect(row).toHaveAttribute('data-call', 'VirtualAlloc');
  await expect(row.getByTestId('step-seeds')).toHaveText(/avail phys [−+0-9,]+, avail pagefile −1,0\d\d,\d\d\d, avail virtual −1,048,576/);
  await labPage.screenshot(testInfo, 'experiments-stepping');

  await page.getByTestId('continue').click();
  await expect(page.getByTestId('console')).toContainText('released');
  await expect(page.getByTestId('console')).toContainText('exited with code 0');
  await expect(page.getByTestId('step-row-1')).toHaveAttribute('data-call', 'VirtualFree');
  await expect(page.getByTestId('step-row-1').getByTestId('step-seeds')).toContainText('avail virtual +1,048,576');
  await labPage.screenshot(testInfo, 'experiments');
});

test('a program that does not compile is refused with its syntax error', async ({ labPage }) => {
  const { page } = labPage;
  await labPage.open();
  await labPage.show('experiments');
  await replaceProgram(page, 'const x = ;');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('experiment-error')).toContainText(/expected|Unexpected/i);
});

test('a long-running program can be stopped', async ({ labPage }) => {
  const { page } = labPage;
  await labPage.open();
  await labPage.show('experiments');
  await replaceProgram(page, "import { Sleep } from 'mmlab/win32';\nconsole.log('sleeping');\nSleep(600000);\n");
  await page.getByTestId('program-name').fill('sleeper.ts');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('sleeping');
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('console')).toContainText(/exited with code/);
});
