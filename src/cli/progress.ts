/**
 * StatusLine: one self-overwriting line of progress on a terminal (stderr), redrawn on a
 * timer and cleared at the end. Used by `mmlab run` (elapsed time, processes, counters)
 * and `mmlab mkfile` (bytes written).
 *
 * It draws only when enabled, which the CLI decides once: both stdout and stderr are
 * terminals and --json was not given. A disabled StatusLine does nothing at all, so
 * callers never test for it. Other output to the same terminal must go through
 * `print()`, which lifts the status line, writes, and puts it back.
 */

export interface TextSink {
  write(text: string): unknown;
  /** Terminal width, when the sink is a terminal. */
  columns?: number;
}

const CLEAR_LINE = '\r\x1b[K';

export class StatusLine {
  private timer: ReturnType<typeof setInterval> | undefined;
  private shown = false;
  private render: (() => string) | undefined;

  constructor(
    private readonly sink: TextSink,
    readonly enabled: boolean,
    private readonly periodMs = 500,
  ) {}

  /** Starts redrawing `render()` every period; the first draw comes after one period. */
  start(render: () => string): void {
    this.render = render;
    if (!this.enabled || this.timer) return;
    this.timer = setInterval(() => this.draw(), this.periodMs);
    this.timer.unref?.();
  }

  /** Writes other terminal output without tearing the status line. */
  print(out: TextSink, text: string): void {
    if (!this.shown) {
      out.write(text);
      return;
    }
    this.sink.write(CLEAR_LINE);
    this.shown = false;
    out.write(text);
    this.draw();
  }

  /** Stops the timer and removes the line from the terminal. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.shown) this.sink.write(CLEAR_LINE);
    this.shown = false;
  }

  private draw(): void {
    if (!this.enabled || !this.render) return;
    let text = this.render();
    const width = this.sink.columns;
    if (width && text.length >= width) text = text.slice(0, Math.max(0, width - 1));
    this.sink.write(CLEAR_LINE + text);
    this.shown = true;
  }
}

/** "12.3s", "4m05s", "1h02m" */
export function formatElapsed(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const whole = Math.floor(s);
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}
