// `mmlab run` end to end through main() with a stand-in engine (fake-engine.ts): output
// prefixing, exit codes, --json, --counters, --events, --timeout, Ctrl-C, program errors.
import { describe, it, expect, beforeEach } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { RunReport } from '../../src/cli/run-command.js';
import type { MachineSettings } from '../../src/api/settings.js';
import { FakeEngine } from './fake-engine.js';

class Capture {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
  get lines(): string[] {
    return this.text.split('\n').filter(Boolean);
  }
}

let dir: string;
let engines: FakeEngine[];
let bootInputs: Array<Partial<MachineSettings>>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmlab-run-'));
  engines = [];
  bootInputs = [];
});

async function boot(input: Partial<MachineSettings> & { workspace: string }): Promise<FakeEngine> {
  bootInputs.push(input);
  const e = new FakeEngine(input);
  engines.push(e);
  return e;
}

async function mmlab(args: string[], opts: { signal?: AbortSignal; interactive?: boolean } = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const ctx = {
    stdout,
    stderr,
    cwd: dir,
    interactive: opts.interactive ?? false,
    signal: opts.signal ?? new AbortController().signal,
  };
  const code = await main(args, ctx, { boot });
  return { code, stdout, stderr };
}

function program(name: string, ...lines: string[]): string {
  writeFileSync(join(dir, name), lines.join('\n'));
  return name;
}

