/**
 * PagingFile: the real pagefile on the host disk, divided into 4 KiB slots.
 *
 * The modified page writer gives a dirty private page a slot and writes it there; a hard
 * fault reads it back (clustered with neighbouring slots of the same process when they
 * are still in the pagefile). A slot stays allocated while some page's only copy, or its
 * clean copy, lives in it; it is freed when the page is decommitted or dirtied again.
 *
 * Invariant: `used` equals the number of set bits in the slot bitmap.
 */
import type { BlockFile } from '../host/host.js';
import { PAGE_SIZE } from '../shared/layout.js';
import { readPagesInto } from './scatter-read.js';

export class PagingFile {
  readonly slots: number;
  private readonly bitmap: Uint32Array;
  private usedSlots = 0;
  /** Next-fit cursor, so that pages written together get neighbouring slots. */
  private hint = 0;

  constructor(private readonly file: BlockFile | null, bytes: number) {
    this.slots = Math.floor(bytes / PAGE_SIZE);
    this.bitmap = new Uint32Array(Math.ceil(this.slots / 32));
  }

  get used(): number {
    return this.usedSlots;
  }

  get path(): string | null {
    return this.file?.path ?? null;
  }

  isAllocated(slot: number): boolean {
    return (this.bitmap[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }

  /** Returns a free slot, or -1 if the pagefile is full. */
  allocate(): number {
    if (this.usedSlots >= this.slots) return -1;
    for (let i = 0; i < this.slots; i++) {
      const s = (this.hint + i) % this.slots;
      if (!this.isAllocated(s)) {
        this.bitmap[s >>> 5]! |= 1 << (s & 31);
        this.usedSlots++;
        this.hint = s + 1;
        return s;
      }
    }
    return -1;
  }

  free(slot: number): void {
    if (!this.isAllocated(slot)) throw new Error(`pagefile slot ${slot} freed twice`);
    this.bitmap[slot >>> 5]! &= ~(1 << (slot & 31));
    this.usedSlots--;
  }

  /** Reads one slot into `dest` (a 4 KiB view of a frame). */
  read(slot: number, dest: Uint8Array): void {
    if (!this.file) throw new Error('no pagefile');
    const n = this.file.read(dest, slot * PAGE_SIZE);
    if (n < PAGE_SIZE) dest.fill(0, n);
  }

  /** Reads consecutive slots from `firstSlot` on into `dest` (one frame view each) in one host read. */
  readRun(firstSlot: number, dest: Uint8Array[]): void {
    if (!this.file) throw new Error('no pagefile');
    readPagesInto(this.file, firstSlot * PAGE_SIZE, dest);
  }

  write(slot: number, src: Uint8Array): void {
    if (!this.file) throw new Error('no pagefile');
    this.file.write(src, slot * PAGE_SIZE);
  }

  close(): void {
    this.file?.close();
  }

  checkInvariants(): void {
    let n = 0;
    for (const word of this.bitmap) {
      let w = word;
      while (w) {
        w &= w - 1;
        n++;
      }
    }
    if (n !== this.usedSlots) throw new Error(`pagefile: ${this.usedSlots} slots counted used, bitmap has ${n}`);
  }
}
