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
import { PAGE_SIZE, PTE_VALID, pteFrame } from '../shared/layout.js';
import { ProtoState } from '../mm/section/segment.js';

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
  // Open files: FCB table, share access, and no FCB reference without a file object or section.
  k.io.checkInvariants();

  k.sections.checkInvariants();
  k.images.checkInvariants();

  let wsFrames = 0;
  let tableFrames = 0;
  let privateCommit = 0;
  let slotsOwned = 0;
  for (const as of mm.spaces.values()) {
    as.vads.checkInvariants();
    as.workingSet.checkInvariants();
    const pt = as.pageTable;
    tableFrames += pt.tableFrames.length;
    privateCommit += as.privateCommit;
    let committed = 0;
    let resident = 0;
    for (const vpn of pt.softPages()) {
      const st = pt.state(vpn);
      const vad = as.vads.find(vpn * PAGE_SIZE);
      if (!vad) throw new Error(`pid ${as.pid} vpn ${vpn}: state ${st} outside every VAD`);
      if (!vad.view) committed++;
      const hw = pt.hardware(vpn);
      if (st === PageState.Active) resident++;
      if (hw & PTE_VALID && st !== PageState.Active) throw new Error(`pid ${as.pid} vpn ${vpn}: valid PTE in state ${st}`);
      if (st === PageState.Prototype) {
        if (!vad.view) throw new Error(`pid ${as.pid} vpn ${vpn}: prototype state outside a view`);
      } else if (st === PageState.Active && pfn.use[pt.payload(vpn)] === FrameUse.Prototype) {
        // A section frame: the section manager's check covers it.
        if (!vad.view || !as.workingSet.has(vpn)) throw new Error(`pid ${as.pid} vpn ${vpn}: section frame mapped outside a view or working set`);
      } else if (st === PageState.Active) {
        const f = pt.payload(vpn);
        wsFrames++;
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
    if (resident !== as.workingSet.size) throw new Error(`pid ${as.pid}: ${resident} resident pages, working set holds ${as.workingSet.size}`);
    if (committed !== as.privateCommit) throw new Error(`pid ${as.pid}: ${committed} committed pages, ${as.privateCommit} charged`);
  }
  if (privateCommit !== mm.commit.sourceTotal(CommitSource.Private))
    throw new Error(`private commit ${mm.commit.sourceTotal(CommitSource.Private)} != sum over processes ${privateCommit}`);
  if (tableFrames !== mm.commit.sourceTotal(CommitSource.PageTables))
    throw new Error(`page-table commit ${mm.commit.sourceTotal(CommitSource.PageTables)} != ${tableFrames} table frames`);
  let sectionFrames = 0;
  for (const ca of k.sections.controlAreas()) {
    for (const page of ca.segment.usedPages()) {
      const st = ca.segment.state(page);
      if (st === ProtoState.PagingFile) slotsOwned++;
      else if (pfn.pagefileSlot[ca.segment.payload(page)]! >= 0) slotsOwned++;
      if (st === ProtoState.Active) sectionFrames++;
    }
  }
  const active = pfn.countOf(FrameState.Active);
  if (active !== wsFrames + sectionFrames + tableFrames + mm.poolPages)
    throw new Error(`${active} active frames, but ${wsFrames} private in working sets + ${sectionFrames} section + ${tableFrames} page tables + ${mm.poolPages} pool`);
  if (slotsOwned !== mm.pagingFile.used) throw new Error(`pagefile: ${mm.pagingFile.used} slots used, ${slotsOwned} owned by pages`);
  for (let f = 0; f < pfn.frames; f++) {
    const s = pfn.state[f];
    if ((s === FrameState.Free || s === FrameState.Zeroed) && pfn.use[f] !== FrameUse.None) throw new Error(`free frame ${f} still has an owner`);
  }
}
