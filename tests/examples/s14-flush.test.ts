/**
 * Seed experiment S14 (SPEC section 4): FlushViewOfFile rounds to whole pages, and once it
 * returns the data is on disk even if the host dies.
 *   - In the lab engine: at the moment the example prints its flush step, page 1 of the file
 *     on disk holds both marks (the one inside the 10 bytes flushed and the one outside them),
 *     while page 3, written the same way but not flushed, does not hold its mark yet.
 *   - Durability: `mmlab examples S14 64K 60000` runs in a child Node process that holds the
 *     view after the flush; the test kills it with SIGKILL as soon as it says it holds the
 *     view, before any unmap or close. The file must hold page 1's marks.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PAGE, useExample } from './run-example.js';

const MMLAB = fileURLToPath(new URL('../../bin/mmlab.js', import.meta.url));

/** The NUL-terminated string at `offset` of `file`. */
function stringAt(file: Buffer, offset: number): string {
  const end = file.indexOf(0, offset);
  return file.subarray(offset, end < 0 ? undefined : end).toString('latin1');
}

describe('S14: FlushViewOfFile in the lab', () => {
  let atFlush: Buffer | null = null;
  const ex = useExample('S14', {
    onLine: (l) => {
      if (l.text.startsWith('FlushViewOfFile(')) atFlush = readFileSync(join(ex.lab.workspace, 'S14.bin'));
    },
  });

  it('runs to the end', () => {
    expect(ex.run.exitCode, ex.run.dump()).toBe(0);
    expect(ex.run.text()).toContain(
      'run 1: wrote "mark A 1" at page 1 + 100, "mark B 1" at page 1 + 4000, "mark C 1" at page 3 + 100',
    );
  });

  it('FlushViewOfFile(p + 4096 + 100, 10) succeeds and moves no counter', () => {
    const flush = ex.run.step('FlushViewOfFile(pMap + 4096 + 100, 10)');
    expect(ex.run.call(flush)).toMatchObject({ call: 'FlushViewOfFile', result: 1, lastError: 0 });
    expect(flush).toMatchObject({ phys: 0, pagefile: 0, virtual: 0 });
  });

  it('when it returns, all of page 1 is on disk: the flush is rounded out to whole pages', () => {
    expect(atFlush).not.toBeNull();
    expect(stringAt(atFlush!, PAGE + 100)).toBe('mark A 1');
    expect(stringAt(atFlush!, PAGE + 4000)).toBe('mark B 1');
  });

  it('pages outside the range are not part of the flush: page 0 and page 3 are not on disk yet', () => {
    expect(atFlush!.readInt32LE(0)).toBe(0);
    expect(stringAt(atFlush!, 3 * PAGE + 100)).toBe('');
  });

  it('all of it is in the file once the view is unmapped and the file closed', () => {
    const file = readFileSync(join(ex.lab.workspace, 'S14.bin'));
    expect([
      file.readInt32LE(0),
      stringAt(file, PAGE + 100),
      stringAt(file, PAGE + 4000),
      stringAt(file, 3 * PAGE + 100),
    ]).toEqual([1, 'mark A 1', 'mark B 1', 'mark C 1']);
  });
});

describe('S14: the flushed data survives SIGKILL of the host', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'mmlab-s14-'));
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('kill -9 right after the flush returned: page 1 of the file holds both marks', async () => {
    const child = spawn(process.execPath, [MMLAB, 'examples', 'S14', '64K', '60000', '--workspace', workspace], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const killed = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no flush line within 60 s.\nstdout:\n${out}\nstderr:\n${err}`));
      }, 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        // Printed after FlushViewOfFile returned, as the program starts to hold the view (it
        // unmaps only after 60 s): kill the host now.
        if (/\] holding the view for 60000 ms/.test(out)) {
          clearTimeout(timer);
          child.kill('SIGKILL');
        }
      });
      child.on('exit', (_code, signal) => {
        clearTimeout(timer);
        resolve(signal ?? 'exit');
      });
    });
    expect(killed, `the host ended on its own.\nstdout:\n${out}\nstderr:\n${err}`).toBe('SIGKILL');
    expect(out).toMatch(/\] flushed: page 1 \(bytes 4096 to 8191 of C:\\S14\.bin\) is on disk/);
    const file = readFileSync(join(workspace, 'S14.bin'));
    expect(file.length).toBe(64 * 1024);
    expect(stringAt(file, PAGE + 100)).toBe('mark A 1');
    expect(stringAt(file, PAGE + 4000)).toBe('mark B 1');
    // Page 3 was written the same way but not flushed, and the host died before the unmap: its
    // mark is not there. What survived is what the flush wrote.
    expect(stringAt(file, 3 * PAGE + 100)).toBe('');
  }, 90_000);
});
