/**
 * Seed experiment S4 (SPEC section 4) at a reduced size: increment every int32 of a 32 MiB
 * file through one view on a 16 MiB machine (the file is twice the RAM, as the seed's 1 GiB
 * is four times 256 MiB). The full size runs in the slow tier (npm run test:slow).
 */
import { describe } from 'vitest';
import { MiB } from './run-example.js';
import { s4Tests } from './s04-checks.js';

describe('S4: increment every int32 of a 32 MiB file through one view, 16 MiB of RAM', () => {
  s4Tests(32 * MiB, 16 * MiB, '32M', 180_000);
});
