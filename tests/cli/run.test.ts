// `mmlab run` against the real lab engine (src/node/boot.ts), as a user runs it:
// `node bin/mmlab.js run …` in a child process. Skipped until the engine exists.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/mmlab.js', import.meta.url));
const ENGINE = fileURLToPath(new URL('../../src/node/boot.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mmlab-run-real-'));

function mmlab(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function program(name: string, source: string): string {
  writeFileSync(join(dir, name), source);
  return name;
}

const PID_LINE = /^\[pid (\d+)\] (.*)$/;

describe.skipIf(!existsSync(ENGINE))('mmlab run (real engine)', { timeout: 120_000 }, () => {
  it("prints a JS program's console.log lines prefixed with its pid", () => {
    const p = program('hello.js', "console.log('alpha');\nconsole.log('beta', 42);\n");
    const r = mmlab('run', p);
    expect(r.stderr).not.toMatch(/^mmlab:/m);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    const [m1, m2] = lines.map((l) => PID_LINE.exec(l));
    expect(m1?.[2]).toBe('alpha');
    expect(m2?.[2]).toBe('beta 42');
    expect(m1?.[1]).toBe(m2?.[1]);
    expect(r.stderr).toMatch(new RegExp(`^\\[pid ${m1?.[1]}\\] exited with code 0`, 'm'));
  });

  it("exits with the first program's exit code (ExitProcess from mmlab/win32)", () => {
    const first = program(
      'exit3.ts',
      "import { ExitProcess } from 'mmlab/win32';\nconsole.log('leaving');\nExitProcess(3);\nconsole.log('not reached');\n",
    );
    const second = program(
      'exit0.ts',
      "import { GetCurrentProcessId } from 'mmlab/win32';\nconsole.log(`second ${GetCurrentProcessId()}`);\n",
    );
    const r = mmlab('run', first, second);
    expect(r.code).toBe(3);
    const lines = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => PID_LINE.exec(l));
    const leaving = lines.find((m) => m?.[2] === 'leaving');
    const secondLine = lines.find((m) => m?.[2]?.startsWith('second '));
    expect(leaving).toBeTruthy();
    expect(secondLine?.[2]).toBe(`second ${secondLine?.[1]}`); // GetCurrentProcessId is the printed pid
    expect(leaving?.[1]).not.toBe(secondLine?.[1]);
    expect(r.stdout).not.toContain('not reached');
    expect(r.stderr).toMatch(new RegExp(`^\\[pid ${leaving?.[1]}\\] exited with code 3`, 'm'));
  });

  it('--json prints one parseable document with pid, program, exit code, output and counters', () => {
    const p = program(
      'json.ts',
      "import { ExitProcess } from 'mmlab/win32';\nconsole.log('x');\nconsole.log('y');\nExitProcess(5);\n",
    );
    const r = mmlab('run', p, '--json', '--ram', '64M', '--pagefile', '128M');
    expect(r.code).toBe(5);
    const doc = JSON.parse(r.stdout);
    expect(doc.exitCode).toBe(5);
    expect(doc.processes).toHaveLength(1);
    expect(doc.processes[0]).toMatchObject({ program: p, exitCode: 5, stdout: ['x', 'y'] });
    expect(typeof doc.processes[0].pid).toBe('number');
    expect(doc.counters.system.totalPhys).toBe(64 * 2 ** 20);
    expect(doc.counters.system.commitLimit).toBe((64 + 128) * 256);
    expect(r.stderr).not.toMatch(/^mmlab:/m);
  });

  it('an uncaught access violation is reported with 0xC0000005, exit 255', () => {
    const p = program('av.ts', "import { mem } from 'mmlab/win32';\nmem.setInt32(0, 1);\n");
    const r = mmlab('run', p);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/exited with code 0xC0000005 \(EXCEPTION_ACCESS_VIOLATION\)/);
  });

  it('a program with a syntax error: one line on stderr, exit 2', () => {
    const p = program('broken.ts', 'let x = ;\nconsole.log(x);\n');
    const r = mmlab('run', p);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mmlab: .*broken\.ts/);
  });

  it('--counters writes a CSV with a header and a row per sample', () => {
    const p = program('wait.ts', "import { Sleep } from 'mmlab/win32';\nSleep(300);\nconsole.log('done');\n");
    const r = mmlab('run', p, '--sample', '20', '--counters', 'counters.csv', '--events', 'events.jsonl');
    expect(r.code).toBe(0);
    const rows = readFileSync(join(dir, 'counters.csv'), 'utf8').trimEnd().split('\n');
    expect(rows[0]).toMatch(/^t,/);
    expect(rows[0]).toContain('availPhys');
    expect(rows[0]).toMatch(/pid\d+\.availVirtual/);
    expect(rows.length).toBeGreaterThan(5);
    const events = readFileSync(join(dir, 'events.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.some((e) => e.kind === 'output' && e.text === 'done')).toBe(true);
  });

  it('--timeout ends a program that never exits: a clear line and exit 1', () => {
    const p = program('spin.ts', 'for (;;) {}\n');
    const t0 = Date.now();
    const r = mmlab('run', p, '--timeout', '1');
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(r.stderr).toContain('mmlab: timed out after 1s');
  });
});
