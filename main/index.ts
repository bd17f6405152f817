/**
 * Electron main process (thin): boots the lab engine, opens one hardened window on the Vue
 * renderer, and carries the LabApi between them over IPC. Everything the lab does lives in
 * src/; requests are checked by LabService (src/node/lab-service.ts), the same code the
 * browser host uses.
 *
 * Window hardening: context isolation, sandbox, no Node integration, a strict
 * Content-Security-Policy (meta tag in renderer/index.html, and a response header for the dev
 * server), no navigation away from the app, no new windows (https links open in the system
 * browser), no <webview>, every permission request denied, IPC only from the app's own frame.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  session,
  shell,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { LAB_API_METHODS } from '../src/api/lab-api.js';
import { LabService, type BootLab, type LabServiceOptions } from '../src/node/lab-service.js';
import { EventRateGate, SERVICE_EVENTS_PER_WINDOW, SERVICE_EVENT_WINDOW_MS } from '../src/node/event-rate-gate.js';
import { invokeChannel, pushChannel, type IpcReply } from './ipc.js';
import { installMenu } from './menu.js';

const here = fileURLToPath(new URL('.', import.meta.url)); // out/main/ once built
const PROJECT_ROOT = join(here, '..', '..');
const PRELOAD = join(here, '..', 'preload', 'preload.cjs');
const RENDERER_HTML = join(here, '..', 'renderer', 'index.html');
/** Set by `electron-vite dev` to its renderer dev server. */
const DEV_SERVER_URL = process.env['ELECTRON_RENDERER_URL'];
const APP_URL = DEV_SERVER_URL ?? pathToFileURL(RENDERER_HTML).href;

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${DEV_SERVER_URL ? ' ws://localhost:* ws://127.0.0.1:*' : ''}`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** True for the app's own page (any hash or query), false for anything else. */
function isAppUrl(url: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(APP_URL);
    return DEV_SERVER_URL
      ? target.origin === app.origin
      : target.protocol === 'file:' && target.pathname === app.pathname;
  } catch {
    return false;
  }
}


function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return event.senderFrame !== null && isAppUrl(event.senderFrame.url);
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

function hardenContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** One ipcMain handler per LabApi method; anything else has no handler at all. */
function registerIpc(service: LabService): void {
  for (const method of LAB_API_METHODS) {
    ipcMain.handle(invokeChannel(method), async (event, ...args: unknown[]): Promise<IpcReply> => {
      if (!isTrustedSender(event)) return { ok: false, error: 'request from an unknown frame refused' };
      try {
        return { ok: true, result: await service.call(method, args) };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    });
  }
}

function createWindow(service: LabService): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'mmlab',
    autoHideMenuBar: true,
    webPreferences: {
      preload: PRELOAD,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  // IPC has no backlog to measure: cap service events (process and console events always go).
  const events = new EventRateGate(SERVICE_EVENTS_PER_WINDOW, SERVICE_EVENT_WINDOW_MS, () => performance.now());
  const removeSink = service.addSink({
    sample: (data) => {
      if (contents.isDestroyed()) throw new Error('window closed');
      contents.send(pushChannel('sample'), data);
    },
    event: (data) => {
      if (contents.isDestroyed()) throw new Error('window closed');
      if (events.admit(data)) contents.send(pushChannel('event'), data);
    },
    step: (data) => {
      if (contents.isDestroyed()) throw new Error('window closed');
      contents.send(pushChannel('step'), data);
    },
    reboot: (data) => {
      if (contents.isDestroyed()) throw new Error('window closed');
      contents.send(pushChannel('reboot'), data);
    },
  });
  window.on('closed', removeSink);
  window.once('ready-to-show', () => window.show());
  void (DEV_SERVER_URL ? window.loadURL(DEV_SERVER_URL) : window.loadFile(RENDERER_HTML));
  return window;
}

/** bootNodeLab from src/node/boot.ts, loaded from source (see the note at the top). */
async function loadBootNodeLab(): Promise<BootLab> {
  register();
  const boot = pathToFileURL(join(PROJECT_ROOT, 'src', 'node', 'boot.ts')).href;
  const module = (await import(/* @vite-ignore */ boot)) as typeof import('../src/node/boot.js');
  return module.bootNodeLab;
}

/** The bundled examples (examples/) and the Win32 names for completions, loaded from source like the engine. */
async function loadExamples(): Promise<LabServiceOptions> {
  const library = pathToFileURL(join(PROJECT_ROOT, 'src', 'node', 'example-library.ts')).href;
  const module = (await import(/* @vite-ignore */ library)) as typeof import('../src/node/example-library.js');
  const samples = pathToFileURL(join(PROJECT_ROOT, 'src', 'node', 'sample-images.ts')).href;
  const sampleModule = (await import(/* @vite-ignore */ samples)) as typeof import('../src/node/sample-images.js');
  return {
    examples: module.folderExamples(),
    win32Names: await module.win32Names(),
    installSamples: (workspace) => sampleModule.installSampleImages(workspace),
  };
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession();
  const workspace = process.env['MMLAB_WORKSPACE'] ?? join(app.getPath('documents'), 'mmlab-workspace');
  let service: LabService;
  try {
    mkdirSync(workspace, { recursive: true });
    const boot = await loadBootNodeLab();
    service = await LabService.start(boot, { workspace }, await loadExamples());
  } catch (error) {
    dialog.showErrorBox('mmlab could not start the lab', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  registerIpc(service);
  createWindow(service);
  installMenu((command) => {
    const [window] = BrowserWindow.getAllWindows();
    if (window && !window.webContents.isDestroyed()) window.webContents.send(pushChannel('command'), command);
  }, DEV_SERVER_URL !== undefined);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(service);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let shutDown = false;
  app.on('before-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    void service.shutdown().finally(() => {
      shutDown = true;
      app.quit();
    });
  });
}

app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenContents(contents));
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  void start();
}
