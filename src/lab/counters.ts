/**
 * Counter sampling: the system and per-process figures of SPEC section 3, read from the
 * kernel's own structures (nothing is kept twice).
 */
import type { CounterSample, ProcessCounters, SystemCounters } from '../api/counters.js';
import { PAGE_SIZE } from '../shared/layout.js';
import type { Kernel } from '../ke/kernel.js';
import { FrameState, FrameUse, type PfnDatabase } from '../mm/pfn-database.js';
import type { Process } from '../ps/process.js';

export function systemCounters(k: Kernel): SystemCounters {
  const { mm } = k;
  const p = mm.pfn;
  const totalPages = mm.frames;
  const avail = mm.availablePages();
  let pageTables = 0;
  for (const as of mm.spaces.values()) pageTables += as.pageTableFrames;
  const commit = mm.commit;
  return {
    t: k.uptime(),
    totalPages,
    lists: {
      zeroed: p.countOf(FrameState.Zeroed),
      free: p.countOf(FrameState.Free),
      standby: p.countOf(FrameState.Standby),
      modified: p.countOf(FrameState.Modified),
      active: p.countOf(FrameState.Active),
      pageTables,
      pool: mm.poolPages,
      pendingFlush: p.countOf(FrameState.PendingFlush),
    },
    commitCharge: commit.charge,
    commitLimit: commit.limit,
    commitPeak: commit.peak,
    pagefilePages: mm.pagingFile.slots,
    pagefileUsed: mm.pagingFile.used,
    memoryLoad: Math.floor(((totalPages - avail) * 100) / totalPages),
    totalPhys: totalPages * PAGE_SIZE,
    availPhys: avail * PAGE_SIZE,
    totalPageFile: commit.limit * PAGE_SIZE,
    availPageFile: commit.available * PAGE_SIZE,
  };
}

/**
 * A working set split as Task Manager and VMMap show it: private pages (this process's
 * alone), shareable pages (section frames), and of those the ones another process maps
 * too (share count above one).
 */
function workingSetBreakdown(p: Process, frames: PfnDatabase): ProcessCounters['workingSet'] {
  const as = p.addressSpace;
  const pfn = as.pageTable;
  let shareable = 0;
  let shared = 0;
  for (const vpn of as.workingSet.vpns()) {
    const f = pfn.payload(vpn);
    if (frames.use[f] !== FrameUse.Prototype) continue;
    shareable++;
    if (frames.shareCount[f]! > 1) shared++;
  }
  const total = as.workingSet.size;
  return { total, private: total - shareable, shareable, shared };
}

export function processCounters(k: Kernel, p: Process): ProcessCounters {
  const as = p.addressSpace;
  const ws = as.workingSet;
  return {
    pid: p.pid,
    name: p.name,
    state: p.state,
    exitCode: p.exitCode,
    workingSet: workingSetBreakdown(p, k.mm.pfn),
    peakWorkingSet: ws.peak,
    // Private bytes as GetProcessMemoryInfo's PrivateUsage (Process Explorer's column): private
    // commit plus the copy-on-write pages of its views (an image's .data, a FILE_MAP_COPY view).
    privateBytes: (as.privateCommit + as.copyOnWriteCommit) * PAGE_SIZE,
    faults: { ...as.faults },
    totalVirtual: as.totalVirtual(),
    availVirtual: as.availVirtual(),
    handleCount: p.handles.count,
  };
}

export function sampleCounters(k: Kernel): CounterSample {
  return {
    system: systemCounters(k),
    processes: [...k.processes.values()].map((p) => processCounters(k, p)),
  };
}
