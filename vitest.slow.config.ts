// The slow tier: the seed experiments at full size (tests/examples/full-size.test.ts), which
// `npm test` skips. Run with `npm run test:slow`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/examples/full-size.test.ts'],
    environment: 'node',
    env: { MMLAB_SLOW: '1' },
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
  },
});
