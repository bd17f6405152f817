/**
 * Mmu: the software MMU of one process worker. Every access to the process's virtual
 * memory goes through `translate`, which returns the byte offset of the address in the
 * frame pool. A small direct-mapped TLB caches translations; a miss walks the page table
 * (shared with the kernel); an entry that is not valid, or not writable for a write,
 * is a page fault sent to the kernel, after which the walk is retried — or the kernel
 * says to raise an exception, which becomes a Win32Exception in the program.
 *
 * The TLB is dropped at every kernel entry and whenever the kernel asks (checked every
 * POLL_EVERY accesses), so that no translation outlives what the kernel allows.
 * Accessed and dirty bits are set with compareExchange before a translation is cached:
 * a write translation is cached only once the PTE says dirty.
 */
import { PAGE_SIZE, PTES_PER_PAGE, PTE_ACCESSED, PTE_DIRTY, PTE_VALID, PTE_WRITE, TOP_SPAN_PAGES, Mb } from '../shared/layout.js';
import { Win32Exception } from './exception.js';
import type { KernelPort } from './kernel-port.js';

const TLB_SIZE = 256;
/**
 * The page size as a module-local constant: read on every access, an imported binding costs
 * V8 a load and a check each time (about a fifth of a tight loop).
 */
const PAGE: number = PAGE_SIZE;
const POLL_EVERY = 4096;

export class Mmu {
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly view: DataView;
  private readonly top: Int32Array;
  /**
   * The TLB, direct-mapped by vpn: the vpn cached for reads and, separately, for writes
   * (a write entry only once the PTE is writable and dirty), and per slot the distance from
   * the virtual address to its pool offset, so a hit costs one compare and one add.
   */
  private readonly readTag = new Float64Array(TLB_SIZE).fill(-1);
  private readonly writeTag = new Float64Array(TLB_SIZE).fill(-1);
  private readonly delta = new Float64Array(TLB_SIZE);
  private budget = POLL_EVERY;

  constructor(
    pool: SharedArrayBuffer,
    topDirectory: SharedArrayBuffer,
    private readonly port: KernelPort,
  ) {
    this.u8 = new Uint8Array(pool);
    this.i32 = new Int32Array(pool);
    this.view = new DataView(pool);
    this.top = new Int32Array(topDirectory);
    port.flushTlb = () => {
      this.readTag.fill(-1);
      this.writeTag.fill(-1);
    };
  }

  /** Byte offset in the pool of `address`, faulting as needed. Throws Win32Exception. */
  translate(address: number, write: boolean): number {
    if (--this.budget < 0) this.poll();
    const vpn = Math.floor(address / PAGE);
    const slot = vpn & (TLB_SIZE - 1);
    if ((write ? this.writeTag[slot] : this.readTag[slot]) === vpn) return address + this.delta[slot]!;
    return this.miss(address, vpn, slot, write);
  }

  private poll(): void {
    this.budget = POLL_EVERY;
    if (Atomics.load(this.port.mailbox, Mb.FlushRequest) !== 0) this.port.quiesce();
  }

  private miss(address: number, vpn: number, slot: number, write: boolean): number {
    if (!(address >= 0) || !Number.isFinite(address)) throw new Win32Exception(0xc0000005, address, write ? 'write' : 'read');
    for (;;) {
      const idx = this.pteIndex(vpn);
      if (idx >= 0) {
        const pte = Atomics.load(this.i32, idx);
        if (pte & PTE_VALID && (!write || pte & PTE_WRITE)) {
          const want = pte | PTE_ACCESSED | (write ? PTE_DIRTY : 0);
          if (want === pte || Atomics.compareExchange(this.i32, idx, pte, want) === pte) {
            const d = (pte >>> 12) * PAGE - vpn * PAGE;
            this.readTag[slot] = vpn;
            this.writeTag[slot] = want & PTE_WRITE && want & PTE_DIRTY ? vpn : -1;
            this.delta[slot] = d;
            return address + d;
          }
          continue; // the entry changed under us: walk again
        }
      }
      const r = this.port.fault(address, write);
      if (r.status !== 0) throw new Win32Exception(r.status, r.address, write ? 'write' : 'read');
    }
  }

  private pteIndex(vpn: number): number {
    const t = this.top[Math.floor(vpn / TOP_SPAN_PAGES)];
    if (!t || !(t & PTE_VALID)) return -1;
    const d = Atomics.load(this.i32, (t >>> 12) * PTES_PER_PAGE + (Math.floor(vpn / PTES_PER_PAGE) & (PTES_PER_PAGE - 1)));
    if (!(d & PTE_VALID)) return -1;
    return (d >>> 12) * PTES_PER_PAGE + (vpn & (PTES_PER_PAGE - 1));
  }
}
