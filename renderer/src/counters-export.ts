/**
 * Counter exports: the recorded samples as CSV, with the columns `mmlab run --counters`
 * writes (t, every system counter flattened with dots, then pid<N>.availVirtual and
 * pid<N>.workingSet per process, empty while that process is not alive), or as JSON.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { CounterSample } from '../../src/api/counters.js';

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
}

export function countersCsv(samples: readonly CounterSample[]): string {
  const system = samples.map((s) => {
    const flat = new Map<string, unknown>();
    flatten(s.system, '', flat);
    return flat;
  });
  const columns = [...new Set(system.flatMap((m) => [...m.keys()]))];
  const ordered = ['t', ...columns.filter((c) => c !== 't')];
  const pids = [...new Set(samples.flatMap((s) => s.processes.map((p) => p.pid)))].sort((a, b) => a - b);
  const header = [...ordered, ...pids.flatMap((pid) => [`pid${pid}.availVirtual`, `pid${pid}.workingSet`])];
  const rows = samples.map((s, i) => {
    const byPid = new Map(s.processes.map((p) => [p.pid, p]));
    return [
      ...ordered.map((c) => system[i]!.get(c) ?? ''),
      ...pids.flatMap((pid): (number | string)[] => {
        const p = byPid.get(pid);
        return p && p.state !== 'exited' ? [p.availVirtual, p.workingSet.total] : ['', ''];
      }),
    ];
  });
  return stringify([header, ...rows]);
}

export function countersJson(samples: readonly CounterSample[]): string {
  return `${JSON.stringify(samples, null, 1)}\n`;
}
