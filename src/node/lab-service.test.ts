import { describe, expect, it } from 'vitest';
import type { CounterSample } from '../api/counters.js';
import { SettingsError, type MachineSettings } from '../api/settings.js';
import { LabService, RequestError } from './lab-service.js';
import { stubBoot as makeBoot } from './testing/stub-lab-engine.js';

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
});
