/**
 * The data directories the loader needs — exports, imports, base relocations — read
 * from an image as it lies in memory before anyone wrote to it (ImageBytes: the file
 * through its ImageLayout, zeros for uninitialised data). Every offset, count and string
 * is bounds-checked: a malformed directory fails with ERROR_BAD_EXE_FORMAT (the loader's
 * STATUS_INVALID_IMAGE_FORMAT), never reads outside the image.
 */
import { PAGE_SIZE } from '../../shared/layout.js';
import { ERROR_BAD_EXE_FORMAT } from '../../win32/errors.js';
import { fail } from '../../nt/win32-error.js';
import type { ImageLayout } from './image-layout.js';
import { IMAGE_DIRECTORY_ENTRY_BASERELOC, IMAGE_DIRECTORY_ENTRY_EXPORT, IMAGE_DIRECTORY_ENTRY_IMPORT } from './pe-headers.js';

const bad = (): never => fail(ERROR_BAD_EXE_FORMAT);
/** Longest DLL or function name read (the loader's limit is far above real names). */
const MAX_NAME = 1024;
const MAX_EXPORTS = 0x10000;
const MAX_IMPORT_DESCRIPTORS = 4096;
const MAX_THUNKS = 0x10000;

/** Reads the image's pristine bytes by RVA (`readFile` reads the image file). */
export class ImageBytes {
  constructor(
    readonly layout: ImageLayout,
    private readonly readFile: (dest: Uint8Array, offset: number) => number,
  ) {}

  /** Bytes [rva, rva + length) of the image, or ERROR_BAD_EXE_FORMAT if outside it. */
  read(rva: number, length: number): Uint8Array {
    if (!Number.isSafeInteger(rva) || rva < 0 || length < 0 || rva + length > this.layout.sizeOfImage) bad();
    const out = new Uint8Array(length);
    let at = 0;
    while (at < length) {
      const a = rva + at;
      const p = Math.floor(a / PAGE_SIZE);
      const inPage = a - p * PAGE_SIZE;
      const n = Math.min(length - at, PAGE_SIZE - inPage);
      const fromFile = Math.max(0, Math.min(n, this.layout.fileBytes[p]! - inPage));
      if (fromFile > 0) this.readFile(out.subarray(at, at + fromFile), this.layout.fileOffset[p]! + inPage);
      at += n;
    }
    return out;
  }

  /** Fills one page of the image (the segment's page source). */
  readPage(page: number, dest: Uint8Array): void {
    dest.fill(0);
    const n = page < this.layout.pages ? this.layout.fileBytes[page]! : 0;
    if (n > 0) {
      const got = this.readFile(dest.subarray(0, n), this.layout.fileOffset[page]!);
      if (got < n) dest.fill(0, Math.max(0, got), n);
    }
  }

  u16(rva: number): number {
    const b = this.read(rva, 2);
    return b[0]! | (b[1]! << 8);
  }

  u32(rva: number): number {
    const b = this.read(rva, 4);
    return new DataView(b.buffer).getUint32(0, true);
  }

  /** A pointer-sized value (4 or 8 bytes) as a number. */
  pointer(rva: number): number {
    if (!this.layout.is64Bit) return this.u32(rva);
    const b = this.read(rva, 8);
    return Number(new DataView(b.buffer).getBigUint64(0, true));
  }

  /** A NUL-terminated ANSI string at `rva`. */
  cstring(rva: number): string {
    let s = '';
    for (let i = 0; i < MAX_NAME; i++) {
      const c = this.read(rva + i, 1)[0]!;
      if (c === 0) return s;
      s += String.fromCharCode(c);
    }
    return bad();
  }

  directory(index: number): { rva: number; size: number } | null {
    const d = this.layout.headers.directories[index];
    if (!d || d.virtualAddress === 0 || d.size === 0) return null;
    if (d.virtualAddress + d.size > this.layout.sizeOfImage) bad();
    return { rva: d.virtualAddress, size: d.size };
  }
}

// ---------------------------------------------------------------- exports

export interface ExportTable {
  /** The DLL's own name, as its export directory says. */
  name: string;
  /** Ordinal base: ordinal = base + index into `functions`. */
  base: number;
  /** RVA per index (0: no export there). */
  functions: number[];
  /** Name -> index into `functions`. */
  names: Map<string, number>;
  /** Index -> "DLL.Function" or "DLL.#ordinal" for forwarded exports. */
  forwarders: Map<number, string>;
}

