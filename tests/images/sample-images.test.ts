/**
 * installSamples: the sample images go into the workspace root (drive C:) through the
 * LabApi, so that S15–S17 and "Run an EXE" find them; files already there are kept.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabService, RequestError } from '../../src/node/lab-service.js';
import { installSampleImages, SAMPLE_IMAGE_FILES } from '../../src/node/sample-images.js';
import { stubBoot } from '../../src/node/testing/stub-lab-engine.js';
import { FIXTURES } from './lab.js';

const workspace = mkdtempSync(join(tmpdir(), 'mmlab-samples-'));

describe('installSamples', () => {
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('copies the images and the companion program, and keeps what is already there', async () => {
    writeFileSync(join(workspace, 'app.exe.ts'), '// my own companion\n');
    const { boot } = stubBoot();
    const service = await LabService.start(boot, { workspace }, { installSamples: (w) => installSampleImages(w) });
    const first = await service.call('installSamples', []);
    expect(first).toEqual({
      copied: ['C:\\app.exe', 'C:\\liba.dll', 'C:\\libb.dll', 'C:\\fixed.dll', 'C:\\app64.dll'],
      kept: ['C:\\app.exe.ts'],
    });
    expect(readFileSync(join(workspace, 'app.exe.ts'), 'utf8')).toBe('// my own companion\n');
    expect(readFileSync(join(workspace, 'liba.dll'))).toEqual(readFileSync(join(FIXTURES, 'liba.dll')));
    expect(existsSync(join(workspace, 'build.sh'))).toBe(false);
    const again = (await service.call('installSamples', [])) as { copied: string[]; kept: string[] };
    expect(again.copied).toEqual([]);
    expect(again.kept).toHaveLength(SAMPLE_IMAGE_FILES.length);
    await expect(service.call('installSamples', [1])).rejects.toThrow(/expected 0 argument/);
  });

  it('is refused by a host without sample images', async () => {
    const { boot } = stubBoot();
    const service = await LabService.start(boot, { workspace });
    await expect(service.call('installSamples', [])).rejects.toThrow(
      new RequestError('installSamples: this host has no sample images'),
    );
  });
});
