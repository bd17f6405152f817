// `mmlab run "prog.ts word…"`: a quoted program argument carries the program's own command
// line (what GetCommandLine returns), for each program separately; a file whose name has a
// space is still taken whole. Against the real engine, in a child process, as a user runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/mmlab.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mmlab-run-args-'));
const ECHO = "import { GetCommandLine } from 'mmlab/win32';\nconsole.log(JSON.stringify(GetCommandLine()));\n";

function mmlab(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, lines: r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/^\[pid \d+\] /, '')), stderr: r.stderr };
}

describe('mmlab run with program arguments', { timeout: 120_000 }, () => {
  it('gives each program the words quoted with it', () => {
    writeFileSync(join(dir, 'echo.ts'), ECHO);
    writeFileSync(join(dir, 'other.ts'), ECHO);
    const r = mmlab('run', 'echo.ts 64M --write "two words"', 'other.ts');
    expect(r.code).toBe(0);
    expect(r.lines.sort()).toEqual(['"echo.ts 64M --write \\"two words\\""', '"other.ts"'].sort());
  });

  it('takes a file whose name has a space whole', () => {
    writeFileSync(join(dir, 'my prog.ts'), ECHO);
    const r = mmlab('run', 'my prog.ts');
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(['"\\"my prog.ts\\""']);
  });
});
