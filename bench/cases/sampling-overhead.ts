/**
 * What watching costs (issue 4): the same experiment run on a bare machine (nothing
 * subscribed to its samples or events), and on an identical machine served by the browser
 * host with a renderer-like client connected over its WebSocket,
 * receiving the counter samples at the default 10 Hz and every service event. The
 * experiment is the seeds' kind: a 128 MiB file mapped and every int32 incremented, plus
 * a few hundred service calls (so events flow too). It times itself inside the process.
 * Target: watched within 10% of bare (ratio <= 1.10). The two runs alternate (bare,
 * watched, bare, watched) and the medians are compared, so a busy host hurts both alike.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { bootNodeLab } from '../../src/node/boot.js';
import { LabService } from '../../src/node/lab-service.js';
import { startWebHost } from '../../src/node/web-host.js';
import type { LabEngine } from '../../src/lab/lab-engine.js';
import { MiB, type BenchCase, type BenchRow } from '../bench-case.js';

const FILE_BYTES = 128 * MiB;
const RAM = 64 * MiB;
const ROUNDS = 3;

const PROGRAM = `
import { CreateFile, CreateFileMapping, MapViewOfFile, UnmapViewOfFile, CloseHandle, VirtualAlloc, VirtualFree, GetLastError,
         GENERIC_READ, GENERIC_WRITE, OPEN_EXISTING, PAGE_READWRITE, FILE_MAP_WRITE, MEM_COMMIT, MEM_RESERVE, MEM_RELEASE, mem } from 'mmlab/win32';
const t0 = performance.now();
for (let i = 0; i < 200; i++) VirtualFree(VirtualAlloc(0, 65536, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE), 0, MEM_RELEASE);
const f = CreateFile('C:\\\\watch.bin', GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
const h = CreateFileMapping(f, null, PAGE_READWRITE, 0, 0, null);
const p = MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
if (!p) throw new Error('MapViewOfFile: ' + GetLastError());
const ints = mem.int32(p);
for (let i = 0; i < ${FILE_BYTES / 4}; i++) ints.set(i, ints.get(i) + 1);
UnmapViewOfFile(p); CloseHandle(h); CloseHandle(f);
console.log(JSON.stringify({ ms: performance.now() - t0 }));
`;

async function timeOnce(engine: LabEngine): Promise<number> {
  const p = await engine.start({ fileName: 'watch.ts', source: PROGRAM });
  const code = await p.exited;
  const last = [...p.stdout].reverse().find((l) => l.startsWith('{'));
  if (code !== 0 || !last) throw new Error(`watch.ts failed (0x${code.toString(16)}): ${[...p.stdout, ...p.stderr].join('\n')}`);
  return (JSON.parse(last) as { ms: number }).ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const samplingOverhead: BenchCase = {
  name: 'sampling',
  about: 'a mapped-file experiment bare vs watched through the browser host at 10 Hz',
  async run(): Promise<BenchRow[]> {
    const root = mkdtempSync(join(tmpdir(), 'mmlab-bench-watch-'));
    const machine = (name: string) => ({ workspace: join(root, name, 'ws'), dataDir: join(root, name, 'data'), ramBytes: RAM, sampleMs: 100 });
    const bareEngine = await bootNodeLab(machine('bare'));
    const service = await LabService.start(bootNodeLab, machine('watched'));
    const engine = await service.engine();
    const host = await startWebHost(service, { rendererDir: root });
    let samples = 0;
    let events = 0;
    try {
      for (const e of [bareEngine, engine]) {
        const file = join(e.settings.workspace, 'watch.bin');
        writeFileSync(file, Buffer.alloc(0));
        truncateSync(file, FILE_BYTES);
      }
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.on('message', (raw) => {
        // What the renderer does with every push: parse it.
        const m = JSON.parse(String(raw)) as { channel?: string };
        if (m.channel === 'sample') samples++;
        else if (m.channel === 'event') events++;
      });
      const bare: number[] = [];
      const watched: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        bare.push(await timeOnce(bareEngine));
        watched.push(await timeOnce(engine));
      }
      ws.close();
      const ratio = median(watched) / median(bare);
      return [
        { measure: 'bare experiment (median)', value: median(bare), unit: 'ms' },
        { measure: 'watched at 10 Hz (median)', value: median(watched), unit: 'ms', note: `${samples} samples, ${events} events pushed` },
        { measure: 'watched / bare', value: ratio, unit: 'x', max: 1.1, note: samples > 0 && events > 0 ? 'samples and events really flowed' : 'NOTHING FLOWED: figure meaningless' },
      ];
    } finally {
      await host.close();
      await service.shutdown();
      await bareEngine.shutdown();
      rmSync(root, { recursive: true, force: true });
    }
  },
};
