/** Prints why each skipped test was skipped (the list reporter shows only that it was). */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasonReporter implements Reporter {
  private readonly lines: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    const project = test.parent.project()?.name ?? '';
    this.lines.push(`  skipped [${project}] ${test.title}: ${reason}`);
  }

  onEnd(): void {
    if (this.lines.length > 0) console.log(`\n${this.lines.join('\n')}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
