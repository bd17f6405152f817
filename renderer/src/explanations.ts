/**
 * What every counter the lab shows means on NT (SPEC section 3), shown on hover next to the
 * number. One table, so the dashboard, the process list and the exports say the same thing.
 */
export const EXPLAIN = {
  memoryLoad: 'dwMemoryLoad: percent of physical memory in use ((total − available) / total).',
  availPhys:
    'dwAvailPhys / dwTotalPhys: physical memory. Available = zeroed + free + standby pages ' +
    "(frames that can be handed out at once); total = the machine's RAM.",
  availPageFile:
    'dwAvailPageFile / dwTotalPageFile: the commit limit (RAM + pagefile) and what is left of it ' +
    '(limit − commit charge). Not "free swap": committing memory lowers it before any page is touched.',
  availVirtual:
    "dwAvailVirtual / dwTotalVirtual: the selected process's user address space and the part of it " +
    'that is free (neither reserved nor committed).',
  zeroed: 'Zeroed list: free frames already filled with zeros, ready for demand-zero faults.',
  free: 'Free list: frames with no owner whose old contents have not been zeroed yet (the zero-page worker does that).',
  standby:
    'Standby list: clean pages trimmed from working sets. Still cached: a touch takes the page back (soft fault); ' +
    'counted as available, because the frame can be repurposed at once.',
  modified:
    'Modified list: dirty pages trimmed from working sets, waiting for the modified page writer to write them ' +
    'to the pagefile (private pages) or their file (mapped pages). Not available until written.',
  active: 'Active: frames in a working set, a page table or nonpaged pool.',
  pendingFlush: 'Frames taken from a process while its worker may still hold a cached translation (TLB shootdown).',
  commitCharge:
    'Commit charge: memory the system has promised backing for — private committed pages, page tables, ' +
    'pagefile-backed sections, copy-on-write views. It cannot exceed the commit limit (RAM + pagefile).',
  commitLimit: 'Commit limit: RAM + pagefile. A commit that would pass it fails with ERROR_COMMITMENT_LIMIT.',
  commitPeak: 'The highest commit charge since boot.',
  workingSet:
    'Working set: the pages of the process that are resident and mapped valid. Private pages are its own; ' +
    'shareable pages belong to sections, and shared ones are mapped by more than one process.',
  privateBytes:
    'Private bytes: the commit charged to this process (PROCESS_MEMORY_COUNTERS_EX.PrivateUsage): its private ' +
    'committed memory and the copy-on-write pages of its views (an image\'s .data, a FILE_MAP_COPY view), ' +
    'each of which may become a private copy.',
  faults: {
    demandZero: 'Demand-zero fault: first touch of a committed page; a zeroed frame is taken (soft fault).',
    transition: 'Transition fault: the page was on the standby or modified list and is taken back (soft fault).',
    copyOnWrite: 'Copy-on-write fault: first write to a copy-on-write page makes a private copy.',
    pagefileRead: 'Pagefile read: the page was paged out and is read back from the pagefile (hard fault).',
    fileRead: 'File read: a mapped page is read from its file (hard fault).',
    accessViolation: 'Access violation: a touch the page protection does not allow (EXCEPTION_ACCESS_VIOLATION).',
  },
  handles: 'Handles open in the process (its handle table).',
  frameMap:
    'Every physical frame as one cell, coloured by its list (zeroed, free, standby, modified) or, for active ' +
    'frames, by its use (private page, page table, nonpaged pool, section page).',
  shareCount: 'Share count: how many page-table entries map the frame (more than one for shared section pages).',
  regionState:
    'Free: no allocation. Reserved: address space set aside (VirtualAlloc MEM_RESERVE, or an uncommitted part ' +
    'of a view); no commit charge. Committed: backed by commit (private) or by its section.',
  regionType:
    'Private: VirtualAlloc memory of this process. Mapped: a view of a section (file or pagefile backed). ' +
    'Image: a view of an executable image, one row per PE section.',
  imagePages:
    'Image pages, one square each: shared = the image\'s own frame, the same one every process running the ' +
    'image maps (code, unmodified data); private copy = this process\'s own frame, made by its first write to a ' +
    'copy-on-write page (.data, a relocation, a debugger\'s breakpoint) and charged to commit; not resident = ' +
    'not touched yet (or trimmed): a touch maps the image\'s frame.',
  imageSection:
    'The module (EXE or DLL) and PE section the pages belong to. Code is shared read/execute, writable data ' +
    'copy-on-write, a section marked shared (/SECTION:name,RWS) read/write for every process.',
  companion:
    'The lab maps the image but does not run its x86 code: the process runs the companion program next to it ' +
    '(app.exe.ts for app.exe), which plays the image\'s part through mmlab/win32.',
} as const;

export type FaultKind = keyof typeof EXPLAIN.faults;
export const FAULT_KINDS = Object.keys(EXPLAIN.faults) as FaultKind[];
export const FAULT_LABELS: Record<FaultKind, string> = {
  demandZero: 'demand-zero',
  transition: 'transition',
  copyOnWrite: 'copy-on-write',
  pagefileRead: 'pagefile read',
  fileRead: 'file read',
  accessViolation: 'access violation',
};
