/**
 * Lab.start with an image: the lab starts an EXE as a top-level process (what `mmlab run
 * app.exe` and the renderer's "Run an EXE" do), as CreateProcess would — the image mapped
 * at its base, its DLLs loaded, its companion program running — and refuses what
 * CreateProcess would refuse with a ProgramError that says why.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramError } from '../../src/lab/lab-engine.js';
import { bootTestLab, type TestLab } from '../harness.js';
import { FIXTURES, installSamples } from './lab.js';

describe('Lab.start of an image', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await bootTestLab({ profile: 'x86', ramBytes: 32 << 20, pagefileBytes: 32 << 20 });
    installSamples(lab);
    copyFileSync(join(FIXTURES, 'app.exe.ts'), join(lab.workspace, 'app.exe.ts'));
    // The same image under other names: one without a companion, one whose companion does not compile.
    copyFileSync(join(FIXTURES, 'app.exe'), join(lab.workspace, 'lonely.exe'));
    copyFileSync(join(FIXTURES, 'app.exe'), join(lab.workspace, 'broken.exe'));
    writeFileSync(join(lab.workspace, 'broken.exe.ts'), 'const x: number = ;\n');
    writeFileSync(join(lab.workspace, 'text.exe'), 'not a PE file at all');
  }, 60_000);
  afterAll(async () => {
    lab.checkInvariants();
    await lab.close();
  });

  const start = (image: string, commandLine?: string) =>
    lab.engine.start({ fileName: image, source: '', image, commandLine });

  it('runs the companion program of the EXE, with the image at its preferred base', async () => {
    const p = await start('C:\\app.exe', 'app.exe --single');
    expect(p.name).toBe('C:\\app.exe');
    expect(await p.exited).toBe(0);
    expect(p.stdout[0]).toBe(`[${p.pid}] app.exe instance 1 at 0x400000`);
    expect(p.stdout).toContain(`[${p.pid}]   .text    0x401000  protect 0x20`);
  });

  it('takes a path without a drive as one on C:\\ and the path as the command line by default', async () => {
    const p = await start('app.exe');
    expect(await p.exited).toBe(0);
    expect(p.name).toBe('C:\\app.exe');
    expect(p.stdout[0]).toMatch(/instance 1 at 0x400000$/);
  });

  it('runs an image without a companion program, which exits at once saying so', async () => {
    const p = await start('C:\\lonely.exe');
    expect(await p.exited).toBe(0);
    expect(p.stderr.join('\n')).toContain(
      'has no companion program (C:\\lonely.exe.ts, C:\\lonely.exe.js, C:\\lonely.ts, C:\\lonely.js)',
    );
  });

  it('refuses what CreateProcess refuses, saying why', async () => {
    await expect(start('C:\\missing.exe')).rejects.toThrow(
      new ProgramError('C:\\missing.exe: no such file in the workspace (ERROR_FILE_NOT_FOUND, 2)'),
    );
    await expect(start('C:\\text.exe')).rejects.toThrow(
      /^C:\\text\.exe: not an EXE this machine can run .*\(ERROR_BAD_EXE_FORMAT, 193\)$/,
    );
    await expect(start('C:\\liba.dll')).rejects.toThrow(/not an executable image/);
    await expect(start('C:\\broken.exe')).rejects.toThrow(ProgramError);
    await expect(start('C:\\broken.exe')).rejects.toThrow(
      /^C:\\broken\.exe\.ts \(the companion program of C:\\broken\.exe\): /,
    );
    expect(lab.engine.processes().filter((p) => p.state !== 'exited')).toEqual([]);
  });
});
