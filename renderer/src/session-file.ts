/**
 * Sessions: builds a session file (src/api/session.ts) from the stores, and opens one into
 * them (its samples and events replace the live view until "Back to live").
 */
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
  useCountersStore().replay(session.samples, session.settings);
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
