/**
 * What S13 (SPEC section 4: a file larger than the address space, read through sliding views
 * at 64 KiB-aligned offsets) must show, as tests shared by the default tier (a 64 MiB file,
 * s13-sliding-views.test.ts) and the slow tier (the seed's 4 GiB file in the x86 profile,
 * full-size.test.ts). Only a file larger than the largest free region of the address space
 * makes the whole-file view fail, so that check runs at full size only.
 */
import { expect, it } from 'vitest';
import { balanceSetFloorPages, PAGE, useExample } from './run-example.js';

const ERROR_NOT_ENOUGH_MEMORY = 8;
const ERROR_MAPPED_ALIGNMENT = 1132;
const VIEW = 64 * 1024;

export function s13Tests(fileBytes: number, sizeName: string, wholeFileFits: boolean, timeoutMs: number): void {
  const ex = useExample('S13', { args: [sizeName], settings: { profile: 'x86' } }, timeoutMs);

  it('runs to the end', () => {
    expect(ex.run.exitCode, ex.run.dump()).toBe(0);
    expect(ex.run.text()[0]).toBe(`made C:\\S13-${sizeName}.bin: ${fileBytes} bytes, sparse`);
  });

  if (wholeFileFits) {
    it('a view of the whole file fits in the address space at this size', () => {
      expect(ex.run.line('the whole file: ').text).toMatch(/^the whole file: mapped at 0x[0-9a-f]+$/);
    });
  } else {
    it('a view of the whole file fails with ERROR_NOT_ENOUGH_MEMORY and takes nothing', () => {
      const whole = ex.run.step('MapViewOfFile(hFileMapping, FILE_MAP_READ, 0, 0, 0)');
      expect(ex.run.call(whole)).toMatchObject({
        call: 'MapViewOfFile',
        result: 0,
        lastError: ERROR_NOT_ENOUGH_MEMORY,
      });
      expect(whole).toMatchObject({ phys: 0, pagefile: 0, virtual: 0 });
      expect(ex.run.text()).toContain(`the whole file: NULL, GetLastError() = ${ERROR_NOT_ENOUGH_MEMORY}`);
    });
  }

  it('a file offset that is not a multiple of 64 KiB fails with ERROR_MAPPED_ALIGNMENT', () => {
    expect(ex.run.text()).toContain(`offset 4096: NULL, GetLastError() = ${ERROR_MAPPED_ALIGNMENT}`);
  });

  it('64 KiB views at every 64 KiB of the file read every byte: the count is exact', () => {
    expect(ex.run.text()).toContain(
      `zeros: ${fileBytes - 8} of ${fileBytes} bytes (8 nonzero), ${fileBytes / VIEW} views, ` +
        ex.run.line('zeros: ').text.split(' views, ')[1],
    );
  });

  it('each view is unmapped before the next: avail virtual stays level, avail phys above the floor', () => {
    const count = ex.run.step('Count0s: ');
    expect(count.virtual).toBe(0);
    const checkpoints = ex.run.lines.filter((l) => / read: avail phys /.test(l.text));
    expect(checkpoints).toHaveLength(8);
    const virtuals = checkpoints.map((l) => Number(/avail virtual (\d+)/.exec(l.text)![1]));
    expect(new Set(virtuals).size).toBe(1);
    const floor = balanceSetFloorPages(ex.lab) * PAGE;
    for (const l of checkpoints) expect(l.sample.system.availPhys).toBeGreaterThanOrEqual(floor);
  });
}
