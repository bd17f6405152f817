import { describe, expect, it } from 'vitest';
import { parseSession, serializeSession, type LabSession } from './session.js';

const session: LabSession = {
  format: 'mmlab-session',
  version: 1,
  savedAt: '2026-11-21T06:30:00.000Z',
  settings: { ramBytes: 64 * 1024 * 1024, pagefileBytes: 0, profile: 'x86', sampleMs: 100 },
  programs: [{ fileName: 'a.ts', source: 'console.log(1)' }],
  samples: [],
  events: [{ kind: 'output', seq: 1, t: 5, pid: 100, stream: 'stdout', text: 'hi' }],
};

describe('session files', () => {
  it('round-trips', () => {
    expect(parseSession(serializeSession(session))).toEqual(session);
  });

  it('names what is wrong with a file that is not a session', () => {
    expect(() => parseSession('{')).toThrow(/not a session file/);
    expect(() => parseSession('{"format":"other"}')).toThrow(/no "format": "mmlab-session"/);
    expect(() => parseSession(JSON.stringify({ ...session, version: 2 }))).toThrow(/version 2 is not supported/);
    expect(() => parseSession(JSON.stringify({ ...session, settings: { ...session.settings, profile: 'arm' } }))).toThrow(
      /profile/,
    );
    expect(() => parseSession(JSON.stringify({ ...session, programs: [{ fileName: 'x' }] }))).toThrow(
      /program 1 needs a fileName and a source/,
    );
    expect(() => parseSession(JSON.stringify({ ...session, events: [{ kind: 'bogus', pid: 1 }] }))).toThrow(
      /event 1 is not a lab event/,
    );
    expect(() => parseSession(JSON.stringify({ ...session, samples: [{}] }))).toThrow(/sample 1 is not a counter sample/);
  });
});
