/**
 * How far a process has come, from what the renderer already receives: its counters in the
 * latest sample (working set, private bytes, faults), the samples before (the fault rate),
 * and its creation and exit events (elapsed time). Machine time throughout (milliseconds
 * since boot), so a busy host slows the clock the figures are read against, not the figures.
 */
import type { CounterSample, FaultCounts, ProcessCounters } from '../../src/api/counters.js';
import type { ProcessEvent } from '../../src/api/events.js';

export interface ProcessProgress {
  pid: number;
  name: string;
  state: ProcessCounters['state'];
  /** Run time so far (to its exit, once exited); null when its start is not known. */
  elapsedMs: number | null;
  workingSetBytes: number;
  peakWorkingSetBytes: number;
  privateBytes: number;
  /** Page faults so far, of every kind but access violations. */
  faults: number;
  /** Of those, the ones that read the disk (pagefile or mapped file). */
  hardFaults: number;
  /** Faults per second over about the last second of samples; null without an earlier sample. */
  faultsPerSecond: number | null;
  exitCode: number | null;
  /** Why it ended abnormally (terminated, uncaught exception), from its exit event. */
  exitReason: string | null;
}

const PAGE = 4096;
/** How far back the fault rate looks. */
const RATE_WINDOW_MS = 1000;

export function faultTotal(f: FaultCounts): number {
  return f.demandZero + f.transition + f.copyOnWrite + f.pagefileRead + f.fileRead;
}

/**
 * `samples` oldest first, ending with the one `p` comes from; `created` / `exited` its events
 * if known; `firstSeen` the time of the first sample that showed it (when `created` is gone).
 */
export function processProgress(
  p: ProcessCounters,
  samples: readonly CounterSample[],
  life: { created: ProcessEvent | null; exited: ProcessEvent | null; firstSeen: number | null },
): ProcessProgress {
  const latest = samples.at(-1);
  const now = latest?.system.t ?? 0;
  const start = life.created?.t ?? life.firstSeen;
  const end = p.state === 'exited' ? (life.exited?.t ?? null) : now;
  const faults = faultTotal(p.faults);
  let faultsPerSecond: number | null = null;
  for (let i = samples.length - 2; i >= 0; i--) {
    const s = samples[i]!;
    const before = s.processes.find((q) => q.pid === p.pid);
    if (!before) break;
    if (now - s.system.t >= RATE_WINDOW_MS || i === 0) {
      const dt = now - s.system.t;
      if (dt > 0) faultsPerSecond = ((faults - faultTotal(before.faults)) * 1000) / dt;
      break;
    }
  }
  return {
    pid: p.pid,
    name: p.name,
    state: p.state,
    elapsedMs: start === null || end === null ? null : Math.max(0, end - start),
    workingSetBytes: p.workingSet.total * PAGE,
    peakWorkingSetBytes: p.peakWorkingSet * PAGE,
    privateBytes: p.privateBytes,
    faults,
    hardFaults: p.faults.pagefileRead + p.faults.fileRead,
    faultsPerSecond: p.state === 'exited' ? null : faultsPerSecond,
    exitCode: p.exitCode,
    exitReason: life.exited?.reason ?? null,
  };
}