export function readExports(img: ImageBytes): ExportTable | null {
  const dir = img.directory(IMAGE_DIRECTORY_ENTRY_EXPORT);
  if (!dir) return null;
  if (dir.size < 40) bad();
  const at = dir.rva;
  const name = img.u32(at + 12) ? img.cstring(img.u32(at + 12)) : '';
  const base = img.u32(at + 16);
  const nFunctions = img.u32(at + 20);
  const nNames = img.u32(at + 24);
  if (nFunctions > MAX_EXPORTS || nNames > nFunctions) bad();
  const addrFunctions = img.u32(at + 28);
  const addrNames = img.u32(at + 32);
  const addrOrdinals = img.u32(at + 36);
  const functions: number[] = [];
  const forwarders = new Map<number, string>();
  for (let i = 0; i < nFunctions; i++) {
    const rva = img.u32(addrFunctions + 4 * i);
    functions.push(rva);
    // An RVA inside the export directory is a forwarder string, not code or data.
    if (rva >= dir.rva && rva < dir.rva + dir.size) forwarders.set(i, img.cstring(rva));
  }
  const names = new Map<string, number>();
  for (let i = 0; i < nNames; i++) {
    const index = img.u16(addrOrdinals + 2 * i);
    if (index >= nFunctions) bad();
    names.set(img.cstring(img.u32(addrNames + 4 * i)), index);
  }
  return { name, base, functions, names, forwarders };
}

// ---------------------------------------------------------------- imports

export interface ImportThunk {
  /** RVA of the IAT slot the loader fills. */
  iatRva: number;
  /** Imported by name (with its hint) or by ordinal. */
  name: string | null;
  ordinal: number;
}

export interface ImportedDll {
  dll: string;
  thunks: ImportThunk[];
}

export function readImports(img: ImageBytes): ImportedDll[] {
  const dir = img.directory(IMAGE_DIRECTORY_ENTRY_IMPORT);
  if (!dir) return [];
  const ptr = img.layout.is64Bit ? 8 : 4;
  const out: ImportedDll[] = [];
  for (let i = 0; ; i++) {
    if (i >= MAX_IMPORT_DESCRIPTORS) bad();
    const d = dir.rva + 20 * i;
    const lookup = img.u32(d);
    const nameRva = img.u32(d + 12);
    const iat = img.u32(d + 16);
    if (nameRva === 0 && iat === 0) break; // the all-zero terminator
    if (nameRva === 0 || iat === 0) bad();
    const dll = img.cstring(nameRva);
    const thunks: ImportThunk[] = [];
    const table = lookup || iat;
    for (let j = 0; ; j++) {
      if (j >= MAX_THUNKS) bad();
      const v = img.pointer(table + ptr * j);
      if (v === 0) break;
      const byOrdinal = img.layout.is64Bit ? v >= 2 ** 63 : v >= 0x8000_0000;
      if (byOrdinal) thunks.push({ iatRva: iat + ptr * j, name: null, ordinal: v % 0x10000 });
      else {
        if (v >= img.layout.sizeOfImage) bad();
        thunks.push({ iatRva: iat + ptr * j, name: img.cstring(v + 2), ordinal: img.u16(v) });
      }
    }
    out.push({ dll, thunks });
  }
  return out;
}

// ---------------------------------------------------------------- base relocations

export const IMAGE_REL_BASED_ABSOLUTE = 0;
export const IMAGE_REL_BASED_HIGH = 1;
export const IMAGE_REL_BASED_LOW = 2;
export const IMAGE_REL_BASED_HIGHLOW = 3;
export const IMAGE_REL_BASED_DIR64 = 10;

export interface Relocation {
  rva: number;
  type: number;
}

/** Every fixup of the image, ascending by block; null if the image has no relocation data. */
export function readRelocations(img: ImageBytes): Relocation[] | null {
  const dir = img.directory(IMAGE_DIRECTORY_ENTRY_BASERELOC);
  if (!dir) return null;
  const out: Relocation[] = [];
  let at = dir.rva;
  const end = dir.rva + dir.size;
  while (at + 8 <= end) {
    const page = img.u32(at);
    const size = img.u32(at + 4);
    if (size < 8 || at + size > end || size % 2) bad();
    for (let e = at + 8; e < at + size; e += 2) {
      const v = img.u16(e);
      const type = v >>> 12;
      const rva = page + (v & 0xfff);
      if (type === IMAGE_REL_BASED_ABSOLUTE) continue;
      const width = type === IMAGE_REL_BASED_DIR64 ? 8 : type === IMAGE_REL_BASED_HIGHLOW ? 4 : type === IMAGE_REL_BASED_HIGH || type === IMAGE_REL_BASED_LOW ? 2 : 0;
      // LdrProcessRelocationBlock: an unknown type is an invalid image.
      if (width === 0 || rva + width > img.layout.sizeOfImage) bad();
      out.push({ rva, type });
    }
    at += size;
  }
  return out;
}
