/**
 * Sessions: builds a session file (src/api/session.ts) from the stores, and opens one into
 * them (its samples and events replace the live view until "Back to live"). A file is read,
 * parsed and checked in slices (`openSessionFile`), so a large one shows its progress and
 * can be cancelled; the views change only once all of it has been read and checked.
 */
import {
  checkSession,
  MAX_SESSION_CHARS,
  serializeSession,
  SessionError,
  SESSION_FORMAT,
  SESSION_VERSION,
  type LabSession,
} from '../../src/api/session.js';
import { parseJsonSliced } from './sliced-json.js';
import { unlimited, type TaskControl } from './slicing.js';
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

/** Share of the progress bar that reading the file takes (the rest is parsing, then checking). */
const READ_SHARE = 0.1;
const PARSE_END = 0.95;

/**
 * Reads, parses and checks a session file in slices, then shows it. Throws SessionError for a
 * file that is not a session, TaskCancelled if cancelled; either way the views are as they were.
 */
export async function openSessionFile(file: Blob, ctl: TaskControl = unlimited()): Promise<LabSession> {
  // UTF-8 takes at most 4 bytes a character: a file this large has too many characters.
  if (file.size > 4 * MAX_SESSION_CHARS) throw new SessionError('the file is too large to be a session');
  const text = await readText(file, ctl);
  if (text.length > MAX_SESSION_CHARS) throw new SessionError('the file is too large to be a session');
  let doc: unknown;
  try {
    doc = await parseJsonSliced(text, ctl, READ_SHARE, PARSE_END);
  } catch (e) {
    if (e instanceof SyntaxError) throw new SessionError(`not a session file: ${e.message}`);
    throw e;
  }
  ctl.progress(PARSE_END, 'checking');
  await ctl.pause();
  const session = checkSession(doc);
  ctl.progress(1, 'showing');
  await ctl.pause(); // the last moment a cancel leaves the views untouched
  showSession(session);
  return session;
}

async function readText(file: Blob, ctl: TaskControl): Promise<string> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      parts.push(decoder.decode(value, { stream: true }));
      ctl.progress((READ_SHARE * read) / Math.max(1, file.size), 'reading');
      if (ctl.due() || ctl.signal.aborted) await ctl.pause();
    }
  } catch (e) {
    void reader.cancel().catch(() => undefined);
    throw e;
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** Shows a saved session: its counters and events, its first program in the editor. */
function showSession(session: LabSession): void {
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
}

export function backToLive(): void {
  useCountersStore().resumeLive();
  useEventsStore().resumeLive();
}
