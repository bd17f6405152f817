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
