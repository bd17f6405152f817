/**
 * Mmu: the software MMU of one process worker. Every access to the process's virtual
 * memory goes through `translate` (a byte offset in the frame pool) or, for aligned int32
 * accesses, `index32Read` / `index32Write` (an index into the pool's Int32Array). A small
 * direct-mapped TLB caches translations; a miss walks the page table (shared with the
 * kernel); an entry that is not valid, or not writable for a write, is a page fault sent
 * to the kernel, after which the walk is retried — or the kernel says to raise an
 * exception, which becomes a Win32Exception in the program.
 *
 * Two TLBs. Addresses below 4 GiB (all of x86 and x86-3gb, and most of x64) use one kept
 * in Int32Arrays: a 20-bit page number as the tag and, per slot, the distance from the
 * address to its pool offset in int32 units (both page-aligned, so it is exact and fits 31
 * bits). V8 compiles that to integer compares and adds; the same TLB in Float64Arrays,
 * with Math.floor for the page number, made an access twice as slow. Addresses above
 * 4 GiB (x64 only) use a second TLB in Float64Arrays.
 *
 * The TLB is dropped at every kernel entry and whenever the kernel asks (Mb.FlushRequest,
 * checked at every access), so that no translation outlives what the kernel allows.
 * Accessed and dirty bits are set with compareExchange before a translation is cached:
 * a write translation is cached only once the PTE says dirty.
 */
import {
  PAGE_SIZE,
  PTES_PER_PAGE,
  PTE_ACCESSED,
  PTE_DIRTY,
  PTE_VALID,
  PTE_WRITE,
  TOP_SPAN_PAGES,
  Mb,
} from '../shared/layout.js';
import { Win32Exception } from './exception.js';
import type { KernelPort } from './kernel-port.js';

const TLB_SIZE = 256;
const TLB_MASK = TLB_SIZE - 1;
/**
 * Module-local constants: read on every access, an imported binding costs V8 a load and a
 * check each time (about a fifth of a tight loop).
 */
const PAGE: number = PAGE_SIZE;
const PAGE_SHIFT = 12;
const FLUSH_REQUEST: number = Mb.FlushRequest;
const FOUR_GIB = 2 ** 32;

export class Mmu {
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly view: DataView;
  private readonly top: Int32Array;
  /**
   * The kernel's flush request, read with a plain load at every access: Atomics.load there
   * costs three times the whole access in V8, and a plain load of a typed array element is
   * emitted as a load each time (V8 does not eliminate or hoist typed-array loads), so the
   * worker sees the request at its next access. tests/machine/flush-request covers a loop
   * that only reads resident pages.
   */
  private readonly mailbox: Int32Array;
  /** The TLB below 4 GiB: page number cached for reads, for writes (once writable and dirty), int32 distance. */
  private readonly readTag = new Int32Array(TLB_SIZE).fill(-1);
  private readonly writeTag = new Int32Array(TLB_SIZE).fill(-1);
  private readonly delta32 = new Int32Array(TLB_SIZE);
  /** The TLB above 4 GiB: the same, in doubles, with the distance in bytes. */
  private readonly highReadTag = new Float64Array(TLB_SIZE).fill(-1);
  private readonly highWriteTag = new Float64Array(TLB_SIZE).fill(-1);
  private readonly highDelta = new Float64Array(TLB_SIZE);

  constructor(
    pool: SharedArrayBuffer,
    topDirectory: SharedArrayBuffer,
    private readonly port: KernelPort,
  ) {
    this.u8 = new Uint8Array(pool);
    this.i32 = new Int32Array(pool);
    this.view = new DataView(pool);
    this.top = new Int32Array(topDirectory);
    this.mailbox = port.mailbox;
    port.flushTlb = () => {
      this.readTag.fill(-1);
      this.writeTag.fill(-1);
      this.highReadTag.fill(-1);
      this.highWriteTag.fill(-1);
    };
  }

  /** Byte offset in the pool of `address`, faulting as needed. Throws Win32Exception. */
  translate(address: number, write: boolean): number {
    if (this.mailbox[FLUSH_REQUEST] !== 0) this.port.quiesce();
    if (address >>> 0 === address) {
      const vpn = address >>> PAGE_SHIFT;
      const slot = vpn & TLB_MASK;
      if ((write ? this.writeTag[slot] : this.readTag[slot]) === vpn) return address + this.delta32[slot]! * 4;
    }
    return this.slowTranslate(address, write);
  }

