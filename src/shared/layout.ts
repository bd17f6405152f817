/**
 * Shared-memory formats: the only things both the kernel thread and a process worker
 * read. Everything here is plain numbers over SharedArrayBuffers.
 *
 *   frame pool     one SharedArrayBuffer, frame n at byte n * 4096 (RAM)
 *   page tables    live in frames of the pool, like real ones: a per-process top array
 *                  (its own small SAB) -> page-directory frame -> page-table frame -> PTE
 *   mailbox        one small SAB per process: fault and system-call requests and replies
 *   doorbell       one SAB for the whole machine: workers bump it to wake the kernel
 *
 * Virtual address layout of the three-level walk (vpn = va / 4096):
 *
 *   vpn:  | top index (vpn / 2^20) | directory index (10 bits) | table index (10 bits) |
 *   va:   ... 47 ........ 32  31 ........ 22  21 ........ 12  11 ..... 0
 *
 * PTE / PDE format (int32): bits 12..31 frame number, bit 0 valid, bit 1 writable,
 * bit 2 accessed, bit 3 dirty. Only the kernel thread makes entries valid or invalid;
 * a worker only sets accessed/dirty, with compareExchange so it can never resurrect an
 * entry the kernel has just cleared (the kernel clears with Atomics.exchange and so
 * learns atomically whether the page was written).
 */

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;
export const PTES_PER_PAGE = 1024;
export const TOP_SPAN_PAGES = 1 << 20;

export const PTE_VALID = 1;
export const PTE_WRITE = 2;
export const PTE_ACCESSED = 4;
export const PTE_DIRTY = 8;

export function makePte(frame: number, writable: boolean): number {
  return ((frame << PAGE_SHIFT) | PTE_VALID | (writable ? PTE_WRITE : 0)) | 0;
}

export function pteFrame(pte: number): number {
  return pte >>> PAGE_SHIFT;
}

/** Number of entries in a process's top array for a user space of `pages` pages. */
export function topEntries(pages: number): number {
  return Math.max(1, Math.ceil(pages / TOP_SPAN_PAGES));
}

// ---- mailbox (Int32Array indices over a MAILBOX_BYTES SharedArrayBuffer) ----

export const MAILBOX_BYTES = 256 * 1024;
/** Payload area starts here (bytes); JSON text for system calls. */
export const MAILBOX_DATA_OFFSET = 64;
export const MAILBOX_DATA_BYTES = MAILBOX_BYTES - MAILBOX_DATA_OFFSET;

/** Int32 slots of the mailbox header. */
export const Mb = {
  /** MailboxState */
  State: 0,
  /** MailboxOp */
  Op: 1,
  /** Fault access kind: 0 read, 1 write. */
  Access: 2,
  /** Payload length in bytes (request and reply). */
  Length: 3,
  /** Kernel entries so far: bumped by the worker at every kernel entry (its quiescent points). */
  Entries: 6,
  /** Set by the kernel to ask the worker to drop its cached translations soon. */
  FlushRequest: 7,
  /** Reply status: 0 ok, else an exception code to raise (fault) or a kernel failure. */
  Status: 8,
  /**
   * 1 while the worker sleeps on State (Atomics.wait) for a reply: only then does the kernel
   * pay for Atomics.notify. A worker polling for its reply needs no wake-up.
   */
  Sleeping: 9,
  /**
   * Set by the kernel (with the reply) when it had to park the request: it waited for
   * memory or for a transfer, so a slow reply says nothing about the worker's polling.
   */
  Parked: 12,
  /**
   * Set by the kernel while it reads the faulting page from disk (a hard fault), cleared
   * with the reply: the reply will take a disk read, not a lost wake-up, so the worker may
   * go on polling instead of falling asleep and paying a wake-up on top of the read.
   */
  InPage: 13,
} as const;

/** Float64 slots of the mailbox header (same buffer): fault address, exception address. */
export const MbF64 = { FaultAddress: 2, ExceptionAddress: 5 } as const;

export const MailboxState = { Idle: 0, Request: 1, Reply: 2 } as const;
export const MailboxOp = { Fault: 1, Syscall: 2 } as const;

/** Doorbell: Int32 slot 0 counts requests; the kernel waits on it. */
export const DOORBELL_BYTES = 64;
