/**
 * The renderer's one way to the lab. In Electron the preload has put the typed LabApi on
 * window.mmlab; in a browser the page was served by the browser host, and the same API is
 * reached over its WebSocket with the token from the page URL. Components and stores import
 * this module and nothing else that talks to a host.
 */
import type { LabApi } from '../../src/api/lab-api.js';
import { WebSocketLabApi } from './ws-lab-api.js';

let api: LabApi | null = null;
const disconnectListeners = new Set<(reason: string) => void>();

export function labApi(): LabApi {
  if (api === null) {
    if (window.mmlab) {
      api = window.mmlab;
    } else {
      const ws = new WebSocketLabApi(labSocketUrl(window.location));
      ws.onClose((reason) => disconnectListeners.forEach((l) => l(reason)));
      api = ws;
    }
  }
  return api;
}

/** Which host the page runs in, for display. */
export function hostKind(): 'electron' | 'browser' {
  return window.mmlab ? 'electron' : 'browser';
}

/** Called if the browser host goes away; never in Electron (the window goes with it). */
export function onLabDisconnected(listener: (reason: string) => void): () => void {
  disconnectListeners.add(listener);
  return () => disconnectListeners.delete(listener);
}

/** ws://host:port/api?token=… for the page at `location`. */
export function labSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}

/** For component tests: put a fake LabApi behind the bridge (null restores the real one). */
export function setLabApiForTests(fake: LabApi | null): void {
  api = fake;
}
