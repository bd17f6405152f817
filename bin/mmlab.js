#!/usr/bin/env node
// mmlab command line. Runs straight from the TypeScript sources (no build step) by
// registering tsx's loader, then hands over to src/cli/main.ts. Exits only after stdout
// and stderr have drained, so piped --json output is never cut short.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
await Promise.all([process.stdout, process.stderr].map((s) => new Promise((resolve) => s.write('', resolve))));
process.exit(code);
