// The real command: `node bin/mmlab.js …` in a child process, checking exit codes and
// that every user mistake gives exactly one `mmlab: …` line on stderr.
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/mmlab.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mmlab-cli-'));

function mmlab(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(r: ReturnType<typeof mmlab>, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r.stderr).toMatch(/^mmlab: /);
  expect(r.stderr).toMatch(pattern);
}

describe('mmlab (process)', () => {
  it('--help lists the commands and exits 0', () => {
    const r = mmlab('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mmlab/);
    for (const cmd of ['run', 'mkfile', 'examples']) expect(r.stdout).toContain(cmd);
    expect(r.stderr).toBe('');
  });

  it('run --help lists the run options', () => {
    const r = mmlab('run', '--help');
    expect(r.code).toBe(0);
    for (const opt of [
      '--ram',
      '--pagefile',
      '--arch',
      '--workspace',
      '--counters',
      '--sample',
      '--events',
      '--json',
      '--timeout',
    ]) {
      expect(r.stdout).toContain(opt);
    }
  });

  it('--version prints the package version', () => {
    const r = mmlab('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version,
    );
  });

  it('unknown option: one line, exit 2', () => {
    expectOneLineError(mmlab('run', 'a.ts', '--frobnicate'), /unknown option '--frobnicate'/);
  });

  it('misspelt option: one line with the suggestion, exit 2', () => {
    expectOneLineError(mmlab('run', 'a.ts', '--rma', '1G'), /unknown option '--rma'.*Did you mean --ram\?/);
  });

  it('unknown command: one line, exit 2', () => {
    expectOneLineError(mmlab('frobnicate'), /unknown command 'frobnicate'/);
  });

  it('bad size: one line, exit 2', () => {
    expectOneLineError(mmlab('run', 'a.ts', '--ram', '12Q'), /'12Q' is not a size/);
    expectOneLineError(mmlab('mkfile', 'x.bin', 'lots'), /'lots' is not a size/);
  });

  it('bad choice: one line, exit 2', () => {
    expectOneLineError(mmlab('run', 'a.ts', '--arch', 'arm64'), /Allowed choices are x86, x86-3gb, x64/);
    expectOneLineError(mmlab('run', 'a.ts', '--counters', 'out.txt'), /\.csv or \.json/);
  });

  it('missing program file: one line, exit 2', () => {
    expectOneLineError(
      mmlab('run', 'no-such-program.ts'),
      /cannot read program 'no-such-program.ts': no such file or directory/,
    );
  });

  it('missing argument: one line, exit 2', () => {
    expectOneLineError(mmlab('run'), /missing required argument 'program'/);
    expectOneLineError(mmlab('mkfile', 'x.bin'), /missing required argument 'size'/);
  });

  it('mkfile --sparse with a non-zero pattern: one line, exit 2', () => {
    expectOneLineError(mmlab('mkfile', 'x.bin', '1M', '--pattern', 'seq', '--sparse'), /--sparse needs --pattern zero/);
    expect(existsSync(join(dir, 'x.bin'))).toBe(false);
  });

  it('mkfile makes the file and says so on one line', () => {
    const r = mmlab('mkfile', 'seq.bin', '1.5M', '--pattern', 'seq');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('made seq.bin: 1572864 bytes (1.5 MiB), seq\n');
    expect(r.stderr).toBe(''); // not a terminal: no progress
    const data = readFileSync(join(dir, 'seq.bin'));
    expect(data.length).toBe(1572864);
    expect(data.readInt32LE(4 * 300_000)).toBe(300_000);
  });

  it('mkfile --sparse makes a sparse file', () => {
    const r = mmlab('mkfile', 'sparse.bin', '64MiB', '--sparse');
    expect(r.code).toBe(0);
    const st = statSync(join(dir, 'sparse.bin'));
    expect(st.size).toBe(64 * 2 ** 20);
    expect(st.blocks * 512).toBeLessThan(2 ** 20);
  });

  it('mkfile into a missing folder fails with one line, exit 1', () => {
    const r = mmlab('mkfile', 'no/such/dir/x.bin', '4K');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mmlab: .*no such file or directory.*\n$/);
  });

  it('Ctrl-C during mkfile removes the partial file and exits 130', async () => {
    const child = spawn(process.execPath, [BIN, 'mkfile', 'big.bin', '4G', '--pattern', 'seq'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Wait until writing has begun, then interrupt.
    const path = join(dir, 'big.bin');
    for (let i = 0; i < 200 && !(existsSync(path) && statSync(path).size > 0); i++)
      await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(existsSync(path)).toBe(false);
    expect(stderr).toContain('interrupted');
  });

  it('examples with no bundled examples, or a list of them, exits 0', () => {
    const r = mmlab('examples');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });
});
