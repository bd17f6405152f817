// StatusLine: draws only when enabled, never tears other output, leaves a clean terminal.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { formatElapsed, StatusLine } from '../../src/cli/progress.js';

class Sink {
  text = '';
  constructor(public columns?: number) {}
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('StatusLine', () => {
  it('writes nothing at all when disabled', () => {
    vi.useFakeTimers();
    const err = new Sink();
    const out = new Sink();
    const s = new StatusLine(err, false, 500);
    s.start(() => 'status');
    vi.advanceTimersByTime(5000);
    s.print(out, 'line\n');
    s.stop();
    expect(err.text).toBe('');
    expect(out.text).toBe('line\n');
  });

  it('draws every period, lifts itself around other output, and clears at the end', () => {
    vi.useFakeTimers();
    const err = new Sink();
    const out = new Sink();
    let n = 0;
    const s = new StatusLine(err, true, 500);
    s.start(() => `tick ${++n}`);
    s.print(out, 'early\n'); // before the first draw: nothing to lift
    expect(err.text).toBe('');
    vi.advanceTimersByTime(500);
    expect(err.text).toBe('\r\x1b[Ktick 1');
    s.print(out, 'hello\n');
    expect(out.text).toBe('early\nhello\n');
    expect(err.text).toBe('\r\x1b[Ktick 1\r\x1b[K\r\x1b[Ktick 2');
    vi.advanceTimersByTime(500);
    s.stop();
    expect(err.text.endsWith('\r\x1b[Ktick 3\r\x1b[K')).toBe(true);
    vi.advanceTimersByTime(2000);
    expect(err.text.endsWith('tick 3\r\x1b[K')).toBe(true);
  });

  it('cuts the line to the terminal width', () => {
    vi.useFakeTimers();
    const err = new Sink(10);
    const s = new StatusLine(err, true, 100);
    s.start(() => 'x'.repeat(50));
    vi.advanceTimersByTime(100);
    s.stop();
    expect(err.text).toBe(`\r\x1b[K${'x'.repeat(9)}\r\x1b[K`);
  });
});

describe('formatElapsed', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatElapsed(0)).toBe('0.0s');
    expect(formatElapsed(12_345)).toBe('12.3s');
    expect(formatElapsed(245_000)).toBe('4m05s');
    expect(formatElapsed(3_720_000)).toBe('1h02m');
  });
});
