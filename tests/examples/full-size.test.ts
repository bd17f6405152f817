/**
 * The slow tier: S4 and S13 at the seeds' full size (SPEC section 4, issue 3 section 4).
 *   S4   increment every int32 of a 1 GiB file through one view with 256 MiB of RAM;
 *   S13  Count0s over a 4 GiB sparse file through 64 KiB views in the x86 profile, where the
 *        whole-file view fails.
 * Skipped by `npm test`; `npm run test:slow` runs it (vitest.slow.config.ts sets MMLAB_SLOW=1).
 * Each takes minutes on a 2-core machine.
 */
import { describe } from 'vitest';
import { GiB, MiB } from './run-example.js';
import { s4Tests } from './s04-checks.js';
import { s13Tests } from './s13-checks.js';

const SLOW = process.env['MMLAB_SLOW'] === '1';
const TIMEOUT = 30 * 60_000;

describe.runIf(SLOW)('full size', () => {
  describe("S4: increment every int32 of the seed's 1 GiB file through one view, 256 MiB of RAM", () => {
    s4Tests(1 * GiB, 256 * MiB, '1G', TIMEOUT);
  });

  describe('S13: a 4 GiB sparse file through sliding 64 KiB views in the x86 profile', () => {
    s13Tests(4 * GiB, '4G', false, TIMEOUT);
  });
});
