/**
 * A running image cannot be deleted: while an image section of app.exe lives (the process
 * runs), DeleteFile fails with ERROR_ACCESS_DENIED, as Windows's MmFlushImageSection makes
 * it; once the process has exited and the image section is gone, the file can be deleted.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestLab, parseJsonLines, type TestLab } from '../harness.js';
import { FIXTURES, installSamples } from './lab.js';

const deleter = `
import { DeleteFile, GetLastError, SetLastError } from 'mmlab/win32';
SetLastError(0);
const ok = DeleteFile('C:\\\\app.exe');
console.log(JSON.stringify([ok, GetLastError()]));
`;

describe('DeleteFile of an image', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await bootTestLab({ profile: 'x86', ramBytes: 32 << 20, pagefileBytes: 32 << 20 });
    installSamples(lab);
    copyFileSync(join(FIXTURES, 'app.exe.ts'), join(lab.workspace, 'app.exe.ts'));
  }, 60_000);
  afterAll(async () => {
    lab.checkInvariants();
    await lab.close();
  });

  it('fails with ERROR_ACCESS_DENIED while the EXE runs, and works after it exited', async () => {
    const app = await lab.engine.start({ fileName: 'C:\\app.exe', source: '', image: 'C:\\app.exe', commandLine: 'app.exe --stay 2000' });
    for (let i = 0; i < 200 && app.stdout.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const during = await lab.run(deleter);
    expect(parseJsonLines(during.stdout)[0]).toEqual([0, 5]);
    lab.engine.terminate(app.pid, 0);
    await app.exited;
    const after = await lab.run(deleter);
    expect(parseJsonLines(after.stdout)[0]).toEqual([1, 0]);
  });
});
