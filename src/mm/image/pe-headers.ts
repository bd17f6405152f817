/**
 * PeHeaders: what the memory manager needs of a PE file's headers (DOS header, NT
 * headers, section table) to build an image section — the plain description the host
 * reads with a PE library (src/node/pe-header-reader.ts) and hands to the kernel. The
 * kernel trusts none of it: image-layout.ts checks every field as NT's
 * MiCreateImageFileMap does before a page is mapped.
 *
 * Numbers are as stored in the file (RVAs relative to the image base, file offsets from
 * the start of the file). `directories` has one entry per data directory present
 * (NumberOfRvaAndSizes of them, at most 16).
 */

export interface PeSectionHeader {
  /** Up to 8 characters, NUL padding removed. */
  name: string;
  virtualAddress: number;
  virtualSize: number;
  pointerToRawData: number;
  sizeOfRawData: number;
  characteristics: number;
}

export interface PeDataDirectory {
  virtualAddress: number;
  size: number;
}

export interface PeHeaders {
  /** IMAGE_FILE_HEADER.Machine (0x14c i386, 0x8664 AMD64, ...). */
  machine: number;
  /** IMAGE_FILE_HEADER.Characteristics (IMAGE_FILE_*). */
  characteristics: number;
  /** Optional header magic: 0x10b PE32, 0x20b PE32+. */
  magic: number;
  imageBase: number;
  sizeOfImage: number;
  sizeOfHeaders: number;
  sectionAlignment: number;
  fileAlignment: number;
  addressOfEntryPoint: number;
  subsystem: number;
  dllCharacteristics: number;
  directories: PeDataDirectory[];
  sections: PeSectionHeader[];
}

/** Reads the headers of a PE file from its first bytes; a string says why it is not one. */
export type PeHeaderReader = (bytes: Uint8Array) => PeHeaders | { error: string };

// ---- winnt.h values used by the image code ----
export const IMAGE_FILE_RELOCS_STRIPPED = 0x0001;
export const IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002;
export const IMAGE_FILE_DLL = 0x2000;
export const IMAGE_FILE_MACHINE_I386 = 0x014c;
export const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
export const IMAGE_NT_OPTIONAL_HDR32_MAGIC = 0x10b;
export const IMAGE_NT_OPTIONAL_HDR64_MAGIC = 0x20b;
export const IMAGE_SCN_CNT_UNINITIALIZED_DATA = 0x00000080;
export const IMAGE_SCN_MEM_SHARED = 0x10000000;
export const IMAGE_SCN_MEM_EXECUTE = 0x20000000;
export const IMAGE_SCN_MEM_READ = 0x40000000;
export const IMAGE_SCN_MEM_WRITE = 0x80000000;
export const IMAGE_DIRECTORY_ENTRY_EXPORT = 0;
export const IMAGE_DIRECTORY_ENTRY_IMPORT = 1;
export const IMAGE_DIRECTORY_ENTRY_BASERELOC = 5;
export const IMAGE_DIRECTORY_ENTRY_IAT = 12;
