/**
 * Physical-memory snapshots, in the style of Sysinternals RAMMap: every frame's list and use
 * as one byte (FrameMap, fast enough at 1 M frames), and one frame in detail — who owns it,
 * where it appears in virtual memory, how many PTEs share it, where its data lives on disk.
 *
 * The PFN database records one owner per frame (process and virtual page) for private pages.
 * Section pages (FrameUse.Prototype: owner = segment id, vpn = page index) keep a share
 * count but no list of mappers, so their mappings are found by looking at every live
 * working set for a valid PTE naming the frame: a click-time cost bounded by the number of
 * resident pages.
 */
import { encodeBase64, frameCode } from '../api/frame-codes.js';
import type { FrameDetail, FrameMap, FrameMapping } from '../api/snapshots.js';
import type { Kernel } from '../ke/kernel.js';
import { FrameState, FrameUse } from '../mm/pfn-database.js';
import { PAGE_SIZE, PTE_DIRTY, PTE_VALID } from '../shared/layout.js';
import { FRAME_STATE_LABELS, FRAME_USE_LABELS, nameOf } from './kernel-names.js';
import { sectionPageFile } from './section-files.js';

export function frameMap(k: Kernel): FrameMap {
  const pfn = k.mm.pfn;
  const n = pfn.frames;
  const codes = new Uint8Array(n);
  const state = pfn.state;
  const use = pfn.use;
  for (let f = 0; f < n; f++) codes[f] = frameCode(state[f]!, use[f]!);
  return { t: k.uptime(), frames: n, codes: encodeBase64(codes), states: [...FRAME_STATE_LABELS], uses: [...FRAME_USE_LABELS] };
}

/** `f` must be a frame number of this machine (the caller checks the range). */
export function frameDetail(k: Kernel, f: number): FrameDetail {
  const pfn = k.mm.pfn;
  const state = pfn.state[f]!;
  const use = pfn.use[f]!;
  const owner = pfn.owner[f]!;
  const mappings: FrameMapping[] = [];
  let dirtyInPte = false;
  const holdsPage = state !== FrameState.Zeroed && state !== FrameState.Free;
  if (holdsPage && use === FrameUse.Private) {
    const as = k.mm.spaces.get(owner);
    const vpn = pfn.vpn[f]!;
    const hw = as ? as.pageTable.hardware(vpn) : 0;
    const valid = (hw & PTE_VALID) !== 0 && hw >>> 12 === f;
    mappings.push({ pid: owner, address: vpn * PAGE_SIZE, valid });
    // A resident page's dirty bit lives in its PTE until the page is trimmed.
    if (valid && hw & PTE_DIRTY) dirtyInPte = true;
  } else if (holdsPage && use !== FrameUse.PageTable && use !== FrameUse.Pool && use !== FrameUse.None) {
    mappings.push(...validMappingsOf(k, f));
  }
  const slot = pfn.pagefileSlot[f]!;
  const ownerPid = holdsPage && (use === FrameUse.Private || use === FrameUse.PageTable) ? owner : null;
  return {
    pfn: f,
    physicalAddress: f * PAGE_SIZE,
    state: nameOf(FRAME_STATE_LABELS, state, 'state'),
    use: nameOf(FRAME_USE_LABELS, use, 'use'),
    ownerPid,
    mappings,
    // Section pages keep their share count in the PFN database; a private page is shared by nobody.
    shareCount: use === FrameUse.Private ? mappings.filter((m) => m.valid).length : pfn.shareCount[f]!,
    dirty: pfn.dirty[f] === 1 || dirtyInPte,
    pagefileSlot: slot >= 0 ? slot : null,
    file: holdsPage && use === FrameUse.Prototype ? sectionPageFile(k, owner, pfn.vpn[f]!) : null,
  };
}

/** Every (process, address) whose valid PTE names frame `f`. */
export function validMappingsOf(k: Kernel, f: number): FrameMapping[] {
  const out: FrameMapping[] = [];
  for (const as of k.mm.spaces.values()) {
    const pt = as.pageTable;
    for (const vpn of as.workingSet.vpns()) {
      const hw = pt.hardware(vpn);
      if (hw & PTE_VALID && hw >>> 12 === f) out.push({ pid: as.pid, address: vpn * PAGE_SIZE, valid: true });
    }
  }
  out.sort((a, b) => a.pid - b.pid || a.address - b.address);
  return out;
}
