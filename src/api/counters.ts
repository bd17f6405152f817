/**
 * Counter samples: the numbers the lab charts (SPEC section 3). All page counts are in
 * 4 KiB pages; the GlobalMemoryStatus-style byte figures are given as well so that no
 * consumer has to re-derive them.
 */

export interface PageListCounts {
  zeroed: number;
  free: number;
  standby: number;
  modified: number;
  /** Frames in some working set or otherwise in use (page tables, pool, locked). */
  active: number;
  /** Of active: frames holding page tables. */
  pageTables: number;
  /** Of active: frames holding nonpaged pool. */
  pool: number;
  /** Frames taken from their owner and waiting for every worker to drop stale translations. */
  pendingFlush: number;
}

export interface SystemCounters {
  /** Milliseconds since the machine booted. */
  t: number;
  totalPages: number;
  lists: PageListCounts;
  /** Commit charge, limit and peak, in pages. Limit = RAM pages + pagefile pages. */
  commitCharge: number;
  commitLimit: number;
  commitPeak: number;
  /** Pagefile size and slots in use, in pages. */
  pagefilePages: number;
  pagefileUsed: number;
  /** As GlobalMemoryStatusEx reports them (bytes, 64-bit). */
  memoryLoad: number;
  totalPhys: number;
  availPhys: number;
  totalPageFile: number;
  availPageFile: number;
}

export interface FaultCounts {
  demandZero: number;
  transition: number;
  copyOnWrite: number;
  pagefileRead: number;
  fileRead: number;
  accessViolation: number;
}

export type ProcessState = 'starting' | 'running' | 'waiting' | 'exited';

export interface ProcessCounters {
  pid: number;
  name: string;
  state: ProcessState;
  exitCode: number | null;
  /** Working set in pages, split as Task Manager / VMMap do. */
  workingSet: { total: number; private: number; shareable: number; shared: number };
  peakWorkingSet: number;
  /** Commit charged to this process: private committed bytes and the copy-on-write pages of its views (PrivateUsage). */
  privateBytes: number;
  faults: FaultCounts;
  totalVirtual: number;
  availVirtual: number;
  handleCount: number;
}

export interface CounterSample {
  system: SystemCounters;
  processes: ProcessCounters[];
}
