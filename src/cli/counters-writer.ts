/**
 * Recording for `mmlab run --counters <file.csv|file.json>` and `--events <file.jsonl>`.
 *
 * CountersRecorder keeps every CounterSample of the run and writes them when the run
 * ends, because a CSV header must name every column and processes (children made with
 * CreateProcess too) appear during the run. CSV layout, one row per sample:
 *   t, <every SystemCounters field flattened with dots: lists.zeroed, commitCharge, …>,
 *   pid<N>.availVirtual, pid<N>.workingSet   (bytes and pages; empty while N is not alive)
 * The JSON file is the array of samples as the engine gave them.
 *
 * EventsWriter streams each LabEvent as one JSON line as it happens.
 * Both open their file before the machine boots, so a bad path fails early (exit 2).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { CounterSample } from '../api/counters.js';
import type { LabEvent } from '../api/events.js';
import { UsageError } from './context.js';

export type CountersFormat = 'csv' | 'json';

/** The format a --counters path asks for, by extension. Throws UsageError for others. */
export function countersFormat(path: string): CountersFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  throw new UsageError(`--counters file must end in .csv or .json, got '${path}'`);
}

export class CountersRecorder {
  private readonly samples: CounterSample[] = [];

  private constructor(
    readonly path: string,
    readonly format: CountersFormat,
  ) {}

  /** Checks the path can be written (creating it empty) and returns a recorder for it. */
  static async create(path: string): Promise<CountersRecorder> {
    const format = countersFormat(path);
    await checkWritable(path, '--counters');
    return new CountersRecorder(path, format);
  }

  add(sample: CounterSample): void {
    this.samples.push(sample);
  }

  get count(): number {
    return this.samples.length;
  }

  async write(): Promise<void> {
    const text =
      this.format === 'csv' ? samplesToCsv(this.samples) : JSON.stringify(this.samples, jsonReplacer, 1) + '\n';
    await writeFile(this.path, text);
  }
}

/** The CSV text of a series of samples (see the header comment for the columns). */
export function samplesToCsv(samples: readonly CounterSample[]): string {
  const systemColumns = new Map<string, true>();
  const pids = new Map<number, true>();
  const flatRows = samples.map((s) => {
    const flat = new Map<string, unknown>();
    flatten(s.system, '', flat);
    for (const key of flat.keys()) systemColumns.set(key, true);
    for (const p of s.processes) pids.set(p.pid, true);
    return flat;
  });
  // t first, then the system fields in the order the engine gives them.
  const sys = ['t', ...[...systemColumns.keys()].filter((k) => k !== 't')];
  const pidList = [...pids.keys()].sort((a, b) => a - b);
  const header = [...sys, ...pidList.flatMap((pid) => [`pid${pid}.availVirtual`, `pid${pid}.workingSet`])];
  const rows = samples.map((s, i) => {
    const flat = flatRows[i]!;
    const byPid = new Map(s.processes.map((p) => [p.pid, p]));
    const cells: unknown[] = sys.map((k) => flat.get(k) ?? '');
    for (const pid of pidList) {
      const p = byPid.get(pid);
      cells.push(p ? p.availVirtual : '', p ? p.workingSet.total : '');
    }
    return cells;
  });
  return stringify([header, ...rows]);
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(
      prefix,
      typeof value === 'bigint' ? value.toString() : Array.isArray(value) ? JSON.stringify(value) : value,
    );
  }
}

/** JSON.stringify replacer that keeps bigints (as decimal strings) instead of throwing. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export class EventsWriter {
  private constructor(private readonly stream: WriteStream) {}

  /** Opens (truncates) the file; rejects with UsageError if it cannot be written. */
  static async create(path: string): Promise<EventsWriter> {
    const stream = createWriteStream(path);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (err) => reject(new UsageError(`cannot write --events file '${path}': ${errorText(err)}`)));
    });
    return new EventsWriter(stream);
  }

  write(event: LabEvent): void {
    this.stream.write(JSON.stringify(event, jsonReplacer) + '\n');
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}

async function checkWritable(path: string, option: string): Promise<void> {
  try {
    await (await open(path, 'w')).close();
  } catch (err) {
    throw new UsageError(`cannot write ${option} file '${path}': ${errorText(err)}`);
  }
}

/** "no such file or directory" rather than "ENOENT: no such file or directory, open '…'". */
export function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    const m = /^[A-Z]+: ([^,]+)/.exec(e.message);
    if (m) return m[1]!;
  }
  return err instanceof Error ? err.message : String(err);
}