  /**
   * Index in the pool's Int32Array of the 4-byte aligned `address`, for a read.
   * index32Read and index32Write are kept as two copies on purpose: one function choosing its
   * tag array by a `write` flag measured about 0.5 ns slower per access (a tenth of the loop).
   */
  index32Read(address: number): number {
    if (this.mailbox[FLUSH_REQUEST] !== 0) this.port.quiesce();
    if (address >>> 0 === address) {
      const vpn = address >>> PAGE_SHIFT;
      const slot = vpn & TLB_MASK;
      if (this.readTag[slot] === vpn) return (address >>> 2) + this.delta32[slot]!;
    }
    return this.slowTranslate(address, false) / 4;
  }

  /** Index in the pool's Int32Array of the 4-byte aligned `address`, for a write. */
  index32Write(address: number): number {
    if (this.mailbox[FLUSH_REQUEST] !== 0) this.port.quiesce();
    if (address >>> 0 === address) {
      const vpn = address >>> PAGE_SHIFT;
      const slot = vpn & TLB_MASK;
      if (this.writeTag[slot] === vpn) return (address >>> 2) + this.delta32[slot]!;
    }
    return this.slowTranslate(address, true) / 4;
  }

  /** A TLB miss below 4 GiB, or any address above it (or not a valid address at all). */
  private slowTranslate(address: number, write: boolean): number {
    if (!(address >= 0) || !Number.isFinite(address))
      throw new Win32Exception(0xc0000005, address, write ? 'write' : 'read');
    // A fractional address means its byte (as a DataView offset would be truncated).
    address = Math.floor(address);
    const vpn = Math.floor(address / PAGE);
    const slot = vpn & TLB_MASK;
    if (address >= FOUR_GIB && (write ? this.highWriteTag[slot] : this.highReadTag[slot]) === vpn) {
      return address + this.highDelta[slot]!;
    }
    return this.miss(address, vpn, slot, write);
  }

  private miss(address: number, vpn: number, slot: number, write: boolean): number {
    for (;;) {
      const idx = this.pteIndex(vpn);
      if (idx >= 0) {
        const pte = Atomics.load(this.i32, idx);
        if (pte & PTE_VALID && (!write || pte & PTE_WRITE)) {
          const want = pte | PTE_ACCESSED | (write ? PTE_DIRTY : 0);
          if (want === pte || Atomics.compareExchange(this.i32, idx, pte, want) === pte) {
            const d = (pte >>> 12) * PAGE - vpn * PAGE;
            this.cache(vpn, slot, d, (want & PTE_WRITE) !== 0 && (want & PTE_DIRTY) !== 0);
            return address + d;
          }
          continue; // the entry changed under us: walk again
        }
      }
      const r = this.port.fault(address, write);
      if (r.status !== 0) throw new Win32Exception(r.status, r.address, write ? 'write' : 'read');
    }
  }

  /** Caches the translation of page `vpn` (pool offset = address + d) in the TLB it belongs to. */
  private cache(vpn: number, slot: number, d: number, writable: boolean): void {
    if (vpn * PAGE < FOUR_GIB) {
      this.readTag[slot] = vpn;
      this.writeTag[slot] = writable ? vpn : -1;
      this.delta32[slot] = d / 4;
    } else {
      this.highReadTag[slot] = vpn;
      this.highWriteTag[slot] = writable ? vpn : -1;
      this.highDelta[slot] = d;
    }
  }

  private pteIndex(vpn: number): number {
    const t = this.top[Math.floor(vpn / TOP_SPAN_PAGES)];
    if (!t || !(t & PTE_VALID)) return -1;
    const d = Atomics.load(
      this.i32,
      (t >>> 12) * PTES_PER_PAGE + (Math.floor(vpn / PTES_PER_PAGE) & (PTES_PER_PAGE - 1)),
    );
    if (!(d & PTE_VALID)) return -1;
    return (d >>> 12) * PTES_PER_PAGE + (vpn & (PTES_PER_PAGE - 1));
  }
}
