/**
 * Private virtual memory services — VirtualAlloc, VirtualFree, VirtualProtect,
 * VirtualQuery, VirtualLock, VirtualUnlock — with Windows's argument rules and error
 * codes (as recorded by Wine's kernel32 virtual.c conformance tests, which pass on real
 * Windows). Failures throw Win32Error; successes return the Win32 result.
 *
 * Rules worth knowing:
 *  - a reservation starts on a 64 KiB boundary (a given address is rounded down to one)
 *    and covers whole pages; a commit covers the pages touched by [address, address+size);
 *  - commit is charged page by page, only for pages not committed yet, and fails whole
 *    with ERROR_COMMITMENT_LIMIT if the system cannot promise them all;
 *  - MEM_RELEASE frees a whole allocation and needs its base and size 0;
 *  - every range operation must stay inside one allocation.
 */
import { PAGE_SIZE } from '../shared/layout.js';
import { ALLOCATION_GRANULARITY } from '../api/settings.js';
import {
  MEM_COMMIT, MEM_RESERVE, MEM_DECOMMIT, MEM_RELEASE, MEM_FREE, MEM_PRIVATE, MEM_MAPPED, MEM_IMAGE,
  MEM_RESET, MEM_RESET_UNDO, MEM_TOP_DOWN,
} from '../win32/constants.js';
import {
  ERROR_INVALID_PARAMETER, ERROR_INVALID_ADDRESS, ERROR_NOT_ENOUGH_MEMORY, ERROR_COMMITMENT_LIMIT,
  ERROR_NOACCESS, ERROR_NOT_LOCKED, ERROR_WORKING_SET_QUOTA, ERROR_BAD_LENGTH, ERROR_ACCESS_DENIED,
} from '../win32/errors.js';
import { fail } from '../nt/win32-error.js';
import type { AddressSpace } from './address-space.js';
import { CommitSource } from './commit-charge.js';
import { STATUS_GUARD_PAGE_VIOLATION, type FaultHandler } from './fault-handler.js';
import type { MemoryManager } from './memory-manager.js';
import { PageState } from './page-table.js';
import {
  PAGE_NOACCESS, PAGE_GUARD, PAGE_NOCACHE, PAGE_WRITECOMBINE, afterCopyOnWrite, isCopyOnWrite, isValidProtection, isWithinViewProtection, isWritable, isReadable,
} from './protection.js';
import { VadType, type Vad } from './vad.js';
import type { SectionManager } from './section/section-manager.js';

export interface MemoryBasicInformation {
  BaseAddress: number;
  AllocationBase: number;
  AllocationProtect: number;
  RegionSize: number;
  State: number;
  Protect: number;
  Type: number;
}

const pageDown = (a: number) => Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
const pageUp = (a: number) => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;

