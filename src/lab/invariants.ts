/**
 * The kernel's invariant check, run after every kernel test: page-list totals equal RAM,
 * every frame is in exactly one state and accounted for by exactly one owner, commit
 * charge equals the sum of its sources, pagefile slots are owned, nothing leaked.
 * Throws an Error naming the first broken rule.
 */
import type { Kernel } from '../ke/kernel.js';
import type { LabEngine } from './lab-engine.js';
import { CommitSource } from '../mm/commit-charge.js';
import { FrameState, FrameUse } from '../mm/pfn-database.js';
import { PageState } from '../mm/page-table.js';
import { PTE_VALID, pteFrame } from '../shared/layout.js';

export function checkInvariants(engine: LabEngine): void {
  engine.checkInvariants();
}

export function checkKernelInvariants(k: Kernel): void {
  const { mm } = k;
  const pfn = mm.pfn;
  pfn.checkInvariants();
  mm.commit.checkInvariants();
  mm.pagingFile.checkInvariants();
  mm.shootdown.checkInvariants();
  k.objects.checkInvariants();

  let wsFrames = 0;
  let tableFrames = 0;
  let privateCommit = 0;
  let slotsOwned = 0;
  for (const as of mm.spaces.values()) {
    as.vads.checkInvariants();
    as.workingSet.checkInvariants();
    const pt = as.pageTable;
    wsFrames += as.workingSet.size;
    tableFrames += pt.tableFrames.length;
    privateCommit += as.privateCommit;
    let committed = 0;
    for (const vpn of pt.softPages()) {
      committed++;
      const st = pt.state(vpn);
      const hw = pt.hardware(vpn);
      if (hw & PTE_VALID && st !== PageState.Active) throw new Error(`pid ${as.pid} vpn ${vpn}: valid PTE in state ${st}`);
      if (st === PageState.Active) {
        const f = pt.payload(vpn);
        if (!as.workingSet.has(vpn)) throw new Error(`pid ${as.pid} vpn ${vpn}: active but not in the working set`);
        if (pfn.state[f] !== FrameState.Active || pfn.use[f] !== FrameUse.Private || pfn.owner[f] !== as.pid || pfn.vpn[f] !== vpn)
          throw new Error(`pid ${as.pid} vpn ${vpn}: frame ${f} does not point back`);
        if (hw & PTE_VALID && pteFrame(hw) !== f) throw new Error(`pid ${as.pid} vpn ${vpn}: PTE names frame ${pteFrame(hw)}, not ${f}`);
        if (pfn.pagefileSlot[f]! >= 0) slotsOwned++;
      } else if (st === PageState.Transition) {
        const f = pt.payload(vpn);
        const s = pfn.state[f];
        if (s !== FrameState.Standby && s !== FrameState.Modified && s !== FrameState.PendingFlush)
          throw new Error(`pid ${as.pid} vpn ${vpn}: transition frame ${f} in state ${s}`);
        if (pfn.owner[f] !== as.pid || pfn.vpn[f] !== vpn) throw new Error(`pid ${as.pid} vpn ${vpn}: transition frame ${f} owned elsewhere`);
        if (pfn.pagefileSlot[f]! >= 0) slotsOwned++;
      } else if (st === PageState.PagingFile) {
        if (!mm.pagingFile.isAllocated(pt.payload(vpn))) throw new Error(`pid ${as.pid} vpn ${vpn}: pagefile slot not allocated`);
        slotsOwned++;
      }
    }
    if (committed !== as.privateCommit) throw new Error(`pid ${as.pid}: ${committed} committed pages, ${as.privateCommit} charged`);
  }
  if (privateCommit !== mm.commit.sourceTotal(CommitSource.Private))
    throw new Error(`private commit ${mm.commit.sourceTotal(CommitSource.Private)} != sum over processes ${privateCommit}`);
  if (tableFrames !== mm.commit.sourceTotal(CommitSource.PageTables))
    throw new Error(`page-table commit ${mm.commit.sourceTotal(CommitSource.PageTables)} != ${tableFrames} table frames`);
  const active = pfn.countOf(FrameState.Active);
  if (active !== wsFrames + tableFrames + mm.poolPages)
    throw new Error(`${active} active frames, but ${wsFrames} in working sets + ${tableFrames} page tables + ${mm.poolPages} pool`);
  if (slotsOwned !== mm.pagingFile.used) throw new Error(`pagefile: ${mm.pagingFile.used} slots used, ${slotsOwned} owned by pages`);
  for (let f = 0; f < pfn.frames; f++) {
    const s = pfn.state[f];
    if ((s === FrameState.Free || s === FrameState.Zeroed) && pfn.use[f] !== FrameUse.None) throw new Error(`free frame ${f} still has an owner`);
  }
}
