/**
 * Page-fault handler: a worker touched a page its hardware PTE does not allow; decide
 * what the access means and make it succeed, or say which exception to raise.
 *
 *   no VAD, reserved only, PAGE_NOACCESS, write to read-only   -> access violation
 *   PAGE_GUARD                                                 -> guard-page exception,
 *                                                                 guard cleared
 *   DemandZero                                                 -> zeroed frame (soft)
 *   Transition (standby / modified / pending flush)            -> same frame back (soft)
 *   PagingFile                                                 -> read the slot (hard),
 *                                                                 neighbours clustered
 *   Prototype (a view page), copy-on-write write               -> section/prototype-faults
 *   Active (PTE was stale or protection changed)               -> republish the PTE
 *
 * The caller guarantees the worker of `as` is waiting in the kernel. `Retry` means no
 * frame is available right now: the caller parks the fault and calls again later.
 */
import { PAGE_SIZE } from '../shared/layout.js';
import type { AddressSpace } from './address-space.js';
import type { BalanceSetManager } from './balance-set-manager.js';
import type { MemoryManager } from './memory-manager.js';
import { FrameState, FrameUse } from './pfn-database.js';
import { PageState } from './page-table.js';
import { PAGE_GUARD, isCopyOnWrite, isGuard, isReadable, isWritable } from './protection.js';
import { PrototypeFaults } from './section/prototype-faults.js';
import { InPageError } from './in-page-error.js';

export const STATUS_ACCESS_VIOLATION = 0xc0000005;
export const STATUS_IN_PAGE_ERROR = 0xc0000006;
export const STATUS_GUARD_PAGE_VIOLATION = 0x80000001;

export type FaultOutcome =
  | { kind: 'resolved' }
  | { kind: 'exception'; code: number; address: number }
  | { kind: 'retry' };

const RESOLVED: FaultOutcome = { kind: 'resolved' };
/** Pages read together on a hard fault when their slots are neighbours (NT reads up to 16). */
const CLUSTER_PAGES = 16;

export class FaultHandler {
  private readonly prototypes: PrototypeFaults;

  constructor(
    private readonly mm: MemoryManager,
    private readonly balancer: BalanceSetManager,
  ) {
    this.prototypes = new PrototypeFaults(mm);
  }

  resolve(as: AddressSpace, address: number, write: boolean): FaultOutcome {
    try {
      return this.resolveFault(as, address, write);
    } catch (e) {
      // The backing store failed: the program gets EXCEPTION_IN_PAGE_ERROR at that address.
      if (e instanceof InPageError) return { kind: 'exception', code: STATUS_IN_PAGE_ERROR, address };
      throw e;
    }
  }

