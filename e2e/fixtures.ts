/**
 * Shared e2e fixtures: `labPage` opens the lab with the test token and fails the test on any
 * uncaught page error or console error, so "no errors in the console" is checked everywhere.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { E2E_TOKEN } from './constants.js';

export class LabPage {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (error) => this.errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(`console.error: ${message.text()}`);
    });
  }

  async open(): Promise<void> {
    await this.page.goto(`/?token=${E2E_TOKEN}`);
    await expect(this.page.getByTestId('connection-status')).toHaveText(/live/);
  }

  /** Opens one view by its tab (dashboard, processes, physical, objects, experiments). */
  async show(view: string): Promise<void> {
    await this.page.getByTestId(`tab-${view}`).click();
    await expect(this.page.getByTestId(`view-${view}`)).toBeVisible();
  }

  /** What the page exposes for tests (window.__mmlab.read): chart series, the frame map … */
  async read<T = unknown>(name: string): Promise<T> {
    return (await this.page.evaluate(
      (n) => (globalThis as unknown as { __mmlab?: { read(n: string): unknown } }).__mmlab?.read(n) ?? null,
      name,
    )) as T;
  }

  /** Saves a screenshot of the page as a test artifact (light, then dark if asked). */
  async screenshot(testInfo: import('@playwright/test').TestInfo, name: string): Promise<void> {
    await this.page.waitForTimeout(250); // let charts finish drawing
    const path = testInfo.outputPath(`${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    await testInfo.attach(name, { path, contentType: 'image/png' });
  }

  /** The raw byte value behind a displayed figure (data-value). */
  async bytes(testid: string): Promise<number> {
    const value = await this.page.getByTestId(testid).getAttribute('data-value');
    return Number(value);
  }
}

export const test = base.extend<{ labPage: LabPage }>({
  labPage: async ({ page }, use) => {
    const lab = new LabPage(page);
    await use(lab);
    expect(lab.errors, 'errors in the page console').toEqual([]);
  },
});

export { expect };
