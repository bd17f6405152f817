/**
 * ImageLayout: an image file as NT lays it out in memory (MiCreateImageFileMap), checked
 * field by field. For every page of the image (SizeOfImage, page-rounded) it says where
 * the page's bytes are in the file (a section's raw data, not page * 4096), how many of
 * them there are (the rest of the page is zero: uninitialised data is demand-zero), and
 * the page's protection, from its section's characteristics:
 *
 *   headers                         PAGE_READONLY
 *   code (execute, read)            PAGE_EXECUTE_READ        shared by every process
 *   read-only data                  PAGE_READONLY            shared
 *   writable data (.data, .bss)     PAGE_WRITECOPY           copy-on-write: a write gives
 *                                                            the writer its own copy
 *   writable + IMAGE_SCN_MEM_SHARED PAGE_READWRITE           one copy for every process
 *                                                            (/SECTION:name,RWS)
 *
 * Invariants (else ERROR_BAD_EXE_FORMAT): a PE32 i386 or PE32+ AMD64 executable image;
 * alignments powers of two with FileAlignment <= SectionAlignment, SectionAlignment >= a
 * page (or equal to FileAlignment: a "small alignment" image, mapped as in the file);
 * ImageBase 64 KiB aligned; sections in ascending, contiguous, aligned virtual order
 * inside SizeOfImage, their raw data inside the file.
 */
import { PAGE_SIZE } from '../../shared/layout.js';
import { ERROR_BAD_EXE_FORMAT } from '../../win32/errors.js';
import { fail } from '../../nt/win32-error.js';
import {
  PAGE_EXECUTE, PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY, PAGE_NOACCESS, PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY,
} from '../protection.js';
import {
  IMAGE_FILE_DLL, IMAGE_FILE_EXECUTABLE_IMAGE, IMAGE_FILE_MACHINE_AMD64, IMAGE_FILE_MACHINE_I386, IMAGE_FILE_RELOCS_STRIPPED, IMAGE_NT_OPTIONAL_HDR32_MAGIC,
  IMAGE_NT_OPTIONAL_HDR64_MAGIC, type PeHeaders,
} from './pe-headers.js';

/** NT's MmImageProtectionArray, indexed by characteristics >> 28 (shared, execute, read, write). */
const IMAGE_PROTECTION = [
  PAGE_NOACCESS, PAGE_NOACCESS, PAGE_EXECUTE, PAGE_EXECUTE, PAGE_READONLY, PAGE_READONLY, PAGE_EXECUTE_READ, PAGE_EXECUTE_READ,
  PAGE_WRITECOPY, PAGE_READWRITE, PAGE_EXECUTE_WRITECOPY, PAGE_EXECUTE_READWRITE, PAGE_WRITECOPY, PAGE_READWRITE, PAGE_EXECUTE_WRITECOPY, PAGE_EXECUTE_READWRITE,
] as const;

/** NT refuses images with more sections than this. */
const MAX_SECTIONS = 96;
/** The largest image the lab maps (well above anything real; keeps a bogus SizeOfImage from reserving the address space). */
const MAX_IMAGE_BYTES = 0x4000_0000;
const ALLOCATION_GRANULARITY = 0x10000;

export function imageProtection(characteristics: number): number {
  return IMAGE_PROTECTION[(characteristics >>> 28) & 0xf]!;
}

/** Where a page of the image comes from; `section` is -1 for the headers, -2 for a gap. */
export interface ImageSectionInfo {
  name: string;
  /** RVA and page-rounded size in memory. */
  rva: number;
  size: number;
  characteristics: number;
  protection: number;
}

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;
const roundUp = (n: number, a: number) => Math.ceil(n / a) * a;

export class ImageLayout {
  readonly pages: number;
  /** Per page: byte offset in the file of its first byte, bytes that come from the file, protection, section. */
  readonly fileOffset: Float64Array;
  readonly fileBytes: Uint16Array;
  readonly protection: Uint16Array;
  readonly sectionOf: Int16Array;
  readonly sections: ImageSectionInfo[] = [];

  private constructor(
    readonly headers: PeHeaders,
    readonly fileSize: number,
  ) {
    this.pages = Math.ceil(headers.sizeOfImage / PAGE_SIZE);
    this.fileOffset = new Float64Array(this.pages);
    this.fileBytes = new Uint16Array(this.pages);
    this.protection = new Uint16Array(this.pages).fill(PAGE_NOACCESS);
    this.sectionOf = new Int16Array(this.pages).fill(-2);
  }

  get is64Bit(): boolean {
    return this.headers.magic === IMAGE_NT_OPTIONAL_HDR64_MAGIC;
  }

  get isDll(): boolean {
    return (this.headers.characteristics & IMAGE_FILE_DLL) !== 0;
  }

  get relocsStripped(): boolean {
    return (this.headers.characteristics & IMAGE_FILE_RELOCS_STRIPPED) !== 0;
  }

