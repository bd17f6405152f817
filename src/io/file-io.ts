/**
 * File data path: how ReadFile and WriteFile move bytes between a file and a process.
 *
 *   file side      through the FCB's data section when one exists (the control area's
 *                  frames are the truth for resident pages, so ReadFile sees what a view
 *                  wrote and a view sees what WriteFile wrote: NT's coherence through the
 *                  cache manager), else straight to the host file. Growing a file is
 *                  ftruncate, so holes stay sparse; nothing writes zeros it does not have to.
 *   process side   through src/mm/process-memory.ts, page by page, faulting as needed.
 *
 * A transfer moves at most CHUNK bytes at a time, so a 1 GiB ReadFile needs no 1 GiB
 * kernel buffer, and it can stop when a fault is short of memory ('retry') and go on from
 * where it stopped when the service is retried: every chunk is idempotent.
 */
import type { AddressSpace } from '../mm/address-space.js';
import { copyFromProcess, copyToProcess, type CopyOutcome, type ProcessMemoryContext } from '../mm/process-memory.js';
import { ERROR_DISK_FULL, ERROR_IO_DEVICE } from '../win32/errors.js';
import type { FileControlBlock } from './file-control-block.js';

const CHUNK = 1 << 20;

/** The Win32 error for a failed host read or write (ENOSPC & co. are a full disk). */
export function hostIoError(e: unknown): number {
  const code = (e as { code?: unknown })?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG' ? ERROR_DISK_FULL : ERROR_IO_DEVICE;
}

/** Reads file bytes at `offset` into `dest`, clipped to the file's size; returns the count. */
export function readFileData(fcb: FileControlBlock, offset: number, dest: Uint8Array): number {
  const n = Math.max(0, Math.min(dest.length, fcb.size() - offset));
  if (n === 0) return 0;
  const d = dest.subarray(0, n);
  if (fcb.dataSection) fcb.dataSection.read(offset, d);
  else {
    const got = fcb.file.read(d, offset);
    // A file shrunk by someone outside the lab between size() and read(): zeros.
    if (got < n) d.fill(0, got);
  }
  return n;
}

/** Writes `src` at `offset`, growing the file (sparse) if it ends past the end. */
export function writeFileData(fcb: FileControlBlock, offset: number, src: Uint8Array): void {
  if (src.length === 0) return;
  if (fcb.dataSection) {
    // The section writes resident pages and the disk; the file must be long enough first.
    const end = offset + src.length;
    if (end > fcb.size()) fcb.setSize(end);
    fcb.dataSection.write(offset, src);
  } else {
    fcb.file.write(src, offset);
  }
}

/** One ReadFile or WriteFile in progress: `done` bytes moved so far. */
export class FileTransfer {
  done = 0;

  constructor(
    private readonly ctx: ProcessMemoryContext,
    private readonly as: AddressSpace,
    private readonly fcb: FileControlBlock,
    /** File offset of the first byte. */
    readonly offset: number,
    /** Process address of the first byte. */
    readonly address: number,
    /** Bytes to move (a read is already clipped to the end of the file). */
    readonly length: number,
    readonly direction: 'to-process' | 'from-process',
  ) {}

  /** Moves what it can; 'retry' keeps `done` and is to be called again later. Host errors throw. */
  step(): CopyOutcome {
    while (this.done < this.length) {
      const n = Math.min(CHUNK, this.length - this.done);
      const buf = new Uint8Array(n);
      let r: CopyOutcome;
      if (this.direction === 'to-process') {
        readFileData(this.fcb, this.offset + this.done, buf);
        r = copyToProcess(this.ctx, this.as, this.address + this.done, buf);
      } else {
        r = copyFromProcess(this.ctx, this.as, this.address + this.done, buf);
        if (r === 'done') writeFileData(this.fcb, this.offset + this.done, buf);
      }
      if (r !== 'done') return r;
      this.done += n;
    }
    return 'done';
  }
}
