/**
 * `mmlab run <program...>`: boots one machine, starts every program as a concurrent
 * process, and exits with the first program's exit code (see exit-status.ts).
 *
 * Output: each line a program writes is printed as it arrives, `[pid 4] text`, stdout
 * lines on stdout and stderr lines on stderr; every process exit is reported on stderr
 * with its code and reason. With --json nothing is printed on stdout but one JSON
 * document at the end (RunReport). Progress (a status line on stderr) only on a terminal.
 *
 * Ends: when the named programs have exited (anything they started is ended by
 * shutdown); on --timeout (every process terminated, exit 1); on Ctrl-C (every process
 * terminated with STATUS_CONTROL_C_EXIT, exit 130). The machine is always shut down.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CounterSample } from '../api/counters.js';
import type { LabEvent } from '../api/events.js';
import { SettingsError, type AddressSpaceProfile, type MachineSettings } from '../api/settings.js';
import { ProgramError, type LabEngine, type LabProcess } from '../lab/lab-engine.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED, UsageError, type CliContext } from './context.js';
import { CountersRecorder, errorText, EventsWriter, jsonReplacer } from './counters-writer.js';
import { exitDword, formatExitCode, hostExitStatus, STATUS_CONTROL_C_EXIT } from './exit-status.js';
import { formatElapsed, StatusLine } from './progress.js';
import { formatSize } from './size.js';

export interface RunOptions {
  ram?: number;
  pagefile?: number;
  arch?: AddressSpaceProfile;
  workspace?: string;
  counters?: string;
  sample?: number;
  events?: string;
  json?: boolean;
  /** Seconds. */
  timeout?: number;
}

export type BootFunction = (input: Partial<MachineSettings> & { workspace: string }) => Promise<LabEngine>;

/** The --json document. */
export interface RunReport {
  exitCode: number;
  outcome: 'exited' | 'timeout' | 'interrupted';
  settings: MachineSettings;
  processes: ProcessReport[];
  counters: CounterSample;
}

export interface ProcessReport {
  pid: number;
  /** The host path given on the command line, or the image name of a child process. */
  program: string;
  exitCode: number | null;
  reason?: string;
  stdout: string[];
  stderr: string[];
}

interface Program {
  path: string;
  /** Words after the file in a quoted program argument ("app.exe --single"). */
  args: string[];
  fileName: string;
  source: string;
  /** For an .exe: its Win32 path in the machine (the lab runs the image's companion program). */
  image?: string;
}

const SHUTDOWN_GRACE_MS = 10_000;
const TERMINATE_GRACE_MS = 5_000;

