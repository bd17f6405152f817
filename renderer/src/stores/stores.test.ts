/** The domain stores with real actions over the bridge's fake twin. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeLabApi, processCounters, sample, serviceEvent } from '../testing/fake-lab-api.js';
import { SAMPLE_HISTORY, useCountersStore } from './counters.js';
import { useEventsStore } from './events.js';
import { useExperimentsStore } from './experiments.js';
import { useLabStore } from './lab.js';

const running = (pid: number) => processCounters(pid);

describe('renderer stores', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('connect shows the machine history first and drops pushes that the history already holds', async () => {
    const api = new FakeLabApi();
    api.past = { samples: [sample(100), sample(200)], events: [serviceEvent(1, 150, 'VirtualAlloc'), serviceEvent(2, 190, 'VirtualFree')] };
    api.duringHistory = () => {
      api.pushSample(sample(200)); // already in the history
      api.pushSample(sample(300));
      api.pushEvent(serviceEvent(2, 190, 'VirtualFree')); // already in the history
      api.pushEvent(serviceEvent(3, 290, 'VirtualAlloc'));
    };
    const lab = useLabStore();
    await lab.connect(api);
    expect(lab.status).toBe('live');
    expect(useCountersStore().samples.map((s) => s.system.t)).toEqual([100, 200, 300]);
    expect(useEventsStore().serviceEvents().map((e) => e.seq)).toEqual([1, 2, 3]);
    // After connecting, pushes go straight in (a reboot restarts sequence numbers).
    api.pushEvent(serviceEvent(1, 10, 'VirtualAlloc'));
    expect(useEventsStore().serviceEvents()).toHaveLength(4);
    expect(useExperimentsStore().examples.map((e) => e.name)).toEqual(['S1-createfile']);
  });

  it('keeps a bounded ring of samples and follows the newest running process', () => {
    const counters = useCountersStore();
    for (let i = 0; i < SAMPLE_HISTORY + 10; i++) counters.record(sample(i, 4096, [running(100)]));
    expect(counters.samples).toHaveLength(SAMPLE_HISTORY);
    expect(counters.samples[0]!.system.t).toBe(10);
    expect(counters.selectedPid).toBe(100);
    counters.record(sample(5000, 4096, [{ ...running(100), state: 'exited' }, running(104)]));
    expect(counters.selectedPid).toBe(104);
    // A user's own choice of a running process stays.
    counters.selectProcess(100);
    counters.record(sample(5001, 4096, [running(100), running(104)]));
    expect(counters.selectedPid).toBe(100);
  });

  it('replays a saved session instead of the live stream until back to live', () => {
    const counters = useCountersStore();
    const events = useEventsStore();
    counters.record(sample(1));
    counters.replay([sample(10), sample(20)]);
    events.replay([{ kind: 'output', seq: 5, t: 10, pid: 100, stream: 'stdout', text: 'hello' }]);
    counters.record(sample(30)); // live pushes are ignored while a session is shown
    events.record(serviceEvent(9, 30, 'VirtualAlloc'));
    expect(counters.samples.map((s) => s.system.t)).toEqual([10, 20]);
    expect(events.consoleOf(100).map((o) => o.text)).toEqual(['hello']);
    expect(events.serviceEvents()).toEqual([]);
    counters.resumeLive();
    events.resumeLive();
    counters.record(sample(40));
    expect(counters.samples.map((s) => s.system.t)).toEqual([40]);
  });

  it('runs programs, with the command line, and drives step mode through the lab', async () => {
    const api = new FakeLabApi();
    const lab = useLabStore();
    await lab.connect(api);
    const experiments = useExperimentsStore();
    experiments.fileName = 'mine.ts';
    experiments.commandLine = 'mine.ts 8M';
    await experiments.run(true);
    expect(api.ran).toEqual([{ fileName: 'mine.ts', source: experiments.source, commandLine: 'mine.ts 8M', startPaused: true }]);
    expect(experiments.selectedPid).toBe(100);
    await experiments.step(100);
    expect(experiments.steps.get(100)?.paused?.call).toBe('VirtualAlloc');
    api.pushStep({ pid: 100, stepping: true, paused: { call: 'VirtualFree', args: [65536, 0, 0x8000] } });
    expect(experiments.selectedStep?.paused?.call).toBe('VirtualFree');
    await experiments.setStepping(100, false);
    await experiments.stop(100);
    expect(api.calls).toEqual(['step 100', 'setStepping 100 false', 'terminate 100']);
    await experiments.openExample('S1-createfile');
    expect(experiments.source).toBe('// S1-createfile');
    expect(experiments.commandLine).toBe('');
  });

  it('copies the sample images and runs an EXE with its command line', async () => {
    const api = new FakeLabApi();
    await useLabStore().connect(api);
    const experiments = useExperimentsStore();
    await experiments.installSamples();
    expect(api.calls).toEqual(['installSamples']);
    expect(experiments.samples).toEqual({ copied: ['C:\\app.exe', 'C:\\app.exe.ts'], kept: ['C:\\liba.dll'] });
    experiments.imagePath = ' C:\\app.exe ';
    experiments.imageCommandLine = 'app.exe --write --stay 60000';
    await experiments.runImage();
    expect(api.ran).toEqual([{ fileName: 'app.exe', source: '', image: 'C:\\app.exe', commandLine: 'app.exe --write --stay 60000' }]);
    expect(experiments.runs).toEqual([{ pid: 100, fileName: 'C:\\app.exe', startedPaused: false }]);
    expect(experiments.selectedPid).toBe(100);
    expect(experiments.error).toBeNull();
  });
});
