/**
 * bootNodeLab: boots a lab machine in this Node process (CLI, browser host, Electron
 * main, tests). Creates the workspace and data folders if needed. Without a dataDir the
 * machine gets a temporary data folder (its pagefile) that shutdown deletes; a dataDir
 * that was given, and the workspace, are left alone.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveSettings, type MachineSettings } from '../api/settings.js';
import { Lab } from '../lab/lab.js';
import type { LabEngine } from '../lab/lab-engine.js';
import { NodeHost } from './node-host.js';

export async function bootNodeLab(input: Partial<MachineSettings> & { workspace: string }): Promise<LabEngine> {
  const settings = resolveSettings({ ...input, workspace: resolve(input.workspace) });
  mkdirSync(settings.workspace, { recursive: true });
  const temporary = !settings.dataDir;
  const dataDir = settings.dataDir ? resolve(settings.dataDir) : mkdtempSync(join(tmpdir(), 'mmlab-data-'));
  mkdirSync(dataDir, { recursive: true });
  const full = { ...settings, dataDir };
  const removeTemporary = () => {
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };
  return new Lab(full, new NodeHost(full.workspace, dataDir), removeTemporary);
}
