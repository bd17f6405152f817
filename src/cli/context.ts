/**
 * What every mmlab subcommand gets from main: where to write, whether a terminal is
 * watching, and a signal that fires on Ctrl-C. Plus the exit codes and the one error
 * class that means "the user asked for something that cannot be done" (exit code 2).
 *
 * Commands return their exit code; only bin/mmlab.js calls process.exit, so commands
 * can be driven in-process by tests with fake streams.
 */
import type { TextSink } from './progress.js';

export const EXIT_OK = 0;
/** A run that failed at run time (timeout, I/O error). */
export const EXIT_FAILURE = 1;
/** Bad options, bad sizes, missing or uncompilable programs, bad machine settings. */
export const EXIT_USAGE = 2;
/** Interrupted by SIGINT (128 + 2), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** A mistake in what the user asked for: printed as one `mmlab: …` line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliContext {
  stdout: TextSink;
  stderr: TextSink;
  /** True when progress lines may be drawn (stdout and stderr are terminals). */
  interactive: boolean;
  /** Aborted on the first SIGINT. */
  signal: AbortSignal;
  /** Current directory, the default workspace and the base of relative paths. */
  cwd: string;
}
