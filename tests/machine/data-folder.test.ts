/**
 * bootNodeLab's data folder (the pagefile's home): a temporary one, made when no dataDir is
 * given, goes away with Lab.shutdown; a dataDir the host chose, and the workspace, stay.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MiB } from '../../src/api/settings.js';
import { bootNodeLab } from '../../src/node/boot.js';

describe('the data folder of a booted lab', () => {
  let root = '';
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('a temporary data folder holds the pagefile while the machine runs and is deleted by shutdown', async () => {
    root = mkdtempSync(join(tmpdir(), 'mmlab-datadir-test-'));
    const lab = await bootNodeLab({ workspace: join(root, 'ws'), ramBytes: 16 * MiB, pagefileBytes: 16 * MiB });
    const dataDir = lab.settings.dataDir!;
    expect(dataDir.startsWith(join(root, 'ws'))).toBe(false);
    expect(existsSync(join(dataDir, 'pagefile.sys'))).toBe(true);
    await lab.shutdown();
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(join(root, 'ws'))).toBe(true);
  });

  it('a data folder given in the settings is kept, pagefile and all', async () => {
    root = mkdtempSync(join(tmpdir(), 'mmlab-datadir-test-'));
    const dataDir = join(root, 'data');
    const lab = await bootNodeLab({
      workspace: join(root, 'ws'),
      dataDir,
      ramBytes: 16 * MiB,
      pagefileBytes: 16 * MiB,
    });
    await lab.shutdown();
    expect(existsSync(join(dataDir, 'pagefile.sys'))).toBe(true);
  });

  it('a second shutdown is harmless', async () => {
    root = mkdtempSync(join(tmpdir(), 'mmlab-datadir-test-'));
    const lab = await bootNodeLab({ workspace: join(root, 'ws'), ramBytes: 16 * MiB, pagefileBytes: 0 });
    await lab.shutdown();
    await expect(lab.shutdown()).resolves.toBeUndefined();
    expect(existsSync(lab.settings.dataDir!)).toBe(false);
  });
});
