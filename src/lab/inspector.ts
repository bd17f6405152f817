/**
 * LabInspector: the snapshot reads of the LabApi (processes, address spaces, handles, named
 * objects, frames, translations) over one running kernel. It reads kernel structures on the
 * kernel's own thread, between requests, so every snapshot is consistent; it changes
 * nothing. Requests naming something that does not exist fail with an InspectError whose
 * message is meant for the user.
 */
import type {
  AddressSpaceSnapshot,
  AddressTranslation,
  FrameDetail,
  FrameMap,
  HandleInfo,
  NamedObjectInfo,
  ProcessInfo,
} from '../api/snapshots.js';
import type { Kernel } from '../ke/kernel.js';
import type { Process } from '../ps/process.js';
import { addressSpaceSnapshot, translateAddress } from './address-space-snapshot.js';
import { frameDetail, frameMap } from './frame-snapshot.js';
import { handleList, namedObjects, processList, type StepView } from './process-snapshot.js';

/** A snapshot request for something the machine does not have. */
export class InspectError extends Error {
  override name = 'InspectError';
}

export class LabInspector {
  constructor(
    private readonly kernel: Kernel,
    private readonly steps: StepView,
  ) {}

  processList(): ProcessInfo[] {
    return processList(this.kernel, this.steps);
  }

  addressSpace(pid: number): AddressSpaceSnapshot {
    const p = this.live(pid);
    return addressSpaceSnapshot(this.kernel, p.pid, p.name, p.addressSpace);
  }

  handles(pid: number): HandleInfo[] {
    return handleList(this.process(pid));
  }

  namedObjects(): NamedObjectInfo[] {
    return namedObjects(this.kernel);
  }

  frameMap(): FrameMap {
    return frameMap(this.kernel);
  }

  frame(pfn: number): FrameDetail {
    const frames = this.kernel.mm.frames;
    if (!Number.isInteger(pfn) || pfn < 0 || pfn >= frames) {
      throw new InspectError(`frame ${pfn} does not exist: this machine has frames 0 to ${frames - 1}`);
    }
    return frameDetail(this.kernel, pfn);
  }

  translate(pid: number, address: number): AddressTranslation {
    const p = this.live(pid);
    const { minAddress, maxAddress } = p.addressSpace.layout;
    if (!Number.isSafeInteger(address) || address < minAddress || address > maxAddress) {
      throw new InspectError(
        `address 0x${hex(address)} is outside the user address space (0x${hex(minAddress)}–0x${hex(maxAddress)})`,
      );
    }
    return translateAddress(this.kernel, p.addressSpace, address);
  }

  private process(pid: number): Process {
    const p = this.kernel.processes.get(pid);
    if (!p) throw new InspectError(`no process ${pid}`);
    return p;
  }

  private live(pid: number): Process {
    const p = this.process(pid);
    if (!p.alive) throw new InspectError(`process ${pid} has exited; its address space is gone`);
    return p;
  }
}

function hex(n: number): string {
  return Number.isFinite(n) ? Math.trunc(n).toString(16).toUpperCase() : String(n);
}
