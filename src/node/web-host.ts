/**
 * The browser host (`npm run web`): the same lab as the desktop app, for machines without an
 * Electron binary and for the e2e suite. It boots the lab engine, serves the built renderer
 * (out/renderer) over HTTP and carries the LabApi over a WebSocket at /api.
 *
 * Security model: loopback only (127.0.0.1), plus a random per-run token. The page URL
 * carries the token (`/?token=…`); the first page load with it also sets an HttpOnly,
 * SameSite=Strict cookie so the page's scripts and styles load without it. Every HTTP request
 * and WebSocket upgrade without the right token (query or cookie) is refused with 403, as is
 * any request whose Host is not the loopback address and port (DNS rebinding) or whose Origin
 * is some other site.
 *
 * Wire format (JSON text frames):
 *   client → host   {id, method, args}                   one LabApi request
 *   host → client   {id, result} | {id, error}           its reply; error is a one-line message
 *   host → client   {channel: 'sample' | 'event' | 'step' | 'reboot', data}  pushes
 */
import { spawn } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { homedir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { AddressSpaceProfile, MachineSettings } from '../api/settings.js';
import { bootNodeLab } from './boot.js';
import { folderExamples, win32Names } from './example-library.js';
import { installSampleImages } from './sample-images.js';
import { LabService, type BootLab } from './lab-service.js';
import { EventRateGate, SERVICE_EVENTS_PER_WINDOW, SERVICE_EVENT_WINDOW_MS } from './event-rate-gate.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');

export interface WebHostOptions {
  /** Serves this folder (default out/renderer). */
  rendererDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default: a random 128-bit token. A fixed one is for tests only. */
  token?: string;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Samples and service events are dropped (not queued) for a client this far behind; process and output events are always sent. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Starts serving `service` on 127.0.0.1. Resolves once listening. */
export async function startWebHost(service: LabService, options: WebHostOptions = {}): Promise<WebHost> {
  const rendererDir = resolve(options.rendererDir ?? RENDERER_DIR);
  const token = options.token ?? randomBytes(16).toString('hex');
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('web host: no TCP address');
  const port = address.port;
  const gate = new Gate(token, port);
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

  server.on('request', (req, res) => {
    serveStatic(req, res, rendererDir, gate, csp).catch((error: unknown) => {
      console.error('mmlab web host: request failed:', error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const refusal = url.pathname !== '/api' ? 'Not Found' : gate.check(req, url);
    if (refusal !== null) {
      const status = refusal === 'Not Found' ? '404 Not Found' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, service));
  });

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => closeServer(server, wss),
  };
}

/** Decides whether a request may pass: right Host, same-origin Origin, right token. */
class Gate {
  readonly cookieName: string;
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(
    private readonly token: string,
    port: number,
  ) {
    this.cookieName = `mmlab_token_${port}`;
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([...this.hosts].map((h) => `http://${h}`));
  }

  /** Null if allowed, else the reason for the 403. */
  check(req: IncomingMessage, url: URL): string | null {
    if (!this.hosts.has(req.headers.host ?? '')) return 'wrong Host header';
    const origin = req.headers.origin;
    if (origin !== undefined && !this.origins.has(origin)) return 'cross-origin request';
    if (this.matches(url.searchParams.get('token')) || this.matches(this.cookie(req))) return null;
    return 'missing or wrong token';
  }

  /** True if the URL itself carries the right token (then the page gets the cookie). */
  hasQueryToken(url: URL): boolean {
    return this.matches(url.searchParams.get('token'));
  }

  private cookie(req: IncomingMessage): string | null {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === this.cookieName) return value.join('=');
    }
    return null;
  }

