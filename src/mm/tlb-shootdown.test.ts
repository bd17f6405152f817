/**
 * TlbShootdown with a scripted CPU monitor (and the memory manager's use of it for shared
 * section frames): a frame (or a section frame's share) taken
 * from a worker that runs user code waits until that worker has passed a quiescent point
 * (its kernel-entry count moved, or it is in the kernel, or it is gone), never less;
 * one flush request per batch; a frame soft-faulted back meanwhile is not released.
 * These are the deterministic counterparts of the multi-worker stress tests, which can
 * only catch a premature release when the timing happens to expose it.
 */
import { describe, expect, it } from 'vitest';
import { AddressSpace, PROFILE_LAYOUTS } from './address-space.js';
import { MemoryManager } from './memory-manager.js';
import { PagingFile } from './paging-file.js';
import { FrameState, FrameUse, PfnDatabase } from './pfn-database.js';
import { ProtoState, Segment } from './section/segment.js';
import { TlbShootdown, type CpuMonitor, type ListTarget } from './tlb-shootdown.js';

interface Cpu {
  inKernel: boolean;
  entries: number;
  flushRequests: number;
}

function machine() {
  const pfn = new PfnDatabase(16);
  const cpus = new Map<number, Cpu>();
  const cpu = (pid: number) => {
    if (!cpus.has(pid)) cpus.set(pid, { inKernel: false, entries: 0, flushRequests: 0 });
    return cpus.get(pid)!;
  };
  const monitor: CpuMonitor = {
    quiescentNow: (pid) => cpu(pid).inKernel,
    entries: (pid) => cpu(pid).entries,
    requestFlush: (pid) => void cpu(pid).flushRequests++,
  };
  const released: Array<{ frame: number; target: ListTarget }> = [];
  const sharesDropped: number[] = [];
  const sd = new TlbShootdown(
    pfn,
    monitor,
    (frame, target) => {
      released.push({ frame, target });
      pfn.insertTail(target, frame);
    },
    (frame) => sharesDropped.push(frame),
  );
  /** An Active frame, as if mapped by a process. */
  const activeFrame = () => pfn.removeHead(FrameState.Free);
  return { pfn, sd, cpu, released, sharesDropped, activeFrame };
}

describe('TlbShootdown', () => {
  it('releases a frame at once when the worker holds no translations (it is in the kernel)', () => {
    const { sd, cpu, released, activeFrame, pfn } = machine();
    cpu(100).inKernel = true;
    const f = activeFrame();
    sd.retire(f, 100, FrameState.Standby);
    expect(released).toEqual([{ frame: f, target: FrameState.Standby }]);
    expect(pfn.state[f]).toBe(FrameState.Standby);
    expect(cpu(100).flushRequests).toBe(0);
  });

  it('keeps a frame pending until the running worker has entered the kernel since', () => {
    const { sd, cpu, released, activeFrame, pfn } = machine();
    const f = activeFrame();
    sd.retire(f, 100, FrameState.Modified);
    expect(pfn.state[f]).toBe(FrameState.PendingFlush);
    expect(cpu(100).flushRequests).toBe(1);
    sd.poll();
    sd.poll();
    expect(released).toEqual([]);
    expect(pfn.state[f]).toBe(FrameState.PendingFlush);
    sd.checkInvariants();
    cpu(100).entries++;
    sd.poll();
    expect(released).toEqual([{ frame: f, target: FrameState.Modified }]);
    expect(pfn.state[f]).toBe(FrameState.Modified);
    expect(sd.pendingBatches).toBe(0);
    sd.checkInvariants();
  });

  it('drops the share of a section frame only after the quiescent point, never at the retire', () => {
    const { sd, cpu, sharesDropped, activeFrame } = machine();
    const f = activeFrame();
    sd.retireShare(f, 100);
    sd.retireShare(f, 104);
    expect(sharesDropped).toEqual([]);
    expect(sd.heldShares(f)).toBe(2);
    sd.poll();
    expect(sharesDropped).toEqual([]);
    cpu(104).entries++;
    sd.poll();
    expect(sharesDropped).toEqual([f]);
    expect(sd.heldShares(f)).toBe(1);
    // The other worker is now in the kernel: it holds nothing any more.
    cpu(100).inKernel = true;
    sd.poll();
    expect(sharesDropped).toEqual([f, f]);
    expect(sd.heldShares(f)).toBe(0);
  });

  it('asks each worker to flush once per batch, however many frames it takes', () => {
    const { sd, cpu, activeFrame } = machine();
    for (let i = 0; i < 5; i++) sd.retire(activeFrame(), 100, FrameState.Standby);
    sd.retireShare(activeFrame(), 100);
    expect(cpu(100).flushRequests).toBe(1);
    sd.poll(); // seals the batch; the next retire opens a new one
    sd.retire(activeFrame(), 100, FrameState.Standby);
    expect(cpu(100).flushRequests).toBe(2);
  });

  it('releases everything of a worker that is gone, and skips a frame taken back meanwhile', () => {
    const { sd, released, activeFrame, pfn } = machine();
    const [a, b] = [activeFrame(), activeFrame()];
    sd.retire(a, 100, FrameState.Standby);
    sd.retire(b, 100, FrameState.Standby);
    // A soft fault maps `a` again before the flush completes.
    pfn.unlink(a);
    sd.releaseAll(100);
    expect(released).toEqual([{ frame: b, target: FrameState.Standby }]);
    expect(pfn.state[a]).toBe(FrameState.Active);
    expect(sd.pendingBatches).toBe(0);
    sd.checkInvariants();
  });
});

