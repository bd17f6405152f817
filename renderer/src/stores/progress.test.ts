/** Long work in the stores: reboots from any window, Stop's target, sessions opened in slices, tasks. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RebootProgress } from '../../../src/api/lab-api.js';
import { resolveSettings } from '../../../src/api/settings.js';
import { SessionError, SESSION_FORMAT, SESSION_VERSION, type LabSession } from '../../../src/api/session.js';
import { openSessionFile } from '../session-file.js';
import { TaskCancelled, taskControl, yieldToBrowser } from '../slicing.js';
import { FakeLabApi, processCounters, sample, serviceEvent } from '../testing/fake-lab-api.js';
import { SHOW_AFTER_MS, useActivityStore } from './activity.js';
import { SAMPLE_HISTORY, useCountersStore } from './counters.js';
import { REVISION_MS, useEventsStore } from './events.js';
import { useExperimentsStore } from './experiments.js';
import { useLabStore } from './lab.js';

const MiB = 1024 * 1024;
const target = { ramBytes: 32 * MiB, pagefileBytes: 64 * MiB, profile: 'x86', sampleMs: 100 } as const;
const progress = (phase: RebootProgress['phase'], more: Partial<RebootProgress> = {}): RebootProgress => ({
  id: 7,
  phase,
  target,
  processes: 2,
  elapsedMs: 5,
  ...more,
});

async function connected(): Promise<FakeLabApi> {
  const api = new FakeLabApi();
  await useLabStore().connect(api);
  return api;
}

describe('reboots', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it("follow the host's phases, whoever asked, and forget the old machine when done", async () => {
    const api = await connected();
    const lab = useLabStore();
    const counters = useCountersStore();
    const experiments = useExperimentsStore();
    counters.record(sample(100, 4096, [processCounters(100)]));
    await experiments.run(false);
    expect(experiments.runs).toHaveLength(1);

    api.pushReboot(progress('stopping'));
    expect(lab.rebooting).toBe(true);
    expect(lab.rebootStatus).toMatchObject({ phase: 'stopping', processes: 2, target });
    api.pushReboot(progress('booting'));
    expect(lab.rebootStatus?.phase).toBe('booting');

    const next = resolveSettings({ workspace: '/w', ...target });
    api.pushReboot(progress('done', { settings: next }));
    expect(lab.rebooting).toBe(false);
    expect(lab.settings).toEqual(next);
    expect(counters.samples).toEqual([]);
    expect(experiments.runs).toEqual([]);
    expect(experiments.stopTarget).toBeNull();
  });

  it('of this window: asking until the host answers; a failed boot says what runs again', async () => {
    const api = await connected();
    const lab = useLabStore();
    const phases: string[] = [];
    api.onReboot(() => phases.push(lab.rebootStatus?.phase ?? 'none'));
    const rebooting = lab.reboot({ ramBytes: 32 * MiB });
    expect(lab.rebootStatus?.phase).toBe('asking');
    expect(lab.rebootStatus?.target.ramBytes).toBe(32 * MiB);
    await rebooting;
    expect(phases).toEqual(['stopping', 'booting', 'none']);
    expect(lab.rebooting).toBe(false);
    expect(lab.settings?.ramBytes).toBe(32 * MiB);

    // Refused settings: nothing was torn down; the caller hears why.
    await expect(lab.reboot({ ramBytes: 1 })).rejects.toThrow(/ramBytes/);
    expect(lab.rebooting).toBe(false);
    expect(lab.rebootFailure).toBeNull();

    const previous = resolveSettings({ workspace: '/w', ramBytes: 32 * MiB });
    api.pushReboot(progress('stopping'));
    api.pushReboot(progress('restoring', { error: 'no room for the pagefile' }));
    expect(lab.rebootStatus).toMatchObject({ phase: 'restoring', error: 'no room for the pagefile' });
    api.pushReboot(progress('failed', { error: 'no room for the pagefile', settings: previous }));
    expect(lab.rebooting).toBe(false);
    expect(lab.rebootFailure).toEqual({ message: 'no room for the pagefile', target, settings: previous });
    expect(lab.settings).toEqual(previous);
    api.pushReboot(progress('stopping'));
    expect(lab.rebootFailure).toBeNull();
  });
});

describe('Stop', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('ends the selected process if it runs, else the newest one run here, else the newest of the machine', async () => {
    await connected();
    const counters = useCountersStore();
    const experiments = useExperimentsStore();
    counters.record(sample(1, 0, [processCounters(8)]));
    expect(experiments.stopTarget).toBe(8);
    await experiments.run(false); // pid 100
    await experiments.run(false); // pid 104
    counters.record(sample(2, 0, [processCounters(8), processCounters(100), processCounters(104)]));
    expect(experiments.stopTarget).toBe(104);
    experiments.selectedPid = 100;
    expect(experiments.stopTarget).toBe(100);
    counters.record(
      sample(3, 0, [processCounters(8), processCounters(100, { state: 'exited' }), processCounters(104)]),
    );
    expect(experiments.stopTarget).toBe(104);
    counters.replay([sample(4, 0, [processCounters(104)])]);
    expect(experiments.stopTarget).toBeNull(); // a saved session's processes are a recording
  });
});

function session(samples: number): LabSession {
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    savedAt: '2026-01-02T03:04:05.000Z',
    settings: target,
    programs: [{ fileName: 'saved.ts', source: '// saved', commandLine: 'saved.ts 1M' }],
    samples: Array.from({ length: samples }, (_, i) => sample(i * 100, i * 4096, [processCounters(100)])),
    events: [
      serviceEvent(1, 50, 'VirtualAlloc'),
      { kind: 'output', seq: 2, t: 60, pid: 100, stream: 'stdout', text: 'hello' },
    ],
  };
}

describe('opening a session file', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('changes nothing when cancelled, and shows all of it when not', async () => {
    await connected();
    const counters = useCountersStore();
    const events = useEventsStore();
    counters.record(sample(1));
    const before = counters.samples;
    const file = new Blob([JSON.stringify(session(5000))]);

    const abort = new AbortController();
    const ctl = taskControl(abort.signal, undefined, 0);
    let pauses = 0;
    const seen: number[] = [];
    const cancelled = openSessionFile(file, {
      ...ctl,
      progress: (f) => seen.push(f),
      pause: () => (++pauses === 5 && abort.abort(), ctl.pause()),
    });
    await expect(cancelled).rejects.toBeInstanceOf(TaskCancelled);
    expect(counters.live).toBe(true);
    expect(counters.samples).toEqual(before);
    expect(seen.length).toBeGreaterThan(0);

    const progressSeen: number[] = [];
    const shown = await openSessionFile(
      file,
      taskControl(new AbortController().signal, (f) => progressSeen.push(f), 0),
    );
    expect(shown.savedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(counters.live).toBe(false);
    expect(counters.replaySettings).toEqual(target);
    expect(counters.samples).toHaveLength(SAMPLE_HISTORY);
    expect(counters.samples.at(-1)?.system.t).toBe(4999 * 100);
    expect(events.consoleOf(100).map((o) => o.text)).toEqual(['hello']);
    expect(useExperimentsStore().commandLine).toBe('saved.ts 1M');
    expect(progressSeen.every((p, i) => i === 0 || p >= progressSeen[i - 1]!)).toBe(true);
    expect(progressSeen.at(-1)).toBe(1);
  });

  it('refuses what is not a session with the reason', async () => {
    await connected();
    await expect(openSessionFile(new Blob(['{"a":1}']))).rejects.toThrow(
      'not a session file (no "format": "mmlab-session")',
    );
    await expect(openSessionFile(new Blob(['{"samples":[1,'])).catch((e: unknown) => e)).resolves.toBeInstanceOf(
      SessionError,
    );
    await expect(openSessionFile(new Blob(['{"samples":[1,']))).rejects.toThrow(/^not a session file: /);
    expect(useCountersStore().live).toBe(true);
  });
});

describe('tasks', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('show once they take more than a moment, report progress, and end when cancelled', async () => {
    const activity = useActivityStore();
    const work = activity.run('open', 'Opening big.json', async (ctl) => {
      for (let i = 0; ; i++) {
        ctl.progress(Math.min(1, i / 1e6), 'parsing');
        await ctl.pause();
      }
    });
    const task = activity.tasks[0]!;
    expect(task).toMatchObject({ kind: 'open', label: 'Opening big.json', shown: false });
    expect(activity.busy('open')).toBe(true);
    await new Promise((r) => setTimeout(r, SHOW_AFTER_MS + 50));
    expect(activity.tasks[0]).toMatchObject({ shown: true, detail: 'parsing' });
    expect(activity.tasks[0]!.progress).toBeGreaterThan(0);
    activity.cancel(task.id);
    expect(activity.tasks[0]!.cancelling).toBe(true);
    await expect(work).rejects.toBeInstanceOf(TaskCancelled);
    expect(activity.tasks).toEqual([]);

    // Quick work never shows.
    expect(await activity.run('export', 'Exporting', async () => (await yieldToBrowser(), 'done'))).toBe('done');
    expect(activity.busy('export')).toBe(false);
  });
});

describe('a flood of events', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('is kept at once but redrawn at most every REVISION_MS; a lone event shows at once', async () => {
    const events = useEventsStore();
    const start = events.revision;
    for (let i = 1; i <= 1000; i++) events.record(serviceEvent(i, i, 'VirtualAlloc'));
    expect(events.serviceEvents()).toHaveLength(1000);
    expect(events.revision).toBe(start + 1);
    await new Promise((r) => setTimeout(r, REVISION_MS + 50));
    expect(events.revision).toBe(start + 2);
    await new Promise((r) => setTimeout(r, REVISION_MS + 50));
    events.record(serviceEvent(1001, 1001, 'VirtualFree'));
    expect(events.revision).toBe(start + 3);
  });
});
