/**
 * Snapshots: what the lab's views read of the machine at one moment (SPEC section 6) —
 * the processes, one process's address space in the style of Sysinternals VMMap, its
 * handles, the named objects, and the physical frames in the style of RAMMap.
 *
 * Names of frame states, frame uses and page states travel as strings, with the tables
 * that decode them, so a view keeps working when the kernel grows a new kind (a new
 * FrameUse for section pages, say): it shows the new name instead of failing.
 */
import type { ProcessCounters } from './counters.js';

/** One kernel call a stepping process is held before (step mode). */
export interface PausedCall {
  call: string;
  args: unknown[];
}

/** A process as the Processes view lists it: its counters plus identity and step state. */
export interface ProcessInfo extends ProcessCounters {
  commandLine: string;
  /** 0 for processes started from the lab. */
  parentPid: number;
  /** Why it ended, when it ended abnormally. */
  exitReason: string | null;
  /** Milliseconds since boot. */
  createdAt: number;
  /** True while in step mode: the process is held before each kernel call. */
  stepping: boolean;
  /** The call it is held before right now, if any. */
  paused: PausedCall | null;
  /**
   * For a process made from an image (CreateProcess of an .exe): the EXE's Win32 path and the
   * companion program that plays its part (the image's x86 code does not run in the lab);
   * companion null when the EXE has none. Absent for processes that run a program file.
   */
  image?: { path: string; companion: string | null };
}

export type RegionState = 'free' | 'reserved' | 'committed';
export type RegionType = 'private' | 'mapped' | 'image';

/**
 * One run of pages that VirtualQuery would report as one region: same allocation, state and
 * protection. Free gaps between allocations are regions too (state 'free').
 */
export interface MemoryRegion {
  base: number;
  size: number;
  state: RegionState;
  /** null for free regions. */
  type: RegionType | null;
  /** The allocation (VAD) the region belongs to; 0 for free regions. */
  allocationBase: number;
  allocationProtect: number;
  /** PAGE_* of committed pages; 0 otherwise. */
  protect: number;
  committedPages: number;
  /** Pages of the region in the process's working set (resident and mapped valid). */
  workingSetPages: number;
  /** Pages locked with VirtualLock. */
  lockedPages: number;
  /** The file a mapped or image view shows, as its Win32 path; null for private memory. */
  backingFile: string | null;
  /**
   * For image regions: which module and which PE section the pages belong to, and how many
   * of them are still the image's shared frames or have become this process's private copy.
   * An image region never spans two sections (the table cuts VirtualQuery's runs there, as
   * VMMap's image detail does). Absent for private and mapped regions.
   */
  image?: ImageRegionInfo;
}

/**
 * The image behind a run of pages of an image view (SEC_IMAGE): the module, its PE section,
 * and page by page whether the process still uses the image's own frame (shared with every
 * process that maps the image) or its own private copy (a write to a copy-on-write page, a
 * relocation, a debugger's write).
 */
export interface ImageRegionInfo {
  /** Base name of the module as the loader knows it ("app.exe"), or of the file for a view the loader did not map. */
  module: string;
  /** Win32 path of the image file. */
  path: string;
  /** The module's base address (HMODULE): the view's allocation base. */
  moduleBase: number;
  /** The PE section's name (".text", ".data", "Shared" …); "headers" for the PE headers. */
  section: string;
  /** Index in the section table; -1 for the headers, -2 for pages past the last section. */
  sectionIndex: number;
  /** IMAGE_SCN_* characteristics of the section (0 for the headers). */
  characteristics: number;
  /** The protection the image gives the section's pages (PAGE_WRITECOPY for .data …). */
  sectionProtect: number;
  /** IMAGE_SCN_MEM_SHARED (/SECTION:name,RWS): one copy of these pages for every process. */
  sharedSection: boolean;
  /** Pages of the run that are this process's private copy (no longer the image's frame). */
  privatePages: number;
  /** Resident pages of the run that map the image's own frame (shared with other processes). */
  sharedPages: number;
  /**
   * One letter per page of the run: 's' resident on the image's shared frame, 'p' a private
   * copy, '-' not resident in this process (a touch maps the image's frame).
   */
  pages: string;
}