  private resolveFault(as: AddressSpace, address: number, write: boolean): FaultOutcome {
    const av = (): FaultOutcome => {
      as.faults.accessViolation++;
      return { kind: 'exception', code: STATUS_ACCESS_VIOLATION, address };
    };
    if (!(address >= as.layout.minAddress && address <= as.layout.maxAddress)) return av();
    const vpn = Math.floor(address / PAGE_SIZE);
    const vad = as.vads.find(address);
    const pt = as.pageTable;
    const state = pt.state(vpn);
    if (!vad || state === PageState.None) return av();
    const prot = pt.protection(vpn);
    if (isGuard(prot)) {
      pt.setProtection(vpn, prot & ~PAGE_GUARD);
      if (state === PageState.Active) pt.setValid(vpn, pt.payload(vpn), isWritable(prot));
      return { kind: 'exception', code: STATUS_GUARD_PAGE_VIOLATION, address };
    }
    // Copy-on-write exists only in views: a write there makes a private copy.
    const copyOnWrite = write && isCopyOnWrite(prot) && vad.view !== undefined;
    if (!isReadable(prot) || (write && !isWritable(prot) && !copyOnWrite)) return av();

    if (!pt.ensureTable(vpn, this.mm)) return this.shortOfMemory();
    switch (state) {
      case PageState.Active:
        if (copyOnWrite) return this.afterSectionFault(this.prototypes.resolve(as, vad, vpn, write, prot, address));
        pt.setValid(vpn, pt.payload(vpn), isWritable(prot));
        return RESOLVED;
      case PageState.Prototype:
        return this.afterSectionFault(this.prototypes.resolve(as, vad, vpn, write, prot, address));
      case PageState.Transition: {
        const f = pt.payload(vpn);
        this.mm.pfn.unlink(f);
        pt.setState(vpn, PageState.DemandZero); // makeResident sets Active again
        this.mm.makeResident(as, vpn, f, prot, true);
        as.faults.transition++;
        return this.afterFault();
      }
      case PageState.DemandZero: {
        const f = this.mm.allocateFrame(true);
        if (f < 0) return this.shortOfMemory();
        this.mm.makeResident(as, vpn, f, prot, true);
        as.faults.demandZero++;
        return this.afterFault();
      }
      case PageState.PagingFile: {
        const f = this.mm.allocateFrame(false);
        if (f < 0) return this.shortOfMemory();
        const slot = pt.payload(vpn);
        this.mm.onInPageRead();
        const ahead = this.readWithCluster(as, vpn, slot, f);
        this.mm.makeResident(as, vpn, f, prot, true);
        this.mm.pfn.pagefileSlot[f] = slot;
        as.faults.pagefileRead++;
        ahead.forEach((g, i) => {
          const v = vpn + 1 + i;
          this.mm.pfn.setOwner(g, FrameUse.Private, as.pid, v);
          this.mm.pfn.pagefileSlot[g] = slot + 1 + i;
          this.mm.pfn.insertTail(FrameState.Standby, g);
          pt.setState(v, PageState.Transition, g);
        });
        return this.afterFault();
      }
      default:
        return av();
    }
  }

  /**
   * Reads page `vpn` (its slot `slot`) into frame `f`, together with the following pages of
   * the same allocation that are also in the pagefile while their slots follow on, in one
   * host read. Returns the frames of those following pages (the caller puts them on the
   * standby list: the next touches are soft). Read-ahead is optional: if the clustered read
   * fails, the faulting page is read alone, and only its failure fails the fault
   * (InPageError, the frame given back).
   */
  private readWithCluster(as: AddressSpace, vpn: number, slot: number, f: number): number[] {
    const pt = as.pageTable;
    const vad = as.vads.find(vpn * PAGE_SIZE)!;
    const ahead: number[] = [];
    for (let v = vpn + 1; v < vpn + CLUSTER_PAGES && v * PAGE_SIZE < vad.end; v++) {
      if (pt.state(v) !== PageState.PagingFile || pt.payload(v) !== slot + 1 + ahead.length) break;
      if (this.mm.availablePages() <= this.mm.lowPages) break;
      const g = this.mm.allocateFrame(false);
      if (g < 0) break;
      ahead.push(g);
    }
    try {
      this.mm.pagingFile.readRun(
        slot,
        [f, ...ahead].map((g) => this.mm.frameBytes(g)),
      );
      return ahead;
    } catch {
      for (const g of ahead) this.mm.freeFrame(g);
    }
    this.mm.readIntoFrame(f, (bytes) => this.mm.pagingFile.read(slot, bytes));
    return [];
  }

  private afterSectionFault(o: FaultOutcome): FaultOutcome {
    if (o.kind === 'retry') return this.shortOfMemory();
    return o.kind === 'resolved' ? this.afterFault() : o;
  }

  private afterFault(): FaultOutcome {
    // Memory is getting low: trim and write out, but after the reply, so the faulting
    // process runs on while the kernel thread does it (NT's working-set manager and
    // modified page writer are threads of their own). With no frame at all the fault
    // retries, and shortOfMemory balances at once.
    if (this.balancer.isLow()) this.balancer.request();
    return RESOLVED;
  }

  private shortOfMemory(): FaultOutcome {
    this.balancer.balance();
    return { kind: 'retry' };
  }
}
