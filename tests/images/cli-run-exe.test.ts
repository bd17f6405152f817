/**
 * `mmlab run app.exe`: the CLI starts an EXE from the workspace (drive C:) as a top-level
 * process — the real command in a child process — and refuses one outside the workspace.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './lab.js';

const BIN = fileURLToPath(new URL('../../bin/mmlab.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mmlab-cli-exe-'));
for (const f of ['app.exe', 'app.exe.ts', 'liba.dll']) copyFileSync(join(FIXTURES, f), join(dir, f));

const mmlab = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

describe('mmlab run of an EXE', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the image from the workspace with its companion program', () => {
    const r = mmlab('run', 'app.exe', '--json', '--ram', '32M', '--pagefile', '32M');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as {
      exitCode: number;
      processes: Array<{ program: string; exitCode: number; stdout: string[] }>;
    };
    expect(report.exitCode).toBe(0);
    const [p] = report.processes;
    expect(p!.program).toBe('app.exe');
    expect(p!.stdout[0]).toMatch(/^\[\d+\] app\.exe instance 1 at 0x400000$/);
    expect(p!.stdout).toContainEqual(expect.stringMatching(/Shared +0x404000 +protect 0x4$/));
  });

  it('refuses an EXE outside the workspace in one line', () => {
    const r = mmlab('run', join(FIXTURES, 'app.exe'), '--ram', '32M');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^mmlab: .*app\.exe: an EXE runs from the workspace \(drive C:\); copy it and its companion program into /,
    );
  });
});
