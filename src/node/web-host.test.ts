import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LabEvent } from '../api/events.js';
import { SERVICE_EVENTS_PER_WINDOW } from './event-rate-gate.js';
import { LabService } from './lab-service.js';
import { stubBoot } from './testing/stub-lab-engine.js';
import { parseSize, parseWebHostArgs, startWebHost, type WebHost } from './web-host.js';

const TOKEN = 'unit-test-token';

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => undefined);
  });
}

function ask(ws: WebSocket, frame: string): Promise<{ id: unknown; result?: unknown; error?: string }> {
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData): void => {
      const message = JSON.parse(String(raw)) as { id: unknown; channel?: string };
      if (message.channel !== undefined) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.send(frame);
  });
}

describe('browser host', () => {
  let host: WebHost;
  let service: LabService;
  const { boot, engines } = stubBoot();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmlab-web-host-test-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>lab</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'mmlab-secret.txt'), 'secret');
    service = await LabService.start(boot, { workspace: dir, ramBytes: 32 * 1024 * 1024 });
    host = await startWebHost(service, { rendererDir: dir, token: TOKEN });
  });

  afterAll(async () => {
    await host.close();
    await service.shutdown();
  });

  it('listens on loopback and prints a tokenised URL', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
  });

  it('refuses HTTP requests without the token and serves them with it', async () => {
    expect((await get(host.port, '/')).status).toBe(403);
    expect((await get(host.port, '/?token=wrong-token-1')).status).toBe(403);
    expect((await get(host.port, '/assets/app.js')).status).toBe(403);
    const page = await get(host.port, `/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>lab</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toBe(`mmlab_token_${host.port}=${TOKEN}`);
    const asset = await get(host.port, '/assets/app.js', { Cookie: cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses other Host headers (DNS rebinding) and never leaves the renderer folder', async () => {
    expect((await get(host.port, `/?token=${TOKEN}`, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(host.port, `/../mmlab-secret.txt?token=${TOKEN}`)).status).toBe(404);
    expect((await get(host.port, `/%2e%2e/mmlab-secret.txt?token=${TOKEN}`)).status).toBe(404);
    expect((await get(host.port, `/missing.js?token=${TOKEN}`)).status).toBe(404);
  });

  it('refuses WebSocket upgrades without the token or from another origin', async () => {
    const base = `ws://127.0.0.1:${host.port}/api`;
    expect(await connect(base)).toBe(403);
    expect(await connect(`${base}?token=wrong-token-1`)).toBe(403);
    expect(await connect(`${base}?token=${TOKEN}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await connect(`ws://127.0.0.1:${host.port}/other?token=${TOKEN}`)).toBe(404);
  });

  it('answers requests, refuses bad ones with an error reply, and pushes samples', async () => {
    const ws = await connect(`ws://127.0.0.1:${host.port}/api?token=${TOKEN}`);
    if (typeof ws === 'number') throw new Error(`refused: ${ws}`);
    expect(await ask(ws, JSON.stringify({ id: 1, method: 'settings', args: [] }))).toMatchObject({
      id: 1,
      result: { ramBytes: 32 * 1024 * 1024 },
    });
    expect((await ask(ws, 'nope')).error).toMatch(/invalid JSON/);
    expect((await ask(ws, '[1,2]')).error).toMatch(/must be an object/);
    expect((await ask(ws, JSON.stringify({ method: 'settings' }))).error).toMatch(/needs an id/);
    expect(await ask(ws, JSON.stringify({ id: 'x', method: 'eval', args: ['1'] }))).toMatchObject({
      id: 'x',
      error: expect.stringMatching(/unknown method "eval"/),
    });
    expect((await ask(ws, JSON.stringify({ id: 2, method: 'terminate', args: [-1] }))).error).toMatch(/pid must be/);

    const pushed = new Promise<unknown>((resolve) => {
      ws.on('message', (raw) => {
        const message = JSON.parse(String(raw)) as { channel?: string; data?: unknown };
        if (message.channel === 'sample') resolve(message.data);
      });
    });
    const sample = engines[0]!.emitSample();
    expect(await pushed).toEqual(sample);

    // A reboot's phases arrive as pushes before its reply.
    const phases: string[] = [];
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { channel?: string; data?: { phase: string } };
      if (message.channel === 'reboot') phases.push(message.data!.phase);
    });
    expect(
      await ask(ws, JSON.stringify({ id: 3, method: 'reboot', args: [{ ramBytes: 16 * 1024 * 1024 }] })),
    ).toMatchObject({
      id: 3,
      result: { ramBytes: 16 * 1024 * 1024 },
    });
    expect(phases).toEqual(['stopping', 'booting', 'done']);
    ws.close();
  });

  it('passes a flood of service events at the capped rate, and process events always', async () => {
    const ws = await connect(`ws://127.0.0.1:${host.port}/api?token=${TOKEN}`);
    if (typeof ws === 'number') throw new Error(`refused: ${ws}`);
    let services = 0;
    const exited = new Promise<void>((resolve) => {
      ws.on('message', (raw) => {
        const message = JSON.parse(String(raw)) as { channel?: string; data?: LabEvent };
        if (message.channel !== 'event') return;
        if (message.data!.kind === 'service') services++;
        else if (message.data!.kind === 'process') resolve();
      });
    });
    // A program calling in a loop: 20,000 calls in one burst, then its exit.
    const engine = engines.at(-1)!;
    const deltas = { availPhys: 0, availPageFile: 0, availVirtual: 0, commitCharge: 0, workingSet: 0 };
    for (let seq = 1; seq <= 20_000; seq++)
      engine.emitEvent({ kind: 'service', seq, t: 0, pid: 100, call: 'VirtualAlloc', args: [], result: 0, lastError: 0, deltas });
    engine.emitEvent({ kind: 'process', seq: 20_001, t: 1, pid: 100, what: 'exited', name: 'loop.ts', exitCode: 0 });
    await exited;
    expect(services).toBe(SERVICE_EVENTS_PER_WINDOW);
    ws.close();
  });
});

describe('browser host command line', () => {
  it('parses sizes as binary multiples', () => {
    expect(parseSize('256M')).toBe(256 * 1024 * 1024);
    expect(parseSize('1G')).toBe(1024 ** 3);
    expect(parseSize('512MiB')).toBe(512 * 1024 * 1024);
    expect(parseSize('64KB')).toBe(64 * 1024);
    expect(parseSize('4096')).toBe(4096);
    expect(() => parseSize('lots')).toThrow(/not a size/);
  });

  it('reads the options', () => {
    const args = parseWebHostArgs(
      ['--ram', '64M', '--pagefile', '0', '--arch', 'x64', '--port', '8080', '--no-open'],
      {},
    );
    expect(args).toMatchObject({ port: 8080, open: false, token: undefined });
    expect(args.settings).toMatchObject({ ramBytes: 64 * 1024 * 1024, pagefileBytes: 0, profile: 'x64' });
    expect(args.settings.workspace).toMatch(/mmlab-workspace$/);
    expect(parseWebHostArgs([], { MMLAB_TOKEN: 'from-env-123' }).token).toBe('from-env-123');
    expect(() => parseWebHostArgs(['--port', '99999'], {})).toThrow(/--port/);
    expect(() => parseWebHostArgs(['--token', 'short'], {})).toThrow(/--token/);
    expect(() => parseWebHostArgs(['--bogus'], {})).toThrow();
  });
});
