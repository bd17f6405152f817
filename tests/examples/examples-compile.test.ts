/**
 * The seed examples type-check against the Win32 layer they import ('mmlab/win32' is
 * src/win32, examples/tsconfig.json), so a change to a Win32 signature that breaks an example
 * shows here and not only when someone runs it.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('examples/*.ts type-check (tsc -p examples)', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const project = fileURLToPath(new URL('../../examples/tsconfig.json', import.meta.url));
  const r = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 150_000);
