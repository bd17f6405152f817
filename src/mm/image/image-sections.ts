/**
 * Image sections (SEC_IMAGE): how Windows runs an EXE or DLL from a memory-mapped file.
 *
 *   image file ──► ImageControlArea (one per file, apart from the file's data control
 *                  area, as NT's SECTION_OBJECT_POINTERS keeps ImageSectionObject apart
 *                  from DataSectionObject)
 *                    │ Segment: one prototype PTE per page of the image, filled from the
 *                    │ file at the section's raw offset (ImageLayout), zero past raw data
 *                    ▼
 *                  frames ◄── process PTEs ── MappedView / Vad (type Image) in each process
 *
 * A second section on the same file reuses the control area, so every process running an
 * image maps the same frames for its code and unmodified data (SPEC S15). Each page of a
 * view gets its section's protection: code read/execute, writable data copy-on-write (the
 * fault handler makes the writer a private copy), shared sections read-write for all.
 *
 * Commit, as NT charges it: a view is charged one page for every copy-on-write page of
 * the image when it is mapped (CopyOnWrite source, returned at unmap; NT's
 * ImageCommitment); the pages of shared writable sections are charged once to the
 * control area (Sections source), since a modified one can only go to the pagefile.
 * Pages made copy-on-write later (relocation, a debugger's write) are charged then.
 *
 * Lifetime: the control area holds a reference on the file object it was made from
 * (NT's ControlArea->FilePointer), so the file stays open while a view or section lives.
 */
import type { FileControlBlock } from '../../io/file-control-block.js';
import type { FileObject } from '../../io/file-object.js';
import type { HostServices } from '../../host/host.js';
import type { ObjectManager } from '../../ob/object-manager.js';
import { fail } from '../../nt/win32-error.js';
import { PAGE_SIZE } from '../../shared/layout.js';
import { SEC_IMAGE } from '../../win32/constants.js';
import { ERROR_BAD_EXE_FORMAT, ERROR_COMMITMENT_LIMIT, ERROR_INVALID_ADDRESS, ERROR_NOT_ENOUGH_MEMORY } from '../../win32/errors.js';
import type { AddressSpace } from '../address-space.js';
import { CommitSource } from '../commit-charge.js';
import type { MemoryManager } from '../memory-manager.js';
import { PageState } from '../page-table.js';
import { PAGE_EXECUTE_WRITECOPY, isCopyOnWrite, isWritable } from '../protection.js';
import { ControlArea } from '../section/control-area.js';
import { MappedView } from '../section/mapped-view.js';
import type { SectionManager } from '../section/section-manager.js';
import type { SectionObject } from '../section/section-object.js';
import type { SegmentFile } from '../section/segment.js';
import { VadType, type Vad } from '../vad.js';
import { ImageBytes, readExports, readImports, readRelocations, type ExportTable, type ImportedDll, type Relocation } from './image-directories.js';
import { ImageLayout } from './image-layout.js';

/** Bytes read to find the headers (DOS header, NT headers, section table). */
const HEADER_READ_BYTES = 0x10000;

/** The control area of an image section, with the image's layout and directories. */
export class ImageControlArea extends ControlArea {
  private exportsCache: ExportTable | null | undefined;
  private importsCache: ImportedDll[] | undefined;
  private relocationsCache: Relocation[] | null | undefined;

  constructor(
    mm: MemoryManager,
    readonly layout: ImageLayout,
    readonly bytes: ImageBytes,
    readonly file: FileObject,
  ) {
    const source: SegmentFile = {
      readPages: (first, dest) => dest.forEach((page, i) => bytes.readPage(first + i, page)),
      writePage: () => {
        throw new Error('an image file is never written');
      },
      writesToPagefile: true,
    };
    super(mm, null, layout.sizeOfImage, false, source);
  }

  exports(): ExportTable | null {
    if (this.exportsCache === undefined) this.exportsCache = readExports(this.bytes);
    return this.exportsCache;
  }

  imports(): ImportedDll[] {
    this.importsCache ??= readImports(this.bytes);
    return this.importsCache;
  }

  relocations(): Relocation[] | null {
    if (this.relocationsCache === undefined) this.relocationsCache = readRelocations(this.bytes);
    return this.relocationsCache;
  }
}

export interface MappedImage {
  base: number;
  vad: Vad;
  /** False when the preferred base was taken and the view went elsewhere (STATUS_IMAGE_NOT_AT_BASE). */
  atBase: boolean;
}

export class ImageSections {
  private readonly byFile = new Map<FileControlBlock, ImageControlArea>();

  constructor(
    private readonly mm: MemoryManager,
    private readonly sections: SectionManager,
    private readonly objects: ObjectManager,
    private readonly host: HostServices,
  ) {}