function isUint(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** PAGE_READWRITE -> PAGE_WRITECOPY, PAGE_EXECUTE_READWRITE -> PAGE_EXECUTE_WRITECOPY (modifiers kept). */
function asImageProtection(p: number): number {
  if (!isWritable(p)) return p;
  return (p & ~0xff) | ((p & 0xff) === 0x04 ? 0x08 : 0x80);
}

export class VirtualMemory {
  constructor(
    private readonly mm: MemoryManager,
    private readonly faults: FaultHandler,
    private readonly sections: SectionManager,
  ) {}

  // ---------------------------------------------------------------- VirtualAlloc

  alloc(as: AddressSpace, address: number, size: number, type: number, protect: number): number {
    if (!isUint(address) || !isUint(size) || !isUint(type) || !isUint(protect)) fail(ERROR_INVALID_PARAMETER);
    if (type & (MEM_RESET | MEM_RESET_UNDO)) return this.reset(as, address, size, type, protect);
    const known = MEM_COMMIT | MEM_RESERVE | MEM_TOP_DOWN;
    if (type & ~known || !(type & (MEM_COMMIT | MEM_RESERVE))) fail(ERROR_INVALID_PARAMETER);
    if (size === 0) fail(ERROR_INVALID_PARAMETER);
    if (!isValidProtection(protect)) fail(ERROR_INVALID_PARAMETER);
    // Copy-on-write is a property of views; MEM_COMMIT inside a view may ask for it.
    const inView = (type & MEM_RESERVE) === 0 && address !== 0 && as.vads.find(address)?.view !== undefined;
    if (isCopyOnWrite(protect) && !inView) fail(ERROR_INVALID_PARAMETER);
    if (address !== 0 && address > as.layout.maxAddress) fail(ERROR_INVALID_PARAMETER);
    if (size > as.layout.maxAddress + 1 - as.layout.minAddress) fail(ERROR_NOT_ENOUGH_MEMORY);

    const reserve = (type & MEM_RESERVE) !== 0 || address === 0;
    if (reserve) {
      const start = address === 0 ? 0 : Math.floor(address / ALLOCATION_GRANULARITY) * ALLOCATION_GRANULARITY;
      const end = pageUp((address === 0 ? 0 : address) + size);
      const length = end - start;
      let base: number;
      if (address === 0) {
        base = as.vads.findFree(length, ALLOCATION_GRANULARITY, as.layout.minAddress, as.layout.maxAddress + 1, (type & MEM_TOP_DOWN) !== 0);
        if (base < 0) fail(ERROR_NOT_ENOUGH_MEMORY);
      } else {
        if (start < as.layout.minAddress || end - 1 > as.layout.maxAddress) fail(ERROR_INVALID_ADDRESS);
        if (!as.vads.isFree(start, end)) fail(ERROR_INVALID_ADDRESS);
        base = start;
      }
      const vad: Vad = {
        start: base,
        end: base + length,
        type: VadType.Private,
        allocationProtect: protect,
        committedPages: 0,
        lockedPages: new Set(),
      };
      if (type & MEM_COMMIT) this.commitRange(as, vad, base, base + length, protect);
      as.vads.insert(vad);
      return base;
    }

    // MEM_COMMIT inside an existing reservation.
    const start = pageDown(address);
    const end = pageUp(address + size);
    const vad = as.vads.find(start);
    if (!vad || end > vad.end) fail(ERROR_INVALID_ADDRESS);
    if (vad.view) return this.commitInView(as, vad, start, end, protect);
    if (vad.type !== VadType.Private) fail(ERROR_INVALID_ADDRESS);
    this.commitRange(as, vad, start, end, protect);
    return start;
  }

  /** Commits every uncommitted page of [start, end) and sets the protection of all of them. */
  private commitRange(as: AddressSpace, vad: Vad, start: number, end: number, protect: number): void {
    const pt = as.pageTable;
    let fresh = 0;
    for (let a = start; a < end; a += PAGE_SIZE) if (pt.state(a / PAGE_SIZE) === PageState.None) fresh++;
    if (!this.mm.commit.tryCharge(fresh, CommitSource.Private)) fail(ERROR_COMMITMENT_LIMIT);
    as.chargePrivate(fresh);
    vad.committedPages += fresh;
    for (let a = start; a < end; a += PAGE_SIZE) {
      const vpn = a / PAGE_SIZE;
      if (pt.state(vpn) === PageState.None) pt.setSoft(vpn, PageState.DemandZero, protect);
      else this.setPageProtection(as, vpn, protect);
    }
  }

  /**
   * MEM_COMMIT inside a mapped view: commits the pages of a SEC_RESERVE pagefile-backed
   * section for every view of it. A view of a committed section has nothing to commit;
   * a file view cannot be committed at all.
   */
  private commitInView(as: AddressSpace, vad: Vad, start: number, end: number, protect: number): number {
    if (vad.view!.controlArea.fcb) fail(ERROR_ACCESS_DENIED);
    if (!isWithinViewProtection(vad.allocationProtect, protect)) fail(ERROR_INVALID_PARAMETER);
    const vpns = this.pagesOf(start, end);
    if (isCopyOnWrite(protect)) this.sections.chargeCopyOnWrite(as, vad, vpns);
    this.sections.commitInView(vad, start, end);
    this.setViewProtection(as, vad, vpns, protect);
    return start;
  }

  private pagesOf(start: number, end: number): number[] {
    const vpns: number[] = [];
    for (let a = start; a < end; a += PAGE_SIZE) vpns.push(a / PAGE_SIZE);
    return vpns;
  }

  /**
   * Sets the protection of view pages: the caching bits are the view's (SEC_NOCACHE), and
   * a page that already has its private copy cannot be copy-on-write again.
   */
  private setViewProtection(as: AddressSpace, vad: Vad, vpns: number[], protect: number): void {
    const cache = PAGE_NOCACHE | PAGE_WRITECOMBINE;
    const effective = (protect & ~cache) | (vad.allocationProtect & cache);
    for (const vpn of vpns) this.setPageProtection(as, vpn, vad.view!.isPrivateCopy(vpn) ? afterCopyOnWrite(effective) : effective);
  }

  /** MEM_RESET: the pages' contents are no longer of interest; drop them without writing. */
  private reset(as: AddressSpace, address: number, size: number, type: number, protect: number): number {
    if (type !== MEM_RESET && type !== MEM_RESET_UNDO) fail(ERROR_INVALID_PARAMETER);
    if (size === 0 || address === 0) fail(ERROR_INVALID_PARAMETER);
    if (!isValidProtection(protect)) fail(ERROR_INVALID_PARAMETER);
    const start = pageDown(address);
    const end = pageUp(address + size);
    const vad = as.vads.find(start);
    if (!vad || end > vad.end) fail(ERROR_INVALID_ADDRESS);
    if (type === MEM_RESET_UNDO) return start;
    const pt = as.pageTable;
    for (let a = start; a < end; a += PAGE_SIZE) {
      const vpn = a / PAGE_SIZE;
      // The contents may be discarded: drop the dirty state so nothing is written out.
      if (pt.state(vpn) === PageState.Active) {
        const f = pt.payload(vpn);
        this.mm.pageTableClearDirty(as, vpn, f);
      }
    }
    return start;
  }

  // ---------------------------------------------------------------- VirtualFree

  free(as: AddressSpace, address: number, size: number, type: number): number {
    if (!isUint(address) || !isUint(size) || !isUint(type)) fail(ERROR_INVALID_PARAMETER);
    if (type !== MEM_DECOMMIT && type !== MEM_RELEASE) fail(ERROR_INVALID_PARAMETER);
    if (address > as.layout.maxAddress) fail(ERROR_INVALID_PARAMETER);
    if (type === MEM_RELEASE) {
      if (size !== 0) fail(ERROR_INVALID_PARAMETER);
      const vad = as.vads.find(address);
      if (!vad) fail(ERROR_INVALID_ADDRESS);
      if (vad.type !== VadType.Private) fail(ERROR_INVALID_PARAMETER);
      if (vad.start !== pageDown(address)) fail(ERROR_INVALID_ADDRESS);
      this.decommitRange(as, vad, vad.start, vad.end);
      as.vads.remove(vad);
      return 1;
    }
    const vad = as.vads.find(address);
    if (!vad) fail(ERROR_INVALID_ADDRESS);
    if (vad.type !== VadType.Private) fail(ERROR_INVALID_PARAMETER);
    let start: number;
    let end: number;
    if (size === 0) {
      // Size 0 decommits the whole allocation; the address must lie in its first page.
      if (pageDown(address) !== vad.start) fail(ERROR_INVALID_ADDRESS);
      start = vad.start;
      end = vad.end;
    } else {
      start = pageDown(address);
      end = pageUp(address + size);
      if (end > vad.end) fail(ERROR_INVALID_PARAMETER);
    }
    this.decommitRange(as, vad, start, end);
    return 1;
  }

  private decommitRange(as: AddressSpace, vad: Vad, start: number, end: number): void {
    const pt = as.pageTable;
    let released = 0;
    for (let a = start; a < end; a += PAGE_SIZE) {
      const vpn = a / PAGE_SIZE;
      if (pt.state(vpn) === PageState.None) continue;
      vad.lockedPages.delete(vpn);
      this.mm.discardPage(as, vpn);
      pt.setSoft(vpn, PageState.None, 0);
      released++;
    }
    vad.committedPages -= released;
    as.privateCommit -= released;
    this.mm.commit.release(released, CommitSource.Private);
  }

  // ---------------------------------------------------------------- VirtualProtect

  protect(as: AddressSpace, address: number, size: number, newProtect: number, hasOldProtect: boolean): number {
    if (!isUint(address) || !isUint(size) || !isUint(newProtect)) fail(ERROR_INVALID_PARAMETER);
    if (!hasOldProtect) fail(ERROR_NOACCESS);
    if (!isValidProtection(newProtect)) fail(ERROR_INVALID_PARAMETER);
    const start = pageDown(address);
    const end = pageUp(address + Math.max(size, 1));
    if (address > as.layout.maxAddress) fail(ERROR_INVALID_PARAMETER);
    const vad = as.vads.find(start);
    if (!vad || end > vad.end) fail(ERROR_INVALID_ADDRESS);
    if (vad.type === VadType.Private && isCopyOnWrite(newProtect)) fail(ERROR_INVALID_PARAMETER);
    const pt = as.pageTable;
    const view = vad.view;
    for (let a = start; a < end; a += PAGE_SIZE) {
      const committed = view ? view.isCommitted(a / PAGE_SIZE) : pt.state(a / PAGE_SIZE) !== PageState.None;
      if (!committed) fail(ERROR_INVALID_ADDRESS);
    }
    const old = pt.protection(start / PAGE_SIZE);
    // An image's pages are never written in place (NT's MiProtectVirtualMemory adds the
    // copy bit for image views): read-write becomes copy-on-write there.
    if (vad.type === VadType.Image) newProtect = asImageProtection(newProtect);
    if (view) {
      // A view's pages can be given no access the view itself lacks (copy-on-write is read).
      if (!isWithinViewProtection(vad.allocationProtect, newProtect)) fail(ERROR_INVALID_PARAMETER);
      const vpns = this.pagesOf(start, end);
      if (isCopyOnWrite(newProtect)) this.sections.chargeCopyOnWrite(as, vad, vpns);
      this.setViewProtection(as, vad, vpns, newProtect);
      return old;
    }
    // Windows 10/11: the caching modifiers (NOCACHE, WRITECOMBINE) are the allocation's;
    // VirtualProtect keeps them when the allocation had them and ignores them otherwise.
    const cache = PAGE_NOCACHE | PAGE_WRITECOMBINE;
    const effective = (newProtect & ~cache) | (vad.allocationProtect & cache);
    for (let a = start; a < end; a += PAGE_SIZE) this.setPageProtection(as, a / PAGE_SIZE, effective);
    return old;
  }

  /** Sets a committed page's protection and brings its hardware PTE in line. */
  private setPageProtection(as: AddressSpace, vpn: number, protect: number): void {
    const pt = as.pageTable;
    pt.setProtection(vpn, protect);
    if (pt.state(vpn) !== PageState.Active) return;
    const frame = pt.payload(vpn);
    const accessible = isReadable(protect) && !(protect & PAGE_GUARD);
    if (!accessible) {
      // Stays resident but every access faults: clear the PTE (keeping what it knew).
      const old = pt.invalidate(vpn);
      if (old & 8) this.mm.pfn.dirty[frame] = 1;
      this.mm.shootdown.poll();
    } else if (!isWritable(protect)) {
      const old = pt.writeProtect(vpn);
      if (old & 8) this.mm.pfn.dirty[frame] = 1;
    } else {
      pt.setValid(vpn, frame, true);
    }
  }

  // ---------------------------------------------------------------- VirtualQuery

  query(as: AddressSpace, address: number): MemoryBasicInformation {
    if (!isUint(address) || address > as.layout.maxAddress) fail(ERROR_INVALID_PARAMETER);
    const base = pageDown(address);
    const vad = as.vads.find(base);
    if (!vad) {
      const next = as.vads.nextAfter(base);
      const top = as.layout.maxAddress + 1;
      const regionEnd = next ? next.start : top;
      return { BaseAddress: base, AllocationBase: 0, AllocationProtect: 0, RegionSize: regionEnd - base, State: MEM_FREE, Protect: PAGE_NOACCESS, Type: 0 };
    }
    const pt = as.pageTable;
    const view = vad.view;
    const key = (vpn: number) => {
      const committed = view ? view.isCommitted(vpn) : pt.state(vpn) !== PageState.None;
      return committed ? pt.protection(vpn) : -1;
    };
    const first = key(base / PAGE_SIZE);
    let end = base + PAGE_SIZE;
    while (end < vad.end && key(end / PAGE_SIZE) === first) end += PAGE_SIZE;
    const committed = first !== -1;
    const typeBits = vad.type === VadType.Private ? MEM_PRIVATE : vad.type === VadType.Mapped ? MEM_MAPPED : MEM_IMAGE;
    return {
      BaseAddress: base,
      AllocationBase: vad.start,
      AllocationProtect: vad.allocationProtect,
      RegionSize: end - base,
      State: committed ? MEM_COMMIT : MEM_RESERVE,
      Protect: committed ? first : 0,
      Type: typeBits,
    };
  }

  /** VirtualQuery's buffer check: too small a buffer fails with ERROR_BAD_LENGTH. */
  static checkQueryLength(length: number, needed: number): void {
    if (!isUint(length) || length < needed) fail(ERROR_BAD_LENGTH);
  }

  // ---------------------------------------------------------------- VirtualLock / Unlock

  lock(as: AddressSpace, address: number, size: number): number | 'retry' {
    if (!isUint(address) || !isUint(size) || size === 0) fail(ERROR_INVALID_PARAMETER);
    const start = pageDown(address);
    const end = pageUp(address + size);
    const vad = as.vads.find(start);
    if (!vad || end > vad.end) fail(ERROR_NOACCESS);
    const pt = as.pageTable;
    let fresh = 0;
    for (let a = start; a < end; a += PAGE_SIZE) {
      const vpn = a / PAGE_SIZE;
      if (pt.state(vpn) === PageState.None || !isReadable(pt.protection(vpn))) fail(ERROR_NOACCESS);
      if (!as.workingSet.locked.has(vpn)) fresh++;
    }
    // A process may lock about its minimum working set less a few pages of overhead.
    if (as.workingSet.locked.size + fresh > as.workingSet.minimum - 8) fail(ERROR_WORKING_SET_QUOTA);
    for (let a = start; a < end; a += PAGE_SIZE) {
      const vpn = a / PAGE_SIZE;
      if (pt.state(vpn) !== PageState.Active) {
        const r = this.faults.resolve(as, a, false);
        if (r.kind === 'retry') return 'retry';
        // A guard page fails the lock once, with the guard-page status itself as last error.
        if (r.kind === 'exception') fail(r.code === STATUS_GUARD_PAGE_VIOLATION ? STATUS_GUARD_PAGE_VIOLATION : ERROR_NOACCESS);
      }
    }
    for (let a = start; a < end; a += PAGE_SIZE) {
      const vpn = a / PAGE_SIZE;
      as.workingSet.locked.add(vpn);
      vad.lockedPages.add(vpn);
    }
    return 1;
  }

  unlock(as: AddressSpace, address: number, size: number): number {
    if (!isUint(address) || !isUint(size) || size === 0) fail(ERROR_INVALID_PARAMETER);
    const start = pageDown(address);
    const end = pageUp(address + size);
    const vad = as.vads.find(start);
    if (!vad || end > vad.end) fail(ERROR_NOACCESS);
    const pt = as.pageTable;
    let notLocked = false;
    for (let a = start; a < end; a += PAGE_SIZE) {
      const vpn = a / PAGE_SIZE;
      if (pt.state(vpn) === PageState.None) fail(ERROR_NOACCESS);
      if (!as.workingSet.locked.has(vpn)) notLocked = true;
    }
    if (notLocked) {
      // Windows: unlocking pages that are not locked takes them out of the working set
      // (their data stays, on the standby or modified list) and fails with ERROR_NOT_LOCKED.
      for (let a = start; a < end; a += PAGE_SIZE) {
        const vpn = a / PAGE_SIZE;
        if (!as.workingSet.locked.has(vpn) && pt.state(vpn) === PageState.Active) this.mm.removeResident(as, vpn, true);
      }
      fail(ERROR_NOT_LOCKED);
    }
    for (let a = start; a < end; a += PAGE_SIZE) {
      as.workingSet.locked.delete(a / PAGE_SIZE);
      vad.lockedPages.delete(a / PAGE_SIZE);
    }
    return 1;
  }
}

export { MEM_COMMIT, MEM_RESERVE, MEM_DECOMMIT, MEM_RELEASE };
