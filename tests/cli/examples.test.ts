// The examples listing: descriptions from leading comments, name matching.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