/** `args`: words added to the first program's command line (what GetCommandLine returns). */
export async function runCommand(
  paths: string[],
  opts: RunOptions,
  ctx: CliContext,
  boot?: BootFunction,
  args: readonly string[] = [],
): Promise<number> {
  const workspace = await checkWorkspace(resolve(ctx.cwd, opts.workspace ?? '.'));
  const programs = await Promise.all(paths.map((p) => readProgram(ctx.cwd, p, workspace)));
  // Each program's own words (a quoted "prog.ts 64M"); the first program also gets `args`.
  const words = programs.map((p, i) => [...p.args, ...(i === 0 ? args : [])]);
  const counters = opts.counters ? await CountersRecorder.create(resolve(ctx.cwd, opts.counters)) : undefined;
  const events = opts.events ? await EventsWriter.create(resolve(ctx.cwd, opts.events)) : undefined;
  const bootLab = boot ?? (await import('../node/boot.js')).bootNodeLab;

  let engine: LabEngine;
  try {
    engine = await bootLab({
      workspace,
      ...(opts.ram !== undefined && { ramBytes: opts.ram }),
      ...(opts.pagefile !== undefined && { pagefileBytes: opts.pagefile }),
      ...(opts.arch !== undefined && { profile: opts.arch }),
      ...(opts.sample !== undefined && { sampleMs: opts.sample }),
    });
  } catch (err) {
    await events?.close();
    if (err instanceof SettingsError || (err as Error)?.name === 'SettingsError')
      throw new UsageError((err as Error).message);
    throw err;
  }

  const json = Boolean(opts.json);
  const status = new StatusLine(ctx.stderr, ctx.interactive && !json);
  const seen = new Map<number, ProcessReport>();
  const say = (line: string) => status.print(ctx.stderr, line + '\n');
  const unsubscribe = [
    engine.onEvent((e) => {
      events?.write(e);
      onLabEvent(
        e,
        seen,
        json ? undefined : (stream, line) => status.print(stream === 'stdout' ? ctx.stdout : ctx.stderr, line + '\n'),
      );
    }),
    counters ? engine.onSample((s) => counters.add(s)) : () => {},
  ];
  const started = Date.now();
  status.start(() => progressText(engine, Date.now() - started));

  try {
    const procs = await startAll(engine, programs, words);
    const codes = new Map<number, number>();
    // Registered before waitForPrograms' Promise.all, so filled in by the time it settles.
    for (const p of procs) void p.exited.then((c) => codes.set(p.pid, exitDword(c)));
    const outcome = await waitForPrograms(procs, opts.timeout, ctx.signal);
    if (outcome !== 'exited') {
      const alive = engine.processes().filter((p) => p.state !== 'exited');
      status.stop();
      say(
        outcome === 'timeout'
          ? `mmlab: timed out after ${opts.timeout}s; terminating ${plural(alive.length, 'process', 'processes')}`
          : `mmlab: interrupted; terminating ${plural(alive.length, 'process', 'processes')}`,
      );
      for (const p of alive) engine.terminate(p.pid, outcome === 'timeout' ? 1 : STATUS_CONTROL_C_EXIT);
      await withTimeout(Promise.all(procs.map((p) => p.exited)), TERMINATE_GRACE_MS);
    }
    const exitCode =
      outcome === 'timeout'
        ? EXIT_FAILURE
        : outcome === 'interrupted'
          ? EXIT_INTERRUPTED
          : hostExitStatus(await procs[0]!.exited);
    const final = engine.sample();
    counters?.add(final);
    if (json) {
      const report: RunReport = {
        exitCode,
        outcome,
        settings: engine.settings,
        processes: reports(procs, programs, seen, codes),
        counters: final,
      };
      ctx.stdout.write(JSON.stringify(report, jsonReplacer, 2) + '\n');
    }
    return exitCode;
  } finally {
    status.stop();
    if (!(await withTimeout(engine.shutdown(), SHUTDOWN_GRACE_MS)))
      say(`mmlab: the machine did not shut down within ${SHUTDOWN_GRACE_MS / 1000}s`);
    for (const off of unsubscribe) off();
    await events?.close();
    await counters?.write();
  }
}

async function checkWorkspace(dir: string): Promise<string> {
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new UsageError(`workspace '${dir}' is not a folder`);
  return dir;
}

/**
 * Splits a program argument into the file and its command-line words: `prog.ts` alone, or a
 * quoted command line `"prog.ts 64M --write"` (words in double quotes keep their spaces). A
 * file whose name has spaces in it is taken whole when it exists.
 */
export async function splitProgram(cwd: string, arg: string): Promise<{ path: string; args: string[] }> {
  if (!/\s/.test(arg.trim()) || (await stat(resolve(cwd, arg)).catch(() => undefined))?.isFile()) return { path: arg, args: [] };
  const words = (arg.match(/"[^"]*"|\S+/g) ?? []).map((w) => (w.startsWith('"') && w.endsWith('"') ? w.slice(1, -1) : w));
  return { path: words[0] ?? arg, args: words.slice(1) };
}

async function readProgram(cwd: string, arg: string, workspace: string): Promise<Program> {
  const { path, args } = await splitProgram(cwd, arg);
  // An EXE runs from the machine's drive C:, which is the workspace: it must be in there.
  if (/\.(exe|com|scr)$/i.test(path)) {
    const rel = relative(workspace, resolve(cwd, path));
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) {
      throw new UsageError(`${path}: an EXE runs from the workspace (drive C:); copy it and its companion program into ${workspace}`);
    }
    return { path, args, fileName: basename(path), source: '', image: `C:\\${rel.split(sep).join('\\')}` };
  }
  try {
    const source = await readFile(resolve(cwd, path), 'utf8');
    return { path, args, fileName: basename(path), source };
  } catch (err) {
    throw new UsageError(`cannot read program '${path}': ${errorText(err)}`);
  }
}

