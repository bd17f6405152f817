/**
 * The host's PE header reader (HostServices.readPeHeaders): the DOS header, NT headers
 * and section table of a PE file, read with pe-library's format classes. It lives in the
 * host, not the kernel, because pe-library's typings pull in the DOM lib, which the
 * host-free kernel build must not see; the kernel gets a plain PeHeaders and validates
 * it (src/mm/image/image-layout.ts).
 *
 * Any malformation the library trips over (a header past the end of the data) is an
 * error string, never an exception: the caller turns it into ERROR_BAD_EXE_FORMAT.
 */
import { Format } from 'pe-library';
import type { PeHeaders, PeSectionHeader } from '../mm/image/pe-headers.js';

const SECTION_HEADER_SIZE = Format.ImageSectionHeaderArray.itemSize;
/** IMAGE_FILE_HEADER: Machine .. Characteristics. */
const FILE_HEADER_SIZE = Format.ImageFileHeader.size;

export function readPeHeaders(bytes: Uint8Array): PeHeaders | { error: string } {
  try {
    // The library reads through DataViews over an ArrayBuffer; give it exactly our bytes.
    const bin = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    if (bin.byteLength < Format.ImageDosHeader.size) return { error: 'shorter than a DOS header' };
    const dos = Format.ImageDosHeader.from(bin);
    if (!dos.isValid()) return { error: 'no MZ signature' };
    const at = dos.newHeaderAddress >>> 0;
    if (at + 4 + FILE_HEADER_SIZE + 2 > bin.byteLength) return { error: 'NT headers past the end of the file' };
    const nt = Format.ImageNtHeaders.from(bin, at);
    if (!nt.isValid()) return { error: 'no PE signature' };
    const file = nt.fileHeader;
    const opt = nt.optionalHeader;
    const rvaCount = Math.min(16, opt.numberOfRvaAndSizes >>> 0);
    const dirs = nt.optionalHeaderDataDirectory;
    const directories = [];
    for (let i = 0; i < rvaCount; i++) {
      const d = dirs.get(i);
      directories.push({ virtualAddress: d.virtualAddress >>> 0, size: d.size >>> 0 });
    }
    // The section table follows the optional header as its stated size says (not the library's fixed size).
    const tableAt = at + 4 + FILE_HEADER_SIZE + file.sizeOfOptionalHeader;
    const count = file.numberOfSections;
    if (tableAt + count * SECTION_HEADER_SIZE > bin.byteLength) return { error: 'section table past the end of the file' };
    const table = Format.ImageSectionHeaderArray.from(bin, count, tableAt);
    const sections: PeSectionHeader[] = [];
    table.forEach((s) => {
      sections.push({
        name: s.name.replace(/\0+$/, ''),
        virtualAddress: s.virtualAddress >>> 0,
        virtualSize: s.virtualSize >>> 0,
        pointerToRawData: s.pointerToRawData >>> 0,
        sizeOfRawData: s.sizeOfRawData >>> 0,
        characteristics: s.characteristics >>> 0,
      });
    });
    return {
      machine: file.machine,
      characteristics: file.characteristics,
      magic: opt.magic,
      imageBase: opt.imageBase,
      sizeOfImage: opt.sizeOfImage >>> 0,
      sizeOfHeaders: opt.sizeOfHeaders >>> 0,
      sectionAlignment: opt.sectionAlignment >>> 0,
      fileAlignment: opt.fileAlignment >>> 0,
      addressOfEntryPoint: opt.addressOfEntryPoint >>> 0,
      subsystem: opt.subsystem,
      dllCharacteristics: opt.dllCharacteristics,
      directories,
      sections,
    };
  } catch (e) {
    return { error: `unreadable headers: ${(e as Error).message}` };
  }
}
