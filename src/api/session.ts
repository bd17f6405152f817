/**
 * Lab session files (SPEC section 5): the machine settings, the programs, and the recorded
 * counter samples and events of one session, as one JSON document. Saved and opened by the
 * renderer; `parseSession` checks a file from disk before anything of it is shown, and
 * says what is wrong in one line.
 *
 *   { "format": "mmlab-session", "version": 1, "savedAt": "2026-11-21T06:30:00.000Z",
 *     "settings": { ramBytes, pagefileBytes, profile, sampleMs },
 *     "programs": [ { fileName, source, commandLine? } ],
 *     "samples": [ CounterSample … ], "events": [ LabEvent … ] }
 */
import type { CounterSample } from './counters.js';
import type { LabEvent } from './events.js';
import type { ProgramInput, RebootSettings } from './lab-api.js';

export const SESSION_FORMAT = 'mmlab-session';
export const SESSION_VERSION = 1;
/** Files larger than this are refused before parsing. */
export const MAX_SESSION_CHARS = 256 * 1024 * 1024;

export interface LabSession {
  format: typeof SESSION_FORMAT;
  version: typeof SESSION_VERSION;
  /** ISO 8601. */
  savedAt: string;
  settings: Required<RebootSettings>;
  programs: ProgramInput[];
  samples: CounterSample[];
  events: LabEvent[];
}

export class SessionError extends Error {
  override name = 'SessionError';
}

export function serializeSession(session: LabSession): string {
  return JSON.stringify(session);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and checks a session file; throws SessionError naming the first problem. */
export function parseSession(text: string): LabSession {
  if (text.length > MAX_SESSION_CHARS) throw new SessionError('the file is too large to be a session');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SessionError(`not a session file: ${(e as Error).message}`);
  }
  return checkSession(doc);
}

/** Checks a parsed session file (JSON.parse's result, or the renderer's sliced parse); throws SessionError naming the first problem. */
export function checkSession(doc: unknown): LabSession {
  if (!isObject(doc) || doc['format'] !== SESSION_FORMAT) throw new SessionError('not a session file (no "format": "mmlab-session")');
  if (doc['version'] !== SESSION_VERSION) {
    throw new SessionError(`session version ${String(doc['version'])} is not supported (this lab reads version ${SESSION_VERSION})`);
  }
  const settings = doc['settings'];
  if (!isObject(settings)) throw new SessionError('session: settings missing');
  for (const key of ['ramBytes', 'pagefileBytes', 'sampleMs'] as const) {
    if (typeof settings[key] !== 'number' || !Number.isFinite(settings[key])) throw new SessionError(`session: settings.${key} must be a number`);
  }
  if (!['x86', 'x86-3gb', 'x64'].includes(settings['profile'] as string)) throw new SessionError('session: settings.profile is not x86, x86-3gb or x64');
  const programs = doc['programs'];
  if (!Array.isArray(programs)) throw new SessionError('session: programs must be a list');
  programs.forEach((p: unknown, i) => {
    if (!isObject(p) || typeof p['fileName'] !== 'string' || typeof p['source'] !== 'string') {
      throw new SessionError(`session: program ${i + 1} needs a fileName and a source`);
    }
  });
  const samples = doc['samples'];
  if (!Array.isArray(samples)) throw new SessionError('session: samples must be a list');
  samples.forEach((s: unknown, i) => {
    if (!isObject(s) || !isObject(s['system']) || !Array.isArray(s['processes']) || typeof s['system']['t'] !== 'number') {
      throw new SessionError(`session: sample ${i + 1} is not a counter sample`);
    }
  });
  const events = doc['events'];
  if (!Array.isArray(events)) throw new SessionError('session: events must be a list');
  events.forEach((e: unknown, i) => {
    if (!isObject(e) || !['service', 'process', 'output'].includes(e['kind'] as string) || typeof e['pid'] !== 'number') {
      throw new SessionError(`session: event ${i + 1} is not a lab event`);
    }
  });
  if (typeof doc['savedAt'] !== 'string') throw new SessionError('session: savedAt missing');
  return doc as unknown as LabSession;
}
