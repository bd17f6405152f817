/**
 * Process and object snapshots: the process list (counters, identity, step state), one
 * process's handle table, and the named objects with their handle and reference counts.
 *
 * Named objects are the object manager's namespace (\BaseNamedObjects and the session's);
 * on NT a named object leaves it when its last handle closes, though the body may live on
 * while the kernel still references it (a section behind a mapped view).
 */
import type { HandleInfo, NamedObjectInfo, PausedCall, ProcessInfo } from '../api/snapshots.js';
import type { Kernel } from '../ke/kernel.js';
import type { KernelObject } from '../ob/object.js';
import { imageOfProcess } from '../ps/loader-process.js';
import { Process } from '../ps/process.js';
import { Thread } from '../ps/thread.js';
import { processCounters } from './counters.js';

export interface StepView {
  isStepping(pid: number): boolean;
  pausedCall(pid: number): PausedCall | null;
}

export function processInfo(k: Kernel, p: Process, steps: StepView): ProcessInfo {
  return {
    ...processCounters(k, p),
    commandLine: p.commandLine,
    parentPid: p.parentPid,
    exitReason: p.exitReason ?? null,
    createdAt: Math.max(0, p.createdAt - (k.host.now() - k.uptime())),
    stepping: steps.isStepping(p.pid),
    paused: steps.pausedCall(p.pid),
    ...imageField(p),
  };
}

/** The EXE and companion program of a process made from an image (none for a program process). */
function imageField(p: Process): Pick<ProcessInfo, 'image'> {
  const image = imageOfProcess(p);
  return image ? { image: { ...image } } : {};
}

export function processList(k: Kernel, steps: StepView): ProcessInfo[] {
  return [...k.processes.values()].map((p) => processInfo(k, p, steps));
}

/** A name for the handle table and the objects view; unnamed processes and threads get a description. */
export function objectLabel(o: KernelObject): string | null {
  if (o.objectName !== null) return o.objectName;
  if (o instanceof Process) return `${o.name} (pid ${o.pid})`;
  if (o instanceof Thread) return `thread of ${o.process.name} (pid ${o.process.pid})`;
  return null;
}

export function handleList(p: Process): HandleInfo[] {
  const out: HandleInfo[] = [];
  for (const [handle, e] of p.handles.all()) {
    out.push({
      handle,
      type: e.object.typeName,
      name: objectLabel(e.object),
      access: e.access >>> 0,
      inherit: e.inherit,
      protectFromClose: e.protectFromClose,
    });
  }
  return out.sort((a, b) => a.handle - b.handle);
}

export function namedObjects(k: Kernel): NamedObjectInfo[] {
  const holders = new Map<KernelObject, number[]>();
  for (const p of k.processes.values()) {
    for (const [, e] of p.handles.all()) {
      const pids = holders.get(e.object) ?? [];
      if (!pids.includes(p.pid)) pids.push(p.pid);
      holders.set(e.object, pids);
    }
  }
  const out: NamedObjectInfo[] = [];
  for (const o of k.objects.namespace.namedObjects()) {
    out.push({
      name: o.objectName ?? '',
      type: o.typeName,
      handleCount: o.handleCount,
      referenceCount: o.refs,
      holders: holders.get(o) ?? [],
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
}
