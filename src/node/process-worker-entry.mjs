// Bootstrap of an emulated process's worker thread: lets Node load the TypeScript
// worker (no build step in the checkout), then runs it.
import { register } from 'tsx/esm/api';

register();
await import('./process-worker.ts');
