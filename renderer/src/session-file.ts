/**
 * Sessions and exports: builds a session file (src/api/session.ts) from the stores, opens
 * one into them (its samples and events replace the live view until "Back to live"), and
 * exports the recorded counters as CSV (the columns `mmlab run --counters` writes: t, every
 * system counter, then pid<N>.availVirtual and pid<N>.workingSet per process) or JSON.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { CounterSample } from '../../src/api/counters.js';
import { parseSession, serializeSession, SESSION_FORMAT, SESSION_VERSION, type LabSession } from '../../src/api/session.js';
import { useCountersStore } from './stores/counters.js';
import { useEventsStore } from './stores/events.js';
import { useExperimentsStore } from './stores/experiments.js';
import { useLabStore } from './stores/lab.js';

export function buildSession(): LabSession {
  const settings = useLabStore().settings;
  if (!settings) throw new Error('not connected to a lab: nothing to save');
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    savedAt: new Date().toISOString(),
    settings: {
      ramBytes: settings.ramBytes,
      pagefileBytes: settings.pagefileBytes,
      profile: settings.profile,
      sampleMs: settings.sampleMs,
    },
    programs: useExperimentsStore().programs(),
    samples: useCountersStore().samples,
    events: useEventsStore().all(),
  };
}

export function sessionText(): string {
  return serializeSession(buildSession());
}

/** Shows a saved session: its counters and events, its first program in the editor. */
export function openSession(text: string): LabSession {
  const session = parseSession(text);
  useCountersStore().replay(session.samples);
  useEventsStore().replay(session.events);
  const program = session.programs[0];
  if (program) {
    const experiments = useExperimentsStore();
    experiments.fileName = program.fileName;
    experiments.source = program.source;
    experiments.commandLine = program.commandLine ?? '';
    experiments.exampleName = null;
  }
  return session;
}

export function backToLive(): void {
  useCountersStore().resumeLive();
  useEventsStore().resumeLive();
}

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
