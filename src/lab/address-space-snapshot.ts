/**
 * Address-space snapshots: one process's user space as Sysinternals VMMap shows it — free
 * gaps, and each allocation (VAD) cut into runs of the same state and protection — and one
 * virtual address followed down to its PTE, frame and backing store.
 *
 * Regions come from the kernel's own VirtualQuery (VirtualMemory.query), so what the lab
 * shows is exactly what a program calling VirtualQuery would see, mapped views included as
 * the memory manager learns them, cut further at PE section boundaries inside image views
 * (image-regions.ts). Working-set and locked pages are counted from the working set itself,
 * which every resident page of any kind belongs to.
 */
import type { AddressSpaceSnapshot, AddressTranslation, MemoryRegion, RegionType } from '../api/snapshots.js';
import type { Kernel } from '../ke/kernel.js';
import type { AddressSpace } from '../mm/address-space.js';
import { PageState } from '../mm/page-table.js';
import type { Vad } from '../mm/vad.js';
import { PAGE_SIZE, PTE_ACCESSED, PTE_DIRTY, PTE_VALID, PTE_WRITE } from '../shared/layout.js';
import { MEM_COMMIT, MEM_IMAGE, MEM_MAPPED, MEM_RESERVE } from '../win32/constants.js';
import { frameDetail } from './frame-snapshot.js';
import { nameOf, PAGE_STATE_LABELS } from './kernel-names.js';
import { splitImageRegion } from './image-regions.js';
import { controlAreaFile } from './section-files.js';

function regionType(type: number): RegionType {
  if (type === MEM_MAPPED) return 'mapped';
  if (type === MEM_IMAGE) return 'image';
  return 'private';
}

/** The regions of `as`, ascending and covering its whole user range. */
export function memoryRegions(k: Kernel, as: AddressSpace): MemoryRegion[] {
  const regions: MemoryRegion[] = [];
  const top = as.layout.maxAddress + 1;
  for (let address = as.layout.minAddress; address < top; ) {
    const mbi = k.vm.query(as, address);
    if (mbi.RegionSize <= 0) throw new Error(`VirtualQuery returned an empty region at 0x${address.toString(16)}`);
    const committed = mbi.State === MEM_COMMIT;
    const free = mbi.State !== MEM_COMMIT && mbi.State !== MEM_RESERVE;
    const vad = free ? undefined : as.vads.find(mbi.BaseAddress);
    const region: MemoryRegion = {
      base: mbi.BaseAddress,
      size: mbi.RegionSize,
      state: committed ? 'committed' : free ? 'free' : 'reserved',
      type: free ? null : regionType(mbi.Type),
      allocationBase: mbi.AllocationBase,
      allocationProtect: mbi.AllocationProtect,
      protect: committed ? mbi.Protect : 0,
      committedPages: committed ? mbi.RegionSize / PAGE_SIZE : 0,
      workingSetPages: 0,
      lockedPages: 0,
      backingFile: vad && vad.type !== 'private' ? backingFileOf(vad) : null,
    };
    // Image views: one region per PE section, with the module and its shared/private pages.
    regions.push(...splitImageRegion(k, as, vad, region));
    address = mbi.BaseAddress + mbi.RegionSize;
  }
  const ws = as.workingSet;
  for (const vpn of ws.vpns()) {
    const r = regionAt(regions, vpn * PAGE_SIZE);
    if (r) r.workingSetPages++;
  }
  for (const vpn of ws.locked) {
    const r = regionAt(regions, vpn * PAGE_SIZE);
    if (r) r.lockedPages++;
  }
  return regions;
}

/** Binary search over ascending, disjoint regions. */
export function regionAt(regions: readonly MemoryRegion[], address: number): MemoryRegion | undefined {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = regions[mid]!;
    if (address < r.base) hi = mid - 1;
    else if (address >= r.base + r.size) lo = mid + 1;
    else return r;
  }
  return undefined;
}

export function addressSpaceSnapshot(k: Kernel, pid: number, name: string, as: AddressSpace): AddressSpaceSnapshot {
  return {
    pid,
    name,
    minAddress: as.layout.minAddress,
    maxAddress: as.layout.maxAddress,
    totalVirtual: as.totalVirtual(),
    availVirtual: as.availVirtual(),
    regions: memoryRegions(k, as),
  };
}

/** Follows `address` (already checked to be inside the user range) down to its frame. */
export function translateAddress(k: Kernel, as: AddressSpace, address: number): AddressTranslation {
  const vpn = Math.floor(address / PAGE_SIZE);
  const regions = memoryRegions(k, as);
  const region = regionAt(regions, address)!;
  const pt = as.pageTable;
  const index = pt.pteIndex(vpn);
  const value = pt.hardware(vpn);
  const state = pt.state(vpn);
  const payload = pt.payload(vpn);
  const holdsFrame = state === PageState.Active || state === PageState.Transition;
  const hwFrame = value & PTE_VALID ? value >>> 12 : -1;
  const frame = holdsFrame ? payload : hwFrame;
  return {
    pid: as.pid,
    address,
    vpn,
    region,
    pte:
      index < 0
        ? null
        : {
            value: value >>> 0,
            physicalAddress: index * 4,
            valid: (value & PTE_VALID) !== 0,
            writable: (value & PTE_WRITE) !== 0,
            accessed: (value & PTE_ACCESSED) !== 0,
            dirty: (value & PTE_DIRTY) !== 0,
          },
    pageState: nameOf(PAGE_STATE_LABELS, state, 'page state'),
    // Section views may keep protection in the VAD rather than the page: fall back to the region's.
    protect: region.state === 'committed' ? pt.protection(vpn) || region.protect : 0,
    frame: frame >= 0 && frame < k.mm.frames ? frameDetail(k, frame) : null,
    pagefileSlot: state === PageState.PagingFile ? payload : null,
  };
}

/** The file a mapped or image view shows (through its section's control area), if any. */
export function backingFileOf(vad: Vad): string | null {
  return vad.view ? controlAreaFile(vad.view.controlArea) : null;
}
