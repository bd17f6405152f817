/**
 * Seed experiment S13 (SPEC section 4) at a reduced size: Count0s over a 64 MiB file through
 * 64 KiB views in the x86 profile. The seed's 4 GiB file, whose whole-file view fails, runs
 * in the slow tier (npm run test:slow).
 */
import { describe } from 'vitest';
import { MiB } from './run-example.js';
import { s13Tests } from './s13-checks.js';

describe('S13: a 64 MiB file through sliding 64 KiB views', () => {
  s13Tests(64 * MiB, '64M', true, 180_000);
});
