/**
 * `mmlab examples [name] [run options]`: lists the example programs bundled in
 * `<repo>/examples/*.ts` (the seeds' experiments), or runs one exactly as `mmlab run`.
 *
 * An example's description is the first line of text in its leading comment. A name
 * matches an example whose file name (without .ts) equals it or begins with it followed
 * by "-", case-insensitively: `mmlab examples s6` runs `S6-pagefile-section.ts`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { EXIT_OK, UsageError, type CliContext } from './context.js';
import { runCommand, type BootFunction, type RunOptions } from './run-command.js';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

export interface ExampleInfo {
  name: string;
  path: string;
  description: string;
}

/** The bundled examples, sorted naturally (S2 before S10); [] if the folder is missing. */
export async function listExamples(dir = EXAMPLES_DIR): Promise<ExampleInfo[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const names = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'));
  names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }));
  return Promise.all(
    names.map(async (f) => ({
      name: f.slice(0, -3),
      path: join(dir, f),
      description: describeSource(await readFile(join(dir, f), 'utf8')),
    })),
  );
}

/** The first line of text in the leading comment (`//`, `/* … *\/` or `/** … *\/`), or ''. */
export function describeSource(source: string): string {
  const text = source.replace(/^#![^\n]*\n/, '').trimStart();
  if (text.startsWith('//')) {
    const nl = text.indexOf('\n');
    return text.slice(2, nl < 0 ? undefined : nl).trim();
  }
  if (!text.startsWith('/*')) return '';
  const end = text.indexOf('*/');
  const body = text.slice(2, end < 0 ? undefined : end);
  for (const raw of body.split('\n')) {
    const line = raw.replace(/^\s*\*+/, '').trim();
    if (line) return line;
  }
  return '';
}

/** Finds the example `name` names; throws UsageError if none or several match. */
export function findExample(examples: ExampleInfo[], name: string): ExampleInfo {
  const q = name.replace(/\.ts$/i, '').toLowerCase();
  const exact = examples.find((e) => e.name.toLowerCase() === q);
  if (exact) return exact;
  const matches = examples.filter((e) => e.name.toLowerCase().startsWith(q + '-'));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new UsageError(`example '${name}' is ambiguous: ${matches.map((e) => e.name).join(', ')}`);
  throw new UsageError(
    examples.length
      ? `no example named '${name}' (see 'mmlab examples')`
      : `no example named '${name}': no examples are bundled yet`,
  );
}

/**
 * Lists the examples, or runs the one `name` names with `args` after its file name on its
 * command line (an example reads its sizes there, as a C program reads argv).
 */
export async function examplesCommand(
  name: string | undefined,
  opts: RunOptions,
  ctx: CliContext,
  boot?: BootFunction,
  args: readonly string[] = [],
): Promise<number> {
  const examples = await listExamples();
  if (name !== undefined) return runCommand([findExample(examples, name).path], opts, ctx, boot, args);
  if (examples.length === 0) {
    ctx.stdout.write(`No examples are bundled yet (${EXAMPLES_DIR} is empty or missing).\n`);
    return EXIT_OK;
  }
  const width = Math.max(...examples.map((e) => e.name.length));
  for (const e of examples) ctx.stdout.write(`${e.name.padEnd(width)}  ${e.description}`.trimEnd() + '\n');
  ctx.stdout.write(`\nRun one with: mmlab examples <name> [its arguments] [run options]\n`);
  return EXIT_OK;
}