describe('mmlab run (stand-in engine)', () => {
  it('prints each output line prefixed by its pid and exits with the first program exit code', async () => {
    const a = program('a.js', 'print hello', 'print world', 'exit 3');
    const b = program('b.js', 'print from b', 'eprint oops', 'exit 0');
    const { code, stdout, stderr } = await mmlab(['run', a, b]);
    expect(code).toBe(3);
    expect(stdout.lines).toEqual(expect.arrayContaining(['[pid 4] hello', '[pid 4] world', '[pid 8] from b']));
    expect(stdout.lines.indexOf('[pid 4] hello')).toBeLessThan(stdout.lines.indexOf('[pid 4] world'));
    expect(stderr.lines).toEqual(
      expect.arrayContaining(['[pid 8] oops', '[pid 4] exited with code 3', '[pid 8] exited with code 0']),
    );
    expect(engines[0]!.started.map((p) => p.fileName)).toEqual(['a.js', 'b.js']);
    expect(engines[0]!.started[0]!.source).toContain('print hello');
    expect(engines[0]!.shutdownCalls).toBe(1);
  });

  it('reports a crash with its NTSTATUS and reason, and exits 255 for codes above 255', async () => {
    const a = program('crash.js', 'crash');
    const { code, stderr } = await mmlab(['run', a]);
    expect(code).toBe(255);
    expect(stderr.text).toContain(
      '[pid 4] exited with code 0xC0000005 (EXCEPTION_ACCESS_VIOLATION): unhandled exception',
    );
  });

  it('passes machine settings to boot, with the workspace resolved', async () => {
    const a = program('a.js', 'exit 0');
    const { code } = await mmlab([
      'run',
      a,
      '--ram',
      '64M',
      '--pagefile',
      '1.5G',
      '--arch',
      'x64',
      '--sample',
      '50',
      '--workspace',
      '.',
    ]);
    expect(code).toBe(0);
    expect(bootInputs[0]).toMatchObject({
      ramBytes: 64 * 2 ** 20,
      pagefileBytes: 1.5 * 2 ** 30,
      profile: 'x64',
      sampleMs: 50,
      workspace: dir,
    });
  });

  it('--json prints one JSON document and nothing else on stdout', async () => {
    const a = program('a.js', 'print one', 'child kid.ts hi from kid', 'exit 7');
    const b = program('b.js', 'print two', 'eprint err');
    const { code, stdout, stderr } = await mmlab(['run', a, b, '--json']);
    expect(code).toBe(7);
    const report = JSON.parse(stdout.text) as RunReport;
    expect(report.exitCode).toBe(7);
    expect(report.outcome).toBe('exited');
    expect(report.processes.map((p) => [p.pid, p.program, p.exitCode])).toEqual([
      [4, 'a.js', 7],
      [8, 'b.js', 0],
      [12, 'kid.ts', 0],
    ]);
    expect(report.processes[0]!.stdout).toEqual(['one']);
    expect(report.processes[1]!.stderr).toEqual(['err']);
    expect(report.processes[2]!.stdout).toEqual(['hi from kid']);
    expect(report.counters.system.totalPhys).toBe(256 * 2 ** 20);
    expect(report.settings.profile).toBe('x86');
    expect(stderr.text).toBe('');
  });

  it('a program that does not compile: one line, exit 2, machine shut down', async () => {
    const a = program('good.js', 'hang');
    const bad = program('bad.ts', 'let SYNTAX');
    const { code, stdout, stderr } = await mmlab(['run', a, bad, '--json']);
    expect(code).toBe(2);
    expect(stdout.text).toBe('');
    expect(stderr.lines).toEqual(['mmlab: bad.ts:1:5: ERROR: Expected ";" but found "SYNTAX"']);
    expect(engines[0]!.shutdownCalls).toBe(1);
    expect(engines[0]!.processes().every((p) => p.state === 'exited')).toBe(true);
  });

  it('bad machine settings: one line, exit 2', async () => {
    const a = program('a.js', 'exit 0');
    const { code, stderr } = await mmlab(['run', a, '--ram', '8M']);
    expect(code).toBe(2);
    expect(stderr.lines).toHaveLength(1);
    expect(stderr.text).toMatch(/^mmlab: ramBytes must be/);
  });

  it('a missing program or workspace: one line, exit 2, nothing booted', async () => {
    let r = await mmlab(['run', 'missing.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr.text).toBe("mmlab: cannot read program 'missing.ts': no such file or directory\n");
    r = await mmlab(['run', program('a.js', 'exit 0'), '--workspace', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.lines).toHaveLength(1);
    expect(engines).toHaveLength(0);
  });

  it('--timeout terminates every process, says so, exits 1', async () => {
    const a = program('a.js', 'print started', 'hang');
    const b = program('b.js', 'hang');
    const t0 = Date.now();
    const { code, stdout, stderr } = await mmlab(['run', a, b, '--timeout', '0.2']);
    expect(code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(stdout.lines).toEqual(['[pid 4] started']);
    expect(stderr.text).toContain('mmlab: timed out after 0.2s; terminating 2 processes');
    expect(stderr.text).toContain('[pid 4] exited with code 1: terminated');
    expect(engines[0]!.shutdownCalls).toBe(1);
  });

  it('Ctrl-C terminates every process, shuts down, exits 130', async () => {
    const a = program('a.js', 'hang');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const { code, stderr } = await mmlab(['run', a, '--json'], { signal: ac.signal });
    expect(code).toBe(130);
    expect(stderr.text).toContain('mmlab: interrupted; terminating 1 process');
    expect(engines[0]!.processes()[0]!.exitCode).toBe(0xc000013a);
    expect(engines[0]!.shutdownCalls).toBe(1);
  });

  it('--counters writes CSV with a row per sample, --events a JSON line per event', async () => {
    const a = program('a.js', ...Array.from({ length: 30 }, (_, i) => `print line ${i}`));
    const { code } = await mmlab(['run', a, '--sample', '10', '--counters', 'c.csv', '--events', 'e.jsonl']);
    expect(code).toBe(0);
    const csv = readFileSync(join(dir, 'c.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toMatch(/^t,totalPages,lists\.zeroed,/);
    expect(csv[0]).toContain('pid4.availVirtual,pid4.workingSet');
    expect(csv.length).toBeGreaterThan(2);
    const header = csv[0]!.split(',');
    for (const row of csv.slice(1)) expect(row.split(',')).toHaveLength(header.length);
    const events = readFileSync(join(dir, 'e.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.kind === 'output')).toHaveLength(30);
    expect(events[0]).toMatchObject({ kind: 'process', what: 'created', pid: 4 });
    expect(events.at(-1)).toMatchObject({ kind: 'process', what: 'exited', pid: 4, exitCode: 0 });
  });

  it('--counters with .json writes the array of samples', async () => {
    const a = program('a.js', 'print x', 'print y');
    await mmlab(['run', a, '--sample', '1', '--counters', 'c.json']);
    const samples = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
    expect(Array.isArray(samples)).toBe(true);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.at(-1).system.commitLimit).toBe((256 + 512) * 256);
  });

  it('an unwritable --events path is a usage error before boot', async () => {
    const a = program('a.js', 'exit 0');
    const { code, stderr } = await mmlab(['run', a, '--events', 'no/such/dir/e.jsonl']);
    expect(code).toBe(2);
    expect(stderr.text).toMatch(/^mmlab: cannot write --events file .*: no such file or directory\n$/);
    expect(engines).toHaveLength(0);
  });

  it('on a terminal, shows a status line on stderr while running and clears it', async () => {
    const a = program('a.js', 'hang');
    const { code, stderr } = await mmlab(['run', a, '--timeout', '1.2'], { interactive: true });
    expect(code).toBe(1);
    const text = stderr.text.replaceAll('\x1b', '<ESC>');
    expect(text).toMatch(
      /\r<ESC>\[Kmmlab \d+\.\ds \| 1 process alive \| avail phys 255\.6 MiB \| commit 400\.0 KiB \/ 768\.0 MiB/,
    );
    // Cleared before the timeout line is printed.
    expect(text).toMatch(/\r<ESC>\[Kmmlab: timed out/);
  });

  it('with --json, never draws a status line', async () => {
    const a = program('a.js', 'hang');
    const { stderr } = await mmlab(['run', a, '--timeout', '0.8', '--json'], { interactive: true });
    expect(stderr.text).not.toContain('\x1b[K');
  });
});