export interface AddressSpaceSnapshot {
  pid: number;
  name: string;
  /** Lowest and highest (inclusive) user address. */
  minAddress: number;
  maxAddress: number;
  totalVirtual: number;
  availVirtual: number;
  /** Ascending, covering [minAddress, maxAddress] without gaps. */
  regions: MemoryRegion[];
}

export interface HandleInfo {
  handle: number;
  /** Object type name as NT names it: Process, Thread, File, Section, Event … */
  type: string;
  /** The object's name, or a description for unnamed process and thread objects. */
  name: string | null;
  /** Access mask granted to this handle. */
  access: number;
  inherit: boolean;
  protectFromClose: boolean;
}

export interface NamedObjectInfo {
  /** Name in \BaseNamedObjects. */
  name: string;
  type: string;
  /** Handles open to it, in every process. */
  handleCount: number;
  /** References: handles plus the kernel's own (a mapped view keeps its section alive). */
  referenceCount: number;
  /** Processes holding a handle to it. */
  holders: number[];
}

/**
 * Every physical frame as one byte, for the physical-memory map: the frame's state (its
 * list) in the low 3 bits and its use in the high 5 — `states[code & 7]`, `uses[code >> 3]`.
 * `codes` is that byte array in base64, so 1 M frames (4 GiB) travel as 1.3 MB of text.
 */
export interface FrameMap {
  /** Milliseconds since boot. */
  t: number;
  frames: number;
  codes: string;
  states: string[];
  uses: string[];
}

export interface FrameMapping {
  pid: number;
  /** Virtual address of the page in that process. */
  address: number;
  /** True if the PTE is valid (the page is in the working set), false for a transition page. */
  valid: boolean;
}

export interface FrameDetail {
  pfn: number;
  physicalAddress: number;
  /** zeroed, free, standby, modified, pendingFlush, active … */
  state: string;
  /** none, private, pageTable, pool … */
  use: string;
  /** Process that owns the frame's page (private pages, page tables); null if none. */
  ownerPid: number | null;
  /** Where the frame appears in virtual memory. */
  mappings: FrameMapping[];
  /** How many page-table entries name this frame (shared section pages name it in several). */
  shareCount: number;
  /** The page differs from its backing store. */
  dirty: boolean;
  /** Pagefile slot holding a copy of the page, if any. */
  pagefileSlot: number | null;
  /** File and byte offset the page belongs to (file-backed section pages). */
  file: { name: string; offset: number } | null;
}

/** From a virtual address to its PTE, frame and backing store. */
export interface AddressTranslation {
  pid: number;
  address: number;
  /** Virtual page number (address / 4096). */
  vpn: number;
  region: MemoryRegion;
  /** The hardware PTE, or null if no page table covers the address yet. */
  pte: {
    value: number;
    /** Physical address of the PTE itself (page-table frame × 4096 + index × 4). */
    physicalAddress: number;
    valid: boolean;
    writable: boolean;
    accessed: boolean;
    dirty: boolean;
  } | null;
  /** The kernel's view of the page: none, demandZero, active, transition, pagingFile … */
  pageState: string;
  /** PAGE_* of the page (0 if not committed). */
  protect: number;
  /** The frame holding the page (active and transition pages). */
  frame: FrameDetail | null;
  /** Pagefile slot holding the page's only copy (paged-out private pages). */
  pagefileSlot: number | null;
}

/** A bundled example program (the seeds' experiments in examples/). */
export interface ExampleInfo {
  name: string;
  fileName: string;
  /** First line of its leading comment. */
  description: string;
}

export interface ExampleProgram extends ExampleInfo {
  source: string;
}

/** Pushed whenever a process enters or leaves step mode or is held before a call. */
export interface StepState {
  pid: number;
  stepping: boolean;
  paused: PausedCall | null;
}

/**
 * installSamples: the sample images (app.exe, app.exe.ts, the DLLs of fixtures/images) put
 * into the workspace root, drive C:, for examples S15–S17 and running an EXE. Files already
 * there are kept as they are.
 */
export interface SampleInstall {
  /** Win32 paths copied now. */
  copied: string[];
  /** Win32 paths that were already in the workspace, left untouched. */
  kept: string[];
}
