/**
 * Counter exports: the recorded samples as CSV, with the columns `mmlab run --counters`
 * writes (t, every system counter flattened with dots, then pid<N>.availVirtual and
 * pid<N>.workingSet per process, empty while that process is not alive), or as JSON.
 *
 * Both are made in parts (a run of rows, a run of samples), so the sliced versions can show
 * their progress and be cancelled between parts; the text is the same either way.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { CounterSample } from '../../src/api/counters.js';
import type { TaskControl } from './slicing.js';

/** Samples per part. */
const PART = 100;

interface Part {
  text: string;
  /** Samples written so far. */
  done: number;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
}

function* csvParts(samples: readonly CounterSample[]): Generator<Part> {
  const system = samples.map((s) => {
    const flat = new Map<string, unknown>();
    flatten(s.system, '', flat);
    return flat;
  });
  const columns = [...new Set(system.flatMap((m) => [...m.keys()]))];
  const ordered = ['t', ...columns.filter((c) => c !== 't')];
  const pids = [...new Set(samples.flatMap((s) => s.processes.map((p) => p.pid)))].sort((a, b) => a - b);
  const header = [...ordered, ...pids.flatMap((pid) => [`pid${pid}.availVirtual`, `pid${pid}.workingSet`])];
  yield { text: stringify([header]), done: 0 };
  for (let from = 0; from < samples.length; from += PART) {
    const rows = samples.slice(from, from + PART).map((s, k) => {
      const byPid = new Map(s.processes.map((p) => [p.pid, p]));
      return [
        ...ordered.map((c) => system[from + k]!.get(c) ?? ''),
        ...pids.flatMap((pid): (number | string)[] => {
          const p = byPid.get(pid);
          return p && p.state !== 'exited' ? [p.availVirtual, p.workingSet.total] : ['', ''];
        }),
      ];
    });
    yield { text: stringify(rows), done: Math.min(samples.length, from + PART) };
  }
}

/** JSON.stringify(samples, null, 1) + "\n", a run of samples at a time. */
function* jsonParts(samples: readonly CounterSample[]): Generator<Part> {
  if (samples.length === 0) {
    yield { text: '[]\n', done: 0 };
    return;
  }
  for (let from = 0; from < samples.length; from += PART) {
    const items = samples.slice(from, from + PART).map((s) => ` ${JSON.stringify(s, null, 1).replace(/\n/g, '\n ')}`);
    const done = Math.min(samples.length, from + PART);
    yield { text: `${from === 0 ? '[\n' : ',\n'}${items.join(',\n')}${done === samples.length ? '\n]\n' : ''}`, done };
  }
}

function joinAll(parts: Generator<Part>): string {
  let text = '';
  for (const part of parts) text += part.text;
  return text;
}

async function joinSliced(parts: Generator<Part>, total: number, ctl: TaskControl, detail: string): Promise<string> {
  const texts: string[] = [];
  for (const part of parts) {
    texts.push(part.text);
    if (ctl.due() || ctl.signal.aborted) {
      ctl.progress(total ? part.done / total : 1, detail);
      await ctl.pause();
    }
  }
  ctl.progress(1, detail);
  return texts.join('');
}

export function countersCsv(samples: readonly CounterSample[]): string {
  return joinAll(csvParts(samples));
}

export function countersJson(samples: readonly CounterSample[]): string {
  return joinAll(jsonParts(samples));
}

/** countersCsv in slices: progress by samples written; TaskCancelled if cancelled. */
export function countersCsvSliced(samples: readonly CounterSample[], ctl: TaskControl): Promise<string> {
  return joinSliced(csvParts(samples), samples.length, ctl, `${samples.length.toLocaleString('en-US')} samples`);
}

/** countersJson in slices. */
export function countersJsonSliced(samples: readonly CounterSample[], ctl: TaskControl): Promise<string> {
  return joinSliced(jsonParts(samples), samples.length, ctl, `${samples.length.toLocaleString('en-US')} samples`);
}
