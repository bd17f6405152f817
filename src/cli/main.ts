/**
 * The `mmlab` command line: the program definition (commander), and the one place that
 * turns every failure into a single `mmlab: …` line on stderr with its exit code:
 *   2  bad options or sizes, missing or uncompilable programs, bad machine settings
 *   1  anything else that went wrong at run time (and `run --timeout`)
 *   130  Ctrl-C
 * Set MMLAB_DEBUG=1 to get the stack trace of an unexpected (exit 1) error as well.
 * Subcommand modules are imported only when their command runs, so `--help` stays fast.
 * bin/mmlab.js calls main() and exits with what it returns.
 */
import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError, type CliContext } from './context.js';
import type { BootFunction, RunOptions } from './run-command.js';
import { parseSize, SizeError } from './size.js';

const ARCHES = ['x86', 'x86-3gb', 'x64'] as const;
const PATTERNS = ['zero', 'seq', 'random'] as const;

/** Tests may pass their own streams, cwd and signal, and a stand-in for bootNodeLab. */
export interface MainDeps {
  boot?: BootFunction;
}

export async function main(
  argv: readonly string[],
  overrides: Partial<CliContext> = {},
  deps: MainDeps = {},
): Promise<number> {
  const abort = new AbortController();
  const ctx: CliContext = {
    stdout: overrides.stdout ?? process.stdout,
    stderr: overrides.stderr ?? process.stderr,
    interactive: overrides.interactive ?? Boolean(process.stdout.isTTY && process.stderr.isTTY),
    signal: overrides.signal ?? abort.signal,
    cwd: overrides.cwd ?? process.cwd(),
  };
  // First Ctrl-C: the command winds down (terminate, shut down, exit 130). Second: leave now.
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED);
    abort.abort();
  };
  if (!overrides.signal) process.on('SIGINT', onSigint);

  let exitCode = EXIT_OK;
  const program = defineProgram(ctx, deps, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, ctx);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function defineProgram(ctx: CliContext, deps: MainDeps, setExit: (code: number) => void): Command {
  const program = new Command('mmlab')
    .description('Windows memory management lab on a simulated NT-like kernel')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      outputError: () => {}, // reportError prints it, on one line
    });

  addRunOptions(
    program
      .command('run')
      .description("run programs as concurrent processes of one machine; exits with the first program's exit code")
      .argument('<program...>', 'TypeScript or JavaScript files importing mmlab/win32 (or an .exe in the workspace); quote a program with its arguments: "prog.ts 64M"'),
  ).action(async (programs: string[], opts: RunOptions) => {
    const { runCommand } = await import('./run-command.js');
    setExit(await runCommand(programs, opts, ctx, deps.boot));
  });

  program
    .command('mkfile')
    .description('make a test file of exactly <size> bytes')
    .argument('<path>', 'file to create (overwritten if it exists)')
    .addArgument(new Argument('<size>', 'e.g. 4096, 64K, 256M, 512MiB, 1.5G, 4G').argParser(sizeArg))
    .addOption(
      new Option('--pattern <pattern>', 'zero bytes, int32 i at offset 4*i, or seeded random bytes')
        .choices(PATTERNS)
        .default('zero'),
    )
    .option('--seed <n>', 'seed of the random pattern', seedArg, 1)
    .option('--sparse', 'set the length only (zero pattern): no data written, sparse on disk')
    .action(
      async (
        path: string,
        size: number,
        opts: { pattern: (typeof PATTERNS)[number]; seed: number; sparse?: boolean },
      ) => {
        const { mkfileCommand } = await import('./mkfile-command.js');
        if (opts.sparse && opts.pattern !== 'zero')
          throw new UsageError(`--sparse needs --pattern zero (got ${opts.pattern})`);
        setExit(await mkfileCommand(path, size, opts, ctx));
      },
    );

  addRunOptions(
    program
      .command('examples')
      .description('list the bundled example programs, or run one by name with the run options')
      .argument('[name]', 'example to run, e.g. S6 or S6-pagefile-section')
      .argument('[args...]', "the example's own arguments (sizes), e.g. mmlab examples S4 64M"),
  ).action(async (name: string | undefined, args: string[], opts: RunOptions) => {
    const { examplesCommand } = await import('./examples-command.js');
    setExit(await examplesCommand(name, opts, ctx, deps.boot, args));
  });

  program.addHelpText(
    'after',
    `
Examples:
  mmlab mkfile 1G.bin 1G --pattern seq
  mmlab run inc.ts --ram 64M --pagefile 256M --counters counters.csv
  mmlab run writer.ts reader.ts --json > result.json
  mmlab examples
  mmlab examples S4 64M --ram 32M`,
  );
  return program;
}

function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--ram <size>', 'physical memory, 16M to 4G (default 256M)', sizeArg)
    .option('--pagefile <size>', 'pagefile size, 0 to 16G (default 512M)', sizeArg)
    .addOption(new Option('--arch <profile>', 'user address space (default x86: 2 GiB)').choices(ARCHES))
    .option('--workspace <dir>', 'host folder seen as C:\\ (default: current folder)')
    .option('--counters <file>', 'record every counter sample to a .csv or .json file', countersFileArg)
    .option('--sample <ms>', 'counter sampling period in ms (default 100)', positiveInt)
    .option('--events <file>', 'write every lab event as a JSON line')
    .option('--json', 'print one JSON document (exit codes, output, final counters) and nothing else')
    .option('--timeout <s>', 'terminate every process after s seconds and exit 1', positiveNumber)
    .addHelpText(
      'after',
      `
Output lines are prefixed with the process id: [pid 4] text. Exit codes that do not fit
in 0-255 (0xC0000005 for an uncaught access violation) exit 255; --json has the real code.`,
    );
}

function sizeArg(value: string): number {
  try {
    return parseSize(value);
  } catch (err) {
    if (err instanceof SizeError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

function countersFileArg(value: string): string {
  if (!/\.(csv|json)$/i.test(value)) throw new InvalidArgumentError('the file name must end in .csv or .json.');
  return value;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('expected a number greater than 0.');
  return n;
}

function seedArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 0xffffffff)
    throw new InvalidArgumentError('expected a whole number from 0 to 4294967295.');
  return n;
}

/** Prints one `mmlab: …` line for `err` and returns the exit code it means. */
function reportError(err: unknown, ctx: CliContext): number {
  if (err instanceof CommanderError) {
    // --help, --version and `mmlab help` end here too, with exit code 0 and their text printed.
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version')
      return EXIT_OK;
    if (err.code === 'commander.help') return EXIT_USAGE; // bare `mmlab`: help went to stderr
    ctx.stderr.write(`mmlab: ${oneLine(err.message.replace(/^error: /, ''))}\n`);
    return EXIT_USAGE;
  }
  const e = err as Error;
  const usage = err instanceof UsageError || ['UsageError', 'ProgramError', 'SettingsError'].includes(e?.name);
  ctx.stderr.write(`mmlab: ${oneLine(e?.message ?? String(err))}\n`);
  if (!usage && process.env['MMLAB_DEBUG'] && e?.stack) ctx.stderr.write(`${e.stack}\n`);
  return usage ? EXIT_USAGE : EXIT_FAILURE;
}

function oneLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}
