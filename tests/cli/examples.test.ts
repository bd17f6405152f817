// The examples listing: descriptions from leading comments, name matching; the bundled seed
// examples; `mmlab examples` listing them and running one with its own arguments.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeSource, findExample, listExamples } from '../../src/cli/examples-command.js';
import { UsageError } from '../../src/cli/context.js';

describe('describeSource', () => {
  it('takes the first text line of the leading comment', () => {
    expect(describeSource('// S1: CreateFile on a 1 GiB file\nimport x;')).toBe('S1: CreateFile on a 1 GiB file');
    expect(describeSource('/**\n * S6: pagefile-backed section\n * more\n */\n')).toBe('S6: pagefile-backed section');
    expect(describeSource('/* one line */ code')).toBe('one line');
    expect(describeSource('\n\n// after blank lines')).toBe('after blank lines');
    expect(describeSource('import x from "y";')).toBe('');
    expect(describeSource('')).toBe('');
  });
});

describe('listExamples and findExample', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mmlab-examples-'));
  writeFileSync(join(dir, 'S10-inheritance.ts'), '// S10: handle inheritance\n');
  writeFileSync(join(dir, 'S1-createfile.ts'), '/** S1: CreateFile */\n');
  writeFileSync(join(dir, 'S2-mapping.ts'), 'no comment\n');
  writeFileSync(join(dir, 'notes.md'), '# not an example\n');

  it('lists .ts files in natural order with descriptions', async () => {
    const list = await listExamples(dir);
    expect(list.map((e) => e.name)).toEqual(['S1-createfile', 'S2-mapping', 'S10-inheritance']);
    expect(list.map((e) => e.description)).toEqual(['S1: CreateFile', '', 'S10: handle inheritance']);
  });

  it('returns [] for a missing folder', async () => {
    expect(await listExamples(join(dir, 'nope'))).toEqual([]);
  });

  it('matches full names and the part before the first dash, case-insensitively', async () => {
    const list = await listExamples(dir);
    expect(findExample(list, 's1').name).toBe('S1-createfile');
    expect(findExample(list, 'S10').name).toBe('S10-inheritance');
    expect(findExample(list, 'S2-mapping.ts').name).toBe('S2-mapping');
    expect(() => findExample(list, 'S3')).toThrow(UsageError);
    expect(() => findExample([], 'S3')).toThrow(/no examples are bundled/);
  });
});

describe('the bundled seed examples (examples/)', () => {
  it('are S1 to S17, in order, each described by its first comment line', async () => {
    const list = await listExamples();
    expect(list.map((e) => e.name.split('-')[0])).toEqual(Array.from({ length: 17 }, (_, i) => `S${i + 1}`));
    for (const e of list) expect(e.description, e.name).toMatch(new RegExp(`^${e.name.split('-')[0]}: \\S`));
  });

  it('each can be found by its number', async () => {
    const list = await listExamples();
    for (let i = 1; i <= 17; i++) expect(findExample(list, `s${i}`).name).toMatch(new RegExp(`^S${i}-`));
  });
});

describe('mmlab examples (the command, real engine)', { timeout: 120_000 }, () => {
  const BIN = fileURLToPath(new URL('../../bin/mmlab.js', import.meta.url));
  const workspace = mkdtempSync(join(tmpdir(), 'mmlab-examples-run-'));
  const mmlab = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: workspace, encoding: 'utf8', timeout: 90_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('lists every example with its description', () => {
    const r = mmlab('examples');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^S1-createfile +S1: CreateFile on a 1 GiB file/m);
    expect(r.stdout).toMatch(/^S14-flush-view +S14: FlushViewOfFile/m);
    expect(r.stdout).toContain('Run one with: mmlab examples <name> [its arguments] [run options]');
  });

  it('runs one by number, with its own arguments on its command line, in the --workspace folder', () => {
    const r = mmlab('examples', 'S12', '2M', '--workspace', workspace);
    expect(r.stderr).not.toMatch(/^mmlab:/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[pid \d+\] C:\\S12-grow\.bin after CreateFileMapping: 2097152 bytes$/m);
    expect(statSync(join(workspace, 'S12-grow.bin')).size).toBe(2 * 1024 * 1024);
  });

  it('refuses an unknown example with a usage error', () => {
    const r = mmlab('examples', 'S99');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mmlab: no example named 'S99'/m);
  });
});
