/**
 * Preload (sandboxed, context-isolated): puts the typed LabApi on window.mmlab and nothing
 * else. The renderer never sees ipcRenderer; every call goes to a channel built from an
 * allowlisted method name, and every subscription to an allowlisted push channel.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CounterSample } from '../src/api/counters.js';
import type { LabEvent } from '../src/api/events.js';
import type { LabApi, LabApiMethod, LabCommand, RebootProgress } from '../src/api/lab-api.js';
import type { MachineSettings } from '../src/api/settings.js';
import type { StepState } from '../src/api/snapshots.js';
import { invokeChannel, isMethod, isPushChannel, pushChannel, type IpcReply, type PushChannel } from './ipc.js';

async function invoke<T>(method: LabApiMethod, args: unknown[]): Promise<T> {
  if (!isMethod(method)) throw new Error(`mmlab: ${String(method)} is not a lab method`);
  const reply = (await ipcRenderer.invoke(invokeChannel(method), ...args)) as IpcReply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.result as T;
}

function subscribe<T>(channel: PushChannel, listener: (data: T) => void): () => void {
  if (!isPushChannel(channel)) throw new Error(`mmlab: ${String(channel)} is not a lab push channel`);
  if (typeof listener !== 'function') throw new TypeError('mmlab: listener must be a function');
  const name = pushChannel(channel);
  const handler = (_event: IpcRendererEvent, data: unknown): void => listener(data as T);
  ipcRenderer.on(name, handler);
  return () => {
    ipcRenderer.removeListener(name, handler);
  };
}

const api: LabApi = {
  settings: () => invoke<MachineSettings>('settings', []),
  reboot: (settings) => invoke<MachineSettings>('reboot', [settings]),
  sample: () => invoke<CounterSample>('sample', []),
  run: (program) => invoke('run', [program]),
  terminate: (pid, exitCode) => invoke<void>('terminate', exitCode === undefined ? [pid] : [pid, exitCode]),
  processes: () => invoke('processes', []),
  processList: () => invoke('processList', []),
  addressSpace: (pid) => invoke('addressSpace', [pid]),
  handles: (pid) => invoke('handles', [pid]),
  namedObjects: () => invoke('namedObjects', []),
  frameMap: () => invoke('frameMap', []),
  frame: (pfn) => invoke('frame', [pfn]),
  translate: (pid, address) => invoke('translate', [pid, address]),
  setStepping: (pid, stepping) => invoke('setStepping', [pid, stepping]),
  step: (pid) => invoke('step', [pid]),
  examples: () => invoke('examples', []),
  example: (name) => invoke('example', [name]),
  win32Names: () => invoke('win32Names', []),
  installSamples: () => invoke('installSamples', []),
  history: () => invoke('history', []),
  onSample: (listener) => subscribe<CounterSample>('sample', listener),
  onEvent: (listener) => subscribe<LabEvent>('event', listener),
  onStep: (listener) => subscribe<StepState>('step', listener),
  onCommand: (listener) => subscribe<LabCommand>('command', listener),
  onReboot: (listener) => subscribe<RebootProgress>('reboot', listener),
};

contextBridge.exposeInMainWorld('mmlab', api);
