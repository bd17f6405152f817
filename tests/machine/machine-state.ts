/**
 * What "everything was reclaimed" means, as numbers: the system-wide counters a process
 * moves while it lives (available physical memory, commit charge, pagefile slots, page
 * tables, nonpaged pool, frames waiting for a TLB flush) and the kernel's object count.
 * Tests take a baseline before processes run and compare with toEqual after they exit.
 */
import type { SystemCounters } from '../../src/api/counters.js';
import type { Lab } from '../../src/lab/lab.js';
import type { TestLab } from '../harness.js';

export interface MachineState {
  availPhys: number;
  availPageFile: number;
  commitCharge: number;
  pagefileUsed: number;
  activePages: number;
  pageTables: number;
  poolPages: number;
  pendingFlush: number;
  modifiedPages: number;
  objects: number;
  liveProcesses: number;
}

/** The kernel behind a booted test lab (bootNodeLab's engine is a Lab). */
export function kernelOf(lab: TestLab): Lab['kernel'] {
  return (lab.engine as Lab).kernel;
}

export function machineState(lab: TestLab): MachineState {
  const s: SystemCounters = lab.engine.sample().system;
  const k = kernelOf(lab);
  return {
    availPhys: s.availPhys,
    availPageFile: s.availPageFile,
    commitCharge: s.commitCharge,
    pagefileUsed: s.pagefileUsed,
    activePages: s.lists.active,
    pageTables: s.lists.pageTables,
    poolPages: s.lists.pool,
    pendingFlush: s.lists.pendingFlush,
    modifiedPages: s.lists.modified,
    objects: k.objects.objectCount,
    liveProcesses: [...k.processes.values()].filter((p) => p.state !== 'exited').length,
  };
}
