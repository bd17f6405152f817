/**
 * AddressSpace: who owns one process's layout — its VADs (what is allocated where), its
 * page table (what is committed and resident, page by page), its working set, and the
 * private commit it holds. Services and the fault handler change it; the memory manager
 * owns the frames behind it.
 *
 *   x86       0x00010000 .. 0x7FFEFFFF   (2 GiB user space less the guard regions)
 *   x86-3gb   0x00010000 .. 0xBFFEFFFF
 *   x64       0x00010000 .. 0x7FFFFFFEFFFF
 */
import type { AddressSpaceProfile } from '../api/settings.js';
import { PAGE_SIZE, topEntries } from '../shared/layout.js';
import { PageTable } from './page-table.js';
import { VadTree } from './vad.js';
import { WorkingSet } from './working-set.js';
import type { FaultCounts } from '../api/counters.js';

export interface ProfileLayout {
  /** Lowest usable address. */
  minAddress: number;
  /** Highest usable address (inclusive), as lpMaximumApplicationAddress. */
  maxAddress: number;
  is64Bit: boolean;
}

export const PROFILE_LAYOUTS: Record<AddressSpaceProfile, ProfileLayout> = {
  x86: { minAddress: 0x10000, maxAddress: 0x7ffeffff, is64Bit: false },
  'x86-3gb': { minAddress: 0x10000, maxAddress: 0xbffeffff, is64Bit: false },
  x64: { minAddress: 0x10000, maxAddress: 0x7ffffffeffff, is64Bit: true },
};

/** Size of the user address space as GlobalMemoryStatus reports it (dwTotalVirtual). */
export function totalVirtualBytes(layout: ProfileLayout): number {
  // The usable span: 0x7FFE0000 for x86, as Windows reports it.
  return layout.maxAddress + 1 - layout.minAddress;
}

export function emptyFaultCounts(): FaultCounts {
  return { demandZero: 0, transition: 0, copyOnWrite: 0, pagefileRead: 0, fileRead: 0, accessViolation: 0 };
}

export class AddressSpace {
  readonly vads = new VadTree();
  readonly pageTable: PageTable;
  readonly workingSet = new WorkingSet();
  readonly faults = emptyFaultCounts();
  /** Private committed pages (commit charged to this process). */
  privateCommit = 0;
  peakPrivateCommit = 0;
  /** Commit charged for this process's copy-on-write views (part of its private bytes on NT). */
  copyOnWriteCommit = 0;
  /** Page-table frames of this process. */
  get pageTableFrames(): number {
    return this.pageTable.tableFrames.length;
  }

  constructor(
    readonly pid: number,
    readonly layout: ProfileLayout,
    pool32: Int32Array,
  ) {
    const pages = Math.ceil((layout.maxAddress + 1) / PAGE_SIZE);
    const top = new SharedArrayBuffer(topEntries(pages) * 4);
    this.pageTable = new PageTable(pid, top, pool32);
  }

  /** True if [start, end) lies inside the user range. */
  inUserRange(start: number, end: number): boolean {
    return start >= this.layout.minAddress && end - 1 <= this.layout.maxAddress && end > start;
  }

  totalVirtual(): number {
    return totalVirtualBytes(this.layout);
  }

  /** dwAvailVirtual: user space neither reserved nor committed. */
  availVirtual(): number {
    return this.vads.freeBytes(this.layout.minAddress, this.layout.maxAddress + 1);
  }

  chargePrivate(pages: number): void {
    this.privateCommit += pages;
    if (this.privateCommit > this.peakPrivateCommit) this.peakPrivateCommit = this.privateCommit;
  }
}