  private matches(candidate: string | null): boolean {
    if (candidate === null) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rendererDir: string,
  gate: Gate,
  csp: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const refusal = gate.check(req, url);
  const common = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };
  if (refusal !== null) {
    res.writeHead(403, { ...common, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`Forbidden: ${refusal}. Open the URL that \`npm run web\` printed, with its token.\n`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...common, Allow: 'GET, HEAD' });
    res.end();
    return;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    relative = '\0';
  }
  if (relative.endsWith('/')) relative += 'index.html';
  const file = resolve(rendererDir, `.${relative}`);
  if (relative.includes('\0') || !file.startsWith(rendererDir + sep) || !isFile(file)) {
    res.writeHead(404, { ...common, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
    return;
  }
  const headers: Record<string, string> = {
    ...common,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
  };
  if (extname(file) === '.html') {
    headers['Content-Security-Policy'] = csp;
    headers['X-Frame-Options'] = 'DENY';
    if (gate.hasQueryToken(url))
      headers['Set-Cookie'] = `${gate.cookieName}=${url.searchParams.get('token')}; HttpOnly; SameSite=Strict; Path=/`;
  }
  const body = await readFile(file);
  res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** One browser tab: requests in, replies and pushes out. Nothing a client sends can throw here. */
function serveClient(ws: WebSocket, service: LabService): void {
  const send = (message: unknown): void => {
    if (ws.readyState !== ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      const id = (message as { id?: unknown }).id ?? null;
      text = JSON.stringify({ id, error: `the reply could not be encoded: ${errorMessage(error)}` });
    }
    ws.send(text);
  };
  const gate = new EventRateGate(SERVICE_EVENTS_PER_WINDOW, SERVICE_EVENT_WINDOW_MS, () => performance.now());
  const removeSink = service.addSink({
    sample: (data) => {
      if (ws.bufferedAmount < MAX_BUFFERED_BYTES) send({ channel: 'sample', data });
    },
    event: (data) => {
      // A program calling in a loop makes a hundred thousand service events a second, more
      // than a page can take (event-rate-gate.ts): a client gets at most the gate's rate,
      // and one that has fallen behind misses service events as it misses samples (its step
      // table and markers show the newest anyway); process and console events always go.
      if (data.kind === 'service' && ws.bufferedAmount >= MAX_BUFFERED_BYTES) return;
      if (!gate.admit(data)) return;
      send({ channel: 'event', data });
    },
    step: (data) => send({ channel: 'step', data }),
    reboot: (data) => send({ channel: 'reboot', data }),
  });
  ws.on('close', removeSink);
  ws.on('error', () => ws.terminate());
  ws.on('message', (raw: RawData, isBinary: boolean) => {
    void handleMessage(raw, isBinary, service).then(send);
  });
}

/** Turns one frame into its reply. Never rejects. */
export async function handleMessage(raw: RawData, isBinary: boolean, service: LabService): Promise<unknown> {
  if (isBinary) return { id: null, error: 'binary frames are not accepted; send JSON text' };
  let request: unknown;
  try {
    request = JSON.parse(rawToString(raw));
  } catch (error) {
    return { id: null, error: `invalid JSON: ${errorMessage(error)}` };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { id: null, error: 'a request must be an object {id, method, args}' };
  }
  const { id, method, args } = request as { id?: unknown; method?: unknown; args?: unknown };
  if (!(typeof id === 'number' && Number.isFinite(id)) && typeof id !== 'string') {
    return { id: null, error: 'a request needs an id (number or string)' };
  }
  try {
    const result = await service.call(method, args === undefined ? [] : args);
    return { id, result: result ?? null };
  } catch (error) {
    return { id, error: errorMessage(error) };
  }
}

function rawToString(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString('utf8');
  return raw.toString('utf8');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function closeServer(server: Server, wss: WebSocketServer): Promise<void> {
  for (const client of wss.clients) client.close(1001, 'host shutting down');
  await new Promise<void>((done) => wss.close(() => done()));
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
}

// ---------------------------------------------------------------------------------------------
// Command line: npm run web -- [--workspace DIR] [--ram SIZE] [--pagefile SIZE] [--arch PROFILE]
//                              [--port N] [--no-open] [--token T (tests only)]

const USAGE = `usage: npm run web -- [--workspace DIR] [--ram SIZE] [--pagefile SIZE] [--arch x86|x86-3gb|x64] [--port N] [--no-open]`;

/** "256M", "1G", "512MiB", "64KB", "4096" → bytes (binary multiples, as Windows counts memory). */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?|b)?\s*$/i.exec(text);
  if (!match) throw new UsageError(`not a size: ${JSON.stringify(text)} (try 256M, 1G, 512MiB)`);
  const power = { '': 0, k: 1, m: 2, g: 3, t: 4 }[(match[2] ?? '').toLowerCase()] ?? 0;
  return Math.round(Number(match[1]) * 1024 ** power);
}

export interface WebHostCommandLine {
  settings: Partial<MachineSettings> & { workspace: string };
  port: number;
  open: boolean;
  token: string | undefined;
}

export function parseWebHostArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): WebHostCommandLine {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string' },
      ram: { type: 'string' },
      pagefile: { type: 'string' },
      arch: { type: 'string' },
      port: { type: 'string' },
      'no-open': { type: 'boolean' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) throw new UsageHelp();
  const settings: Partial<MachineSettings> & { workspace: string } = {
    workspace: resolve(values.workspace ?? join(homedir(), 'Documents', 'mmlab-workspace')),
  };
  if (values.ram !== undefined) settings.ramBytes = parseSize(values.ram);
  if (values.pagefile !== undefined) settings.pagefileBytes = parseSize(values.pagefile);
  if (values.arch !== undefined) settings.profile = values.arch as AddressSpaceProfile; // range-checked by resolveSettings
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0–65535, got ${values.port}`);
  const token = values.token ?? env['MMLAB_TOKEN'];
  if (token !== undefined && !/^[\w-]{8,}$/.test(token))
    throw new UsageError('--token must be at least 8 letters, digits, - or _');
  return { settings, port, open: !values['no-open'], token };
}

class UsageHelp extends Error {}
/** A bad option value: reported with the usage line, exit code 2. */
class UsageError extends Error {}

/**
 * Builds the renderer if out/renderer is missing or older than its sources (renderer/,
 * src/api/, the Vite config). A full `npm run build` leaves it fresh, so this is usually a stat.
 */
export async function ensureRendererBuilt(root = PROJECT_ROOT): Promise<void> {
  const index = join(root, 'out', 'renderer', 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : -1;
  const sources = [join(root, 'renderer'), join(root, 'src', 'api'), join(root, 'vite.renderer.config.ts')];
  if (built >= 0 && newestMtime(sources) <= built) return;
  console.log(built < 0 ? 'mmlab: building the renderer…' : 'mmlab: renderer sources changed, rebuilding…');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.renderer.config.ts'), logLevel: 'warn' });
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      const children = readdirSync(path).map((name) => join(path, name));
      newest = Math.max(newest, stat.mtimeMs, newestMtime(children));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

/** Opens the URL in the user's browser; silently does nothing where no opener exists. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser opener: the printed URL is enough
  }
}

/** `npm run web` and `npm start` without Electron. Returns the running host. */
export async function runWebHost(argv: string[], boot: BootLab): Promise<WebHost> {
  const args = parseWebHostArgs(argv);
  mkdirSync(args.settings.workspace, { recursive: true });
  await ensureRendererBuilt();
  const service = await LabService.start(boot, args.settings, {
    examples: folderExamples(),
    win32Names: await win32Names(),
    installSamples: (workspace) => installSampleImages(workspace),
  });
  const host = await startWebHost(service, { port: args.port, token: args.token });
  if (args.token !== undefined) console.log('mmlab: using a fixed token (meant for tests only)');
  console.log(`mmlab: the lab is at ${host.url}`);
  console.log(`mmlab: workspace ${args.settings.workspace} (drive C:\\); press Ctrl+C to stop`);
  if (args.open) openInBrowser(host.url);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void Promise.allSettled([host.close(), service.shutdown()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return host;
}

async function main(): Promise<void> {
  try {
    await runWebHost(process.argv.slice(2), bootNodeLab);
  } catch (error) {
    if (error instanceof UsageHelp) {
      console.log(USAGE);
      process.exit(0);
    }
    console.error(`mmlab: ${errorMessage(error)}`);
    const usageError =
      error instanceof UsageError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    if (usageError) console.error(USAGE);
    process.exit(usageError ? 2 : 1);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main();
}
