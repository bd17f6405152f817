/**
 * Seed experiments S11 and S12 (SPEC section 4):
 *   S11  the file handle closed right after CreateFileMapping and the mapping handle right
 *        after MapViewOfFile: the view keeps working; at the last unmap everything is freed
 *        (the step table adds up to the page tables alone) and the file is closed (an
 *        exclusive CreateFile succeeds, where it failed while the view existed);
 *   S12  a maximum size larger than the file grows the file at once; a read-only mapping
 *        cannot; size 0 on an empty file fails with ERROR_FILE_INVALID.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MiB, PAGE, pageTablesBetween, useExample } from './run-example.js';

const ERROR_NOT_ENOUGH_MEMORY = 8;
const ERROR_SHARING_VIOLATION = 32;
const ERROR_FILE_INVALID = 1006;

describe('S11: close the handles early, unmap last', () => {
  const ex = useExample('S11');
  const steps = () => {
    const all = ex.run.steps;
    const first = all.findIndex((s) => s.what.startsWith('CreateFile('));
    const last = all.findIndex((s) => s.what.startsWith('UnmapViewOfFile(pMap)'));
    return all.slice(first, last + 1);
  };

  it('runs to the end', () => {
    expect(ex.run.exitCode, ex.run.dump()).toBe(0);
    expect(ex.run.text()[0]).toBe('made C:\\S11-1M.bin: 1048576 bytes, sparse');
  });

  it('closing the file handle, then the mapping handle, frees nothing the view needs', () => {
    expect(ex.run.call(ex.run.step('CloseHandle(hFile)'))).toMatchObject({ result: 1, lastError: 0 });
    expect(ex.run.step('CloseHandle(hFile)')).toMatchObject({ phys: 0, pagefile: 0, virtual: 0 });
    expect(ex.run.step('CloseHandle(hMap)')).toMatchObject({ pagefile: 0, virtual: 0 });
    // The view works without either handle.
    expect(ex.run.text()).toContain('read back: page 0 = 1, page 255 = 256');
  });

  it('while the view exists the file is open: an exclusive CreateFile fails with ERROR_SHARING_VIOLATION', () => {
    expect(ex.run.text()).toContain(
      `CreateFile(C:\\S11-1M.bin, no sharing) while the view exists: INVALID_HANDLE_VALUE, GetLastError() = ${ERROR_SHARING_VIOLATION}`,
    );
  });

  it('the last unmap frees everything: the steps add up to the page tables the view needed', () => {
    const s = steps();
    expect(s.map((x) => x.what.split('(')[0])).toEqual([
      'CreateFile',
      'CreateFileMapping',
      'CloseHandle',
      'MapViewOfFile',
      'CloseHandle',
      'write the first int32 of each of the 256 pages',
      'UnmapViewOfFile',
    ]);
    const tables = pageTablesBetween(s[0]!.previous, s[s.length - 1]!.line);
    const sum = (k: 'phys' | 'pagefile' | 'virtual') => s.reduce((a, x) => a + x[k], 0);
    expect({ phys: sum('phys'), pagefile: sum('pagefile'), virtual: sum('virtual') }).toEqual({
      phys: 0 - tables * PAGE,
      pagefile: 0 - tables * PAGE,
      virtual: 0,
    });
    expect(ex.run.step('UnmapViewOfFile(pMap)')).toMatchObject({ virtual: 1 * MiB });
  });

  it('the file was closed by the unmap: an exclusive CreateFile succeeds and reads what the view wrote', () => {
    expect(
      ex.run.text().some((t) => /^CreateFile\(C:\\S11-1M\.bin, no sharing\) after the unmap: handle \d+$/.test(t)),
    ).toBe(true);
    expect(ex.run.text()).toContain('ReadFile: page 255 = 256');
  });
});

describe('S12: the maximum size of a mapping of a file', () => {
  const ex = useExample('S12');
  const creates = () =>
    ex.run.events.filter((e) => e.kind === 'service' && e.call === 'CreateFileMapping') as Array<{
      result: number;
      lastError: number;
    }>;

  it('runs to the end', () => expect(ex.run.exitCode, ex.run.dump()).toBe(0));

  it('PAGE_READWRITE with a size larger than the file grows the file at once', () => {
    expect(ex.run.text()).toContain('C:\\S12-grow.bin: 4096 bytes');
    expect(ex.run.text()).toContain('C:\\S12-grow.bin after CreateFileMapping: 1048576 bytes');
    expect(creates()[0]).toMatchObject({ lastError: 0 });
    expect(creates()[0]!.result).toBeGreaterThan(0);
    expect(statSync(join(ex.lab.workspace, 'S12-grow.bin')).size).toBe(1 * MiB);
  });

  it('PAGE_READONLY with a size larger than the file fails: a read-only mapping cannot grow it', () => {
    expect(creates()[1]).toMatchObject({ result: 0, lastError: ERROR_NOT_ENOUGH_MEMORY });
    expect(ex.run.text()).toContain(
      `CreateFileMapping(hFile, PAGE_READONLY, 0, 2097152, NULL) = 0, GetLastError() = ${ERROR_NOT_ENOUGH_MEMORY}`,
    );
  });

  it('size 0 on an empty file fails with ERROR_FILE_INVALID and moves nothing', () => {
    expect(creates()[2]).toMatchObject({ result: 0, lastError: ERROR_FILE_INVALID });
    expect(ex.run.text()).toContain(`CreateFileMapping on an empty file = 0, GetLastError() = ${ERROR_FILE_INVALID}`);
    expect(ex.run.step('CreateFileMapping(hEmpty')).toMatchObject({ phys: 0, pagefile: 0, virtual: 0 });
    expect(statSync(join(ex.lab.workspace, 'S12-empty.bin')).size).toBe(0);
  });
});
