/** A LabApi client of the tests' own over the browser host's WebSocket, as a second tab would be. */
import WebSocket from 'ws';
import { E2E_PORT, E2E_TOKEN } from './constants.js';

export interface LabSocket {
  ws: WebSocket;
  call<T = unknown>(method: string, args: unknown[]): Promise<T>;
  close(): void;
}

export async function openSocket(): Promise<LabSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${E2E_PORT}/api?token=${E2E_TOKEN}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const call = <T>(method: string, args: unknown[]): Promise<T> => {
    const id = `call-${nextId++}`;
    return new Promise<T>((resolve, reject) => {
      const onMessage = (raw: WebSocket.RawData): void => {
        const reply = JSON.parse(String(raw)) as { id?: string; result?: unknown; error?: string };
        if (reply.id !== id) return;
        ws.off('message', onMessage);
        if (reply.error !== undefined) reject(new Error(reply.error));
        else resolve(reply.result as T);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, args }));
    });
  };
  return { ws, call, close: () => ws.close() };
}

/** Starts a program; the returned function terminates it (if still running) and closes the socket. */
export async function startProgram(source: string, fileName: string): Promise<{ pid: number; lab: LabSocket; end(): Promise<void> }> {
  const lab = await openSocket();
  const { pid } = await lab.call<{ pid: number }>('run', [{ fileName, source }]);
  return {
    pid,
    lab,
    end: async () => {
      await lab.call('terminate', [pid]).catch(() => undefined);
      lab.close();
    },
  };
}
