/**
 * IPC channel names and the reply envelope shared by the Electron main process and the
 * preload. Only the LabApi crosses: one invoke channel per LAB_API_METHODS entry, one push
 * channel per LAB_API_PUSH_CHANNELS entry; both sides check names against those lists.
 */
import { LAB_API_METHODS, LAB_API_PUSH_CHANNELS, type LabApiMethod } from '../src/api/lab-api.js';

export type PushChannel = (typeof LAB_API_PUSH_CHANNELS)[number];

export const invokeChannel = (method: LabApiMethod): string => `mmlab:invoke:${method}`;
export const pushChannel = (channel: PushChannel): string => `mmlab:push:${channel}`;

export function isMethod(name: unknown): name is LabApiMethod {
  return typeof name === 'string' && (LAB_API_METHODS as readonly string[]).includes(name);
}

export function isPushChannel(name: unknown): name is PushChannel {
  return typeof name === 'string' && (LAB_API_PUSH_CHANNELS as readonly string[]).includes(name);
}

/**
 * What every invoke handler returns. Errors travel as data so the renderer gets the lab's own
 * one-line message rather than Electron's "Error invoking remote method …" wrapping.
 */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: string };