  /** The image control area of a file (reused by every later section), made on first use. */
  controlAreaFor(file: FileObject): ImageControlArea {
    const fcb = file.fcb;
    const existing = this.byFile.get(fcb);
    if (existing) return existing;
    // The image is read from the file: data written through a data view must be there first.
    fcb.dataSection?.flush();
    const fileSize = fcb.size();
    const head = new Uint8Array(Math.min(fileSize, HEADER_READ_BYTES));
    const got = fcb.file.read(head, 0);
    const headers = this.host.readPeHeaders(head.subarray(0, Math.max(0, got)));
    if ('error' in headers) fail(ERROR_BAD_EXE_FORMAT);
    const layout = ImageLayout.build(headers, fileSize);
    const bytes = new ImageBytes(layout, (dest, offset) => fcb.file.read(dest, offset));
    const shared = layout.countPages(isWritable);
    if (shared > 0 && !this.mm.commit.tryCharge(shared, CommitSource.Sections)) fail(ERROR_COMMITMENT_LIMIT);
    const ca = new ImageControlArea(this.mm, layout, bytes, file);
    ca.chargedPages = shared;
    this.objects.reference(file);
    this.mm.segments.set(ca.id, ca.segment);
    this.byFile.set(fcb, ca);
    fcb.imageSection = ca;
    this.sections.imageAreas.set(ca, () => {
      this.byFile.delete(fcb);
      fcb.imageSection = null;
      this.objects.dereference(file);
    });
    return ca;
  }

  /** CreateFileMapping(SEC_IMAGE): a section object on the file's image control area. */
  createSection(file: FileObject): SectionObject {
    const ca = this.controlAreaFor(file);
    return this.sections.newSection(ca, ca.layout.sizeOfImage, PAGE_EXECUTE_WRITECOPY, SEC_IMAGE, false);
  }

  /**
   * Checks the image invariants: each image control area is registered with the section
   * manager and charged exactly its shared writable pages; each of its views is an Image
   * VAD covering the whole image and charged at least its copy-on-write pages.
   */
  checkInvariants(): void {
    for (const ca of this.byFile.values()) {
      if (!this.sections.imageAreas.has(ca)) throw new Error(`image control area ${ca.id} not registered`);
      const shared = ca.layout.countPages(isWritable);
      if (ca.chargedPages !== shared) throw new Error(`image control area ${ca.id}: ${ca.chargedPages} pages charged, ${shared} shared writable`);
      const cow = ca.layout.countPages(isCopyOnWrite);
      for (const v of ca.views) {
        if (v.vad.type !== VadType.Image || v.pages !== ca.layout.pages || v.firstPage !== 0) throw new Error(`image view at 0x${v.start.toString(16)} does not cover its image`);
        if (v.copyOnWriteCharge < cow) throw new Error(`image view at 0x${v.start.toString(16)}: ${v.copyOnWriteCharge} pages charged, ${cow} copy-on-write`);
      }
    }
    for (const ca of this.sections.imageAreas.keys()) if (!(ca instanceof ImageControlArea) || !this.byFile.has(ca.file.fcb)) throw new Error(`image control area ${ca.id} unknown to the image sections`);
  }

  /** Every live image control area (the lab's views). */
  controlAreas(): ImageControlArea[] {
    return [...this.byFile.values()];
  }

  /**
   * Maps a view of the whole image into `as`: at `base` if given (ERROR_INVALID_ADDRESS if
   * taken), else at the image's preferred base, else anywhere (a relocatable image only:
   * one without relocations fails with ERROR_INVALID_ADDRESS, STATUS_CONFLICTING_ADDRESSES).
   */
  mapView(as: AddressSpace, ca: ImageControlArea, base = 0): MappedImage {
    const { layout } = ca;
    const length = layout.sizeOfImage;
    const { minAddress, maxAddress } = as.layout;
    const fits = (b: number) => b >= minAddress && b + length - 1 <= maxAddress && as.vads.isFree(b, b + length);
    let at = base;
    if (at !== 0) {
      if (!fits(at)) fail(ERROR_INVALID_ADDRESS);
    } else if (fits(layout.imageBase)) at = layout.imageBase;
    else {
      if (layout.relocsStripped) fail(ERROR_INVALID_ADDRESS);
      at = as.vads.findFree(length, 0x10000, minAddress, maxAddress + 1, false);
      if (at < 0) fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    const charge = layout.countPages(isCopyOnWrite);
    if (charge > 0 && !this.mm.commit.tryCharge(charge, CommitSource.CopyOnWrite)) fail(ERROR_COMMITMENT_LIMIT);
    as.copyOnWriteCommit += charge;
    const vad: Vad = { start: at, end: at + length, type: VadType.Image, allocationProtect: PAGE_EXECUTE_WRITECOPY, committedPages: 0, lockedPages: new Set() };
    const view = new MappedView(as, vad, ca, 0, false, false);
    vad.view = view;
    as.vads.insert(vad);
    const pt = as.pageTable;
    const first = at / PAGE_SIZE;
    for (let p = 0; p < layout.pages; p++) {
      const prot = layout.protection[p]!;
      pt.setSoft(first + p, PageState.Prototype, prot);
      if (isCopyOnWrite(prot)) view.copyOnWritePages.add(first + p);
    }
    ca.views.add(view);
    return { base: at, vad, atBase: at === layout.imageBase };
  }
}
