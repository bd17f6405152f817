import { describe, expect, it } from 'vitest';
import type { CounterSample } from '../api/counters.js';
import type { RebootProgress } from '../api/lab-api.js';
import { SettingsError, type MachineSettings } from '../api/settings.js';
import { LabService, RequestError } from './lab-service.js';
import { stubBoot as makeBoot } from './testing/stub-lab-engine.js';
import { bootNodeLab } from './boot.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('LabService', () => {
  it('refuses unknown methods and malformed arguments with a RequestError', async () => {
    const { boot } = makeBoot();
    const service = await LabService.start(boot, { workspace: '/w' });
    await expect(service.call('shutdown', [])).rejects.toThrow(RequestError);
    await expect(service.call('__proto__', [])).rejects.toThrow(/unknown method/);
    await expect(service.call(42, [])).rejects.toThrow(/unknown method 42/);
    await expect(service.call('settings', {})).rejects.toThrow(/arguments must be an array/);
    await expect(service.call('settings', [1])).rejects.toThrow(/expected 0 argument/);
    await expect(service.call('run', [{ fileName: 'a.ts' }])).rejects.toThrow(/source must be a string/);
    await expect(service.call('run', [{ fileName: 'a.ts', source: '', evil: 1 }])).rejects.toThrow(
      /unknown field "evil"/,
    );
    await expect(service.call('terminate', ['4'])).rejects.toThrow(/pid must be an integer/);
    await expect(service.call('terminate', [99])).rejects.toThrow(/no process 99/);
    await expect(service.call('reboot', [{ workspace: '/etc' }])).rejects.toThrow(/unknown field "workspace"/);
    await expect(service.call('reboot', [{ profile: 'arm' }])).rejects.toThrow(/profile must be one of/);
  });

  it('answers the read requests and runs and terminates processes', async () => {
    const { boot, engines } = makeBoot();
    const service = await LabService.start(boot, { workspace: '/w', ramBytes: 64 * 1024 * 1024 });
    expect(await service.call('settings', [])).toMatchObject({ workspace: '/w', ramBytes: 64 * 1024 * 1024 });
    expect(await service.call('run', [{ fileName: 'a.ts', source: 'x' }])).toMatchObject({ pid: 4, state: 'running' });
    await service.call('terminate', [4, 1]);
    expect(engines[0]?.terminated).toEqual([[4, 1]]);
  });

  it('reboots with new settings, keeps the workspace, and moves pushes to the new engine', async () => {
    const { boot, engines } = makeBoot();
    const service = await LabService.start(boot, { workspace: '/w' });
    const samples: CounterSample[] = [];
    service.addSink({ sample: (s) => samples.push(s), event: () => undefined });
    const settings = (await service.call('reboot', [{ ramBytes: 32 * 1024 * 1024 }])) as MachineSettings;
    expect(settings).toMatchObject({ workspace: '/w', ramBytes: 32 * 1024 * 1024 });
    expect(engines[0]?.shutDown).toBe(true);
    expect(engines[0]?.sampleListeners.size).toBe(0);
    const sample = engines[1]!.emitSample();
    engines[0]!.emitSample();
    expect(samples).toEqual([sample]);
  });

  it('leaves the machine running when reboot settings are out of range', async () => {
    const { boot, engines } = makeBoot();
    const service = await LabService.start(boot, { workspace: '/w' });
    await expect(service.call('reboot', [{ ramBytes: 1 }])).rejects.toThrow(SettingsError);
    expect(engines).toHaveLength(1);
    expect(engines[0]?.shutDown).toBe(false);
    expect(await service.call('settings', [])).toMatchObject({ ramBytes: 256 * 1024 * 1024 });
  });

  it('brings the previous machine back when the new one fails to boot', async () => {
    const { boot, engines } = makeBoot((input) => input.profile === 'x64');
    const service = await LabService.start(boot, { workspace: '/w' });
    await expect(service.call('reboot', [{ profile: 'x64' }])).rejects.toThrow('boot failed');
    expect(engines).toHaveLength(2);
    expect(await service.call('settings', [])).toMatchObject({ profile: 'x86' });
  });

  it('pushes the phases of a reboot to every client, and nothing for refused settings', async () => {
    const { boot } = makeBoot((input) => input.profile === 'x64');
    const service = await LabService.start(boot, { workspace: '/w' });
    const seen: RebootProgress[] = [];
    const other: string[] = [];
    service.addSink({ sample: () => undefined, event: () => undefined, reboot: (p) => seen.push(p) });
    service.addSink({ sample: () => undefined, event: () => undefined, reboot: (p) => other.push(p.phase) });
    await service.call('run', [{ fileName: 'a.ts', source: 'x' }]);

    await service.call('reboot', [{ ramBytes: 32 * 1024 * 1024 }]);
    expect(seen.map((p) => p.phase)).toEqual(['stopping', 'booting', 'done']);
    expect(other).toEqual(['stopping', 'booting', 'done']);
    expect(new Set(seen.map((p) => p.id))).toEqual(new Set([1]));
    expect(seen[0]).toMatchObject({ processes: 1, target: { ramBytes: 32 * 1024 * 1024, profile: 'x86' } });
    expect(seen[2]?.settings).toMatchObject({ ramBytes: 32 * 1024 * 1024, workspace: '/w' });
    expect(seen.every((p) => p.elapsedMs >= 0)).toBe(true);

    seen.length = 0;
    await expect(service.call('reboot', [{ ramBytes: 1 }])).rejects.toThrow(SettingsError);
    expect(seen).toEqual([]);

    await expect(service.call('reboot', [{ profile: 'x64' }])).rejects.toThrow('boot failed');
    expect(seen.map((p) => p.phase)).toEqual(['stopping', 'booting', 'restoring', 'failed']);
    expect(seen[0]?.id).toBe(3);
    expect(seen[2]?.error).toBe('boot failed');
    expect(seen[3]).toMatchObject({ error: 'boot failed', settings: { profile: 'x86', ramBytes: 32 * 1024 * 1024 } });
  });

  it('checks the snapshot and step requests before they reach the engine', async () => {
    const { boot } = makeBoot();
    const examples = {
      list: async () => [{ name: 'S1-create-file', fileName: 'S1-create-file.ts', description: 'CreateFile' }],
      read: async (name: string) => ({ name, fileName: `${name}.ts`, description: '', source: '// x' }),
    };
    const service = await LabService.start(boot, { workspace: '/w' }, { examples });
    await expect(service.call('addressSpace', ['4'])).rejects.toThrow(/addressSpace: pid must be an integer/);
    await expect(service.call('handles', [])).rejects.toThrow(/handles: expected 1 argument/);
    await expect(service.call('frame', [1.5])).rejects.toThrow(/frame: pfn must be an integer/);
    await expect(service.call('frame', [-1])).rejects.toThrow(/frame: pfn must be an integer from 0/);
    await expect(service.call('translate', [4])).rejects.toThrow(/translate: expected 2 argument/);
    await expect(service.call('translate', [4, 2 ** 60])).rejects.toThrow(/translate: address must be an integer/);
    await expect(service.call('setStepping', [4, 'yes'])).rejects.toThrow(/stepping must be true or false, got "yes"/);
    await expect(service.call('step', [null])).rejects.toThrow(/step: pid must be an integer/);
    await expect(service.call('run', [{ fileName: 'a.ts', source: '', startPaused: 1 }])).rejects.toThrow(
      /startPaused must be true or false/,
    );
    await expect(service.call('example', ['../../etc/passwd'])).rejects.toThrow(/is not an example name/);
    await expect(service.call('example', ['.hidden'])).rejects.toThrow(/is not an example name/);
    // A stand-in engine has no kernel: the request is refused, not crashed on.
    await expect(service.call('frameMap', [])).rejects.toThrow(/frameMap: this lab has no kernel to inspect/);
    await expect(service.call('step', [4])).rejects.toThrow(/step: this lab has no step mode/);
    expect(await service.call('examples', [])).toEqual(await examples.list());
    expect(await service.call('example', ['S1-create-file'])).toMatchObject({ source: '// x' });
  });

  it('answers snapshot requests from a real machine and passes its refusals on', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mmlab-service-test-'));
    const service = await LabService.start(bootNodeLab, {
      workspace: join(root, 'ws'),
      dataDir: join(root, 'data'),
      ramBytes: 16 * 1024 * 1024,
      pagefileBytes: 0,
    });
    try {
      const map = (await service.call('frameMap', [])) as { frames: number; codes: string };
      expect(map.frames).toBe(4096);
      expect(map.codes).toHaveLength(Math.ceil(4096 / 3) * 4);
      expect(await service.call('frame', [0])).toMatchObject({ pfn: 0 });
      await expect(service.call('frame', [4096])).rejects.toThrow('frame 4096 does not exist: this machine has frames 0 to 4095');
      await expect(service.call('addressSpace', [12345])).rejects.toThrow('no process 12345');
      expect(await service.call('processList', [])).toEqual([]);
      expect(await service.call('namedObjects', [])).toEqual([]);
    } finally {
      await service.shutdown();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("keeps the running machine's recent samples and events for late clients, and starts afresh on reboot", async () => {
    const { boot, engines } = makeBoot();
    const service = await LabService.start(boot, { workspace: '/w' });
    const first = engines[0]!.emitSample();
    const event = { kind: 'output', seq: 1, t: 0, pid: 4, stream: 'stdout', text: 'hi' } as const;
    engines[0]!.eventListeners.forEach((l) => l(event));
    expect(await service.call('history', [])).toEqual({ samples: [first], events: [event] });
    await expect(service.call('history', [1])).rejects.toThrow(/history: expected 0 argument/);
    await service.call('reboot', [{ ramBytes: 32 * 1024 * 1024 }]);
    expect(await service.call('history', [])).toEqual({ samples: [], events: [] });
  });
});
