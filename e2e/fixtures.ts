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

  /** Replaces the editor's program, typed through CodeMirror as a user would paste it (Experiments view). */
  async program(text: string): Promise<void> {
    await this.page.getByTestId('code-editor').locator('.cm-content').click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  /** Switches the theme with the header button (system → light → dark → system) until it is `want`. */
  async theme(want: 'light' | 'dark'): Promise<void> {
    const toggle = this.page.getByTestId('theme-toggle');
    for (let i = 0; i < 3 && (await toggle.textContent())?.trim() !== `Theme: ${want}`; i++) await toggle.click();
    await expect(toggle).toHaveText(`Theme: ${want}`);
    await expect(this.page.locator('html')).toHaveAttribute('data-theme', want);
  }

  /**
   * WCAG contrast ratio between what marks each element matched by `selector` (its background,
   * or its border where the background is the page's own) and the background behind it: the
   * lowest over all of them. Non-text marks need 3:1 (WCAG 1.4.11).
   */
  async lowestContrast(selector: string): Promise<number> {
    return this.page.evaluate((sel) => {
      const rgb = (c: string): number[] | null => {
        const m = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(c);
        if (!m || (m[4] !== undefined && Number(m[4]) === 0)) return null;
        return [Number(m[1]), Number(m[2]), Number(m[3])];
      };
      const luminance = ([r, g, b]: number[]) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
      };
      const ratio = (a: number[], b: number[]) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x! + 0.05) / (y! + 0.05);
      };
      const behind = (el: Element): number[] => {
        for (let e = el.parentElement; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c) return c;
        }
        return [255, 255, 255];
      };
      let lowest = Infinity;
      for (const el of document.querySelectorAll(sel)) {
        const style = getComputedStyle(el);
        const back = behind(el);
        const fill = rgb(style.backgroundColor);
        const border = Number.parseFloat(style.borderTopWidth) > 0 ? rgb(style.borderTopColor) : null;
        const marks = [fill, border].filter((c): c is number[] => c !== null).map((c) => ratio(c, back));
        lowest = Math.min(lowest, Math.max(0, ...marks));
      }
      return lowest;
    }, selector);
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