  get imageBase(): number {
    return this.headers.imageBase;
  }

  get sizeOfImage(): number {
    return this.pages * PAGE_SIZE;
  }

  /** Pages whose protection is copy-on-write (each view of the image is charged for them). */
  countPages(pred: (protection: number) => boolean): number {
    let n = 0;
    for (const p of this.protection) if (pred(p)) n++;
    return n;
  }

  /** Checks `h` for a file of `fileSize` bytes and lays it out; fails with ERROR_BAD_EXE_FORMAT. */
  static build(h: PeHeaders, fileSize: number): ImageLayout {
    const bad = (): never => fail(ERROR_BAD_EXE_FORMAT);
    const i386 = h.machine === IMAGE_FILE_MACHINE_I386 && h.magic === IMAGE_NT_OPTIONAL_HDR32_MAGIC;
    const amd64 = h.machine === IMAGE_FILE_MACHINE_AMD64 && h.magic === IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    if (!i386 && !amd64) bad();
    if (!(h.characteristics & IMAGE_FILE_EXECUTABLE_IMAGE)) bad();
    const sa = h.sectionAlignment;
    const fa = h.fileAlignment;
    if (!isPow2(sa) || !isPow2(fa) || fa > sa || fa < 0x200 && fa !== sa) bad();
    const small = sa < PAGE_SIZE;
    if (small && sa !== fa) bad();
    if (!Number.isSafeInteger(h.imageBase) || h.imageBase <= 0 || h.imageBase % ALLOCATION_GRANULARITY !== 0) bad();
    if (h.sizeOfImage === 0 || h.sizeOfImage > MAX_IMAGE_BYTES || h.sizeOfHeaders === 0 || h.sizeOfHeaders > h.sizeOfImage) bad();
    if (h.sections.length > MAX_SECTIONS) bad();
    const layout = new ImageLayout(h, fileSize);
    if (small) {
      // Sections and file share one alignment: the image is the file, page for page.
      for (let p = 0; p < layout.pages; p++) layout.setPage(p, p * PAGE_SIZE, Math.max(0, Math.min(PAGE_SIZE, fileSize - p * PAGE_SIZE)), PAGE_EXECUTE_WRITECOPY, -1);
      for (const s of h.sections) layout.sections.push({ name: s.name, rva: s.virtualAddress, size: roundUp(s.virtualSize || s.sizeOfRawData, PAGE_SIZE), characteristics: s.characteristics, protection: PAGE_EXECUTE_WRITECOPY });
      return layout;
    }
    const headerEnd = roundUp(h.sizeOfHeaders, sa);
    const headerBytes = Math.min(h.sizeOfHeaders, fileSize);
    for (let p = 0; p * PAGE_SIZE < Math.min(headerEnd, layout.sizeOfImage); p++) {
      const inFile = p * PAGE_SIZE < roundUp(h.sizeOfHeaders, PAGE_SIZE) ? Math.max(0, Math.min(PAGE_SIZE, headerBytes - p * PAGE_SIZE)) : 0;
      layout.setPage(p, p * PAGE_SIZE, inFile, p * PAGE_SIZE < roundUp(h.sizeOfHeaders, PAGE_SIZE) ? PAGE_READONLY : PAGE_NOACCESS, -1);
    }
    let next = headerEnd;
    h.sections.forEach((s, i) => {
      const size = s.virtualSize || s.sizeOfRawData;
      // NT: every section starts where the previous one ended, aligned; none is empty.
      if (s.virtualAddress !== next || size === 0) bad();
      const end = roundUp(s.virtualAddress + size, sa);
      if (end > roundUp(h.sizeOfImage, sa)) bad();
      if (s.sizeOfRawData > 0 && s.pointerToRawData + s.sizeOfRawData > fileSize) bad();
      const raw = s.pointerToRawData === 0 ? 0 : Math.min(s.sizeOfRawData, roundUp(size, PAGE_SIZE));
      const prot = imageProtection(s.characteristics);
      layout.sections.push({ name: s.name, rva: s.virtualAddress, size: roundUp(size, PAGE_SIZE), characteristics: s.characteristics, protection: prot });
      for (let p = s.virtualAddress / PAGE_SIZE; p < Math.min(roundUp(s.virtualAddress + size, PAGE_SIZE) / PAGE_SIZE, layout.pages); p++) {
        const o = p * PAGE_SIZE - s.virtualAddress;
        layout.setPage(p, s.pointerToRawData + o, Math.max(0, Math.min(PAGE_SIZE, raw - o)), prot, i);
      }
      next = end;
    });
    if (next > roundUp(h.sizeOfImage, sa)) bad();
    return layout;
  }

  private setPage(p: number, offset: number, bytes: number, protection: number, section: number): void {
    this.fileOffset[p] = offset;
    this.fileBytes[p] = bytes;
    this.protection[p] = protection;
    this.sectionOf[p] = section;
  }
}