describe('a shared section frame taken from a running worker (MemoryManager)', () => {
  it('stays Active, its share held, until that worker has passed a quiescent point; then it is shelved', () => {
    const running = new Map<number, { entries: number; inKernel: boolean }>();
    const mm = new MemoryManager(4 << 20, new PagingFile(null, 0), {
      quiescentNow: (pid) => running.get(pid)?.inKernel ?? true,
      entries: (pid) => running.get(pid)?.entries ?? 0,
      requestFlush: () => {},
    });
    const seg = new Segment(mm.newSegmentId(), 4, null, false);
    mm.segments.set(seg.id, seg);
    const [a, b] = [100, 104].map((pid) => {
      const as = new AddressSpace(pid, PROFILE_LAYOUTS.x86, mm.pool32);
      mm.spaces.set(pid, as);
      running.set(pid, { entries: 0, inKernel: false });
      return as;
    });
    const vpn = 0x400;
    for (const as of [a!, b!]) expect(as.pageTable.ensureTable(vpn, mm)).toBe(true);
    const f = mm.allocateFrame(true);
    mm.pfn.setOwner(f, FrameUse.Prototype, seg.id, 0);
    seg.set(0, ProtoState.Active, f);
    mm.mapSectionFrame(a!, vpn, f, 0x04 /* PAGE_READWRITE */);
    mm.mapSectionFrame(b!, vpn, f, 0x04);
    expect(mm.pfn.shareCount[f]).toBe(2);

    // Both workers run user code and may hold the translation in their TLBs.
    mm.removeResident(a!, vpn, true);
    mm.removeResident(b!, vpn, true);
    mm.shootdown.poll();
    expect(mm.pfn.shareCount[f]).toBe(2);
    expect(mm.pfn.state[f]).toBe(FrameState.Active);
    expect(seg.state(0)).toBe(ProtoState.Active);

    running.get(100)!.entries++;
    mm.shootdown.poll();
    expect(mm.pfn.shareCount[f]).toBe(1);
    expect(mm.pfn.state[f]).toBe(FrameState.Active);

    running.get(104)!.entries++;
    mm.shootdown.poll();
    expect(mm.pfn.shareCount[f]).toBe(0);
    expect(mm.pfn.state[f]).toBe(FrameState.Standby);
    expect(seg.state(0)).toBe(ProtoState.Transition);
  });
});

describe('a trim that a quiescent point overtakes', () => {
  it('keeps a frame retired after the worker passed a quiescent point until the next one', () => {
    const { sd, cpu, released, sharesDropped, activeFrame } = machine();
    // The trim starts: the first frame opens a batch and asks the worker to flush.
    const [f1, f2, f3] = [activeFrame(), activeFrame(), activeFrame()];
    sd.retire(f1, 100, FrameState.Standby);
    // The worker flushes (a quiescent point) while the kernel is still trimming, then caches
    // the translations of pages the trim reaches only now.
    cpu(100).entries++;
    sd.retire(f2, 100, FrameState.Modified);
    sd.retireShare(f3, 100);
    expect(cpu(100).flushRequests).toBe(2);
    sd.poll();
    // f1 waited for that quiescent point; f2 and f3's share must wait for the next one.
    expect(released).toEqual([{ frame: f1, target: FrameState.Standby }]);
    expect(sharesDropped).toEqual([]);
    sd.checkInvariants();
    cpu(100).entries++;
    sd.poll();
    expect(released).toEqual([
      { frame: f1, target: FrameState.Standby },
      { frame: f2, target: FrameState.Modified },
    ]);
    expect(sharesDropped).toEqual([f3]);
    sd.checkInvariants();
  });
});