/** Starts every program at once; if any does not compile, ends the others and throws. */
async function startAll(engine: LabEngine, programs: Program[], words: ReadonlyArray<readonly string[]>): Promise<LabProcess[]> {
  const quote = (w: string) => (/[\s"]/.test(w) ? `"${w.replace(/"/g, '\\"')}"` : w);
  const results = await Promise.allSettled(
    programs.map((p, i) =>
      engine.start({
        fileName: p.fileName,
        source: p.source,
        commandLine: [p.fileName, ...words[i]!].map(quote).join(' '),
        ...(p.image !== undefined && { image: p.image }),
      }),
    ),
  );
  const failed = results.findIndex((r) => r.status === 'rejected');
  if (failed < 0) return results.map((r) => (r as PromiseFulfilledResult<LabProcess>).value);
  for (const r of results) if (r.status === 'fulfilled') engine.terminate(r.value.pid, 1);
  const err = (results[failed] as PromiseRejectedResult).reason as Error;
  if (err instanceof ProgramError || err?.name === 'ProgramError') {
    const line = firstLine(err.message);
    const name = programs[failed]!.path;
    throw new UsageError(line.includes(programs[failed]!.fileName) ? line : `${name}: ${line}`);
  }
  throw err;
}

function waitForPrograms(
  procs: LabProcess[],
  timeoutSec: number | undefined,
  signal: AbortSignal,
): Promise<RunReport['outcome']> {
  return new Promise((resolveOutcome) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (o: RunReport['outcome']) => {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolveOutcome(o);
    };
    const onAbort = () => finish('interrupted');
    if (signal.aborted) return finish('interrupted');
    signal.addEventListener('abort', onAbort);
    if (timeoutSec !== undefined) timer = setTimeout(() => finish('timeout'), timeoutSec * 1000);
    void Promise.all(procs.map((p) => p.exited)).then(() => finish('exited'));
  });
}

/** Records output and exits per pid, and prints them unless `print` is undefined (--json). */
function onLabEvent(
  e: LabEvent,
  seen: Map<number, ProcessReport>,
  print?: (stream: 'stdout' | 'stderr', line: string) => void,
): void {
  if (e.kind === 'service') return;
  let rec = seen.get(e.pid);
  if (!rec) {
    rec = { pid: e.pid, program: e.kind === 'process' ? e.name : '', exitCode: null, stdout: [], stderr: [] };
    seen.set(e.pid, rec);
  }
  if (e.kind === 'output') {
    const lines = e.text.endsWith('\n') ? e.text.slice(0, -1).split('\n') : e.text.split('\n');
    rec[e.stream].push(...lines);
    for (const line of lines) print?.(e.stream, `[pid ${e.pid}] ${line}`);
  } else if (e.what === 'exited') {
    rec.exitCode = exitDword(e.exitCode ?? 0);
    if (e.reason) rec.reason = e.reason;
    print?.(
      'stderr',
      `[pid ${e.pid}] exited with code ${formatExitCode(e.exitCode ?? 0)}${e.reason ? `: ${e.reason}` : ''}`,
    );
  } else if (!rec.program) {
    rec.program = e.name;
  }
}

/** Named programs first, in command-line order (their LabProcess is authoritative), then children. */
function reports(
  procs: LabProcess[],
  programs: Program[],
  seen: Map<number, ProcessReport>,
  codes: Map<number, number>,
): ProcessReport[] {
  const named = procs.map((p, i): ProcessReport => {
    const rec = seen.get(p.pid);
    return {
      pid: p.pid,
      program: programs[i]!.path,
      exitCode: codes.get(p.pid) ?? rec?.exitCode ?? null,
      ...(rec?.reason ? { reason: rec.reason } : {}),
      stdout: [...p.stdout],
      stderr: [...p.stderr],
    };
  });
  const pids = new Set(procs.map((p) => p.pid));
  return [...named, ...[...seen.values()].filter((r) => !pids.has(r.pid)).sort((a, b) => a.pid - b.pid)];
}

function progressText(engine: LabEngine, elapsedMs: number): string {
  const alive = engine.processes().filter((p) => p.state !== 'exited').length;
  const s = engine.sample().system;
  const commit = `${formatSize(s.commitCharge * 4096)} / ${formatSize(s.commitLimit * 4096)}`;
  return `mmlab ${formatElapsed(elapsedMs)} | ${plural(alive, 'process', 'processes')} alive | avail phys ${formatSize(s.availPhys)} | commit ${commit}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? 'cannot start program'
  );
}

/** Resolves true if `p` settles within `ms`, false otherwise (never rejects). */
async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
