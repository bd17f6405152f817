/**
 * Section services: CreateFileMapping, OpenFileMapping, MapViewOfFile(Ex),
 * FlushViewOfFile, UnmapViewOfFile — Windows's argument rules and error codes (kernelbase
 * plus NtCreateSection / NtMapViewOfSection, as Wine's conformance tests record them).
 * The memory work is the section manager's (mm/section); this file decides what is
 * allowed and with which error it fails.
 *
 * How kernelbase turns Win32 arguments into NT ones, and so what the kernel checks:
 *   CreateFileMapping  flProtect = one page protection | SEC_* flags; the new handle gets
 *                      SECTION_QUERY | SECTION_MAP_READ (+ MAP_WRITE for read-write,
 *                      + MAP_EXECUTE for executable protections) | STANDARD_RIGHTS_REQUIRED
 *   MapViewOfFile      exactly FILE_MAP_COPY -> PAGE_WRITECOPY; else FILE_MAP_WRITE ->
 *                      PAGE_READWRITE; else FILE_MAP_READ -> PAGE_READONLY; FILE_MAP_EXECUTE
 *                      makes it the PAGE_EXECUTE_* twin. The handle must grant the
 *                      SECTION_MAP_* right of that protection (MmMakeSectionAccess): a
 *                      write view needs SECTION_MAP_WRITE only, a read view SECTION_MAP_READ.
 *   SEC_IMAGE          an image section of a PE file (mm/image); its views map the whole
 *                      image, page protections from the PE sections.
 */
import { FileObject } from '../../io/file-object.js';
import type { ImageControlArea } from '../../mm/image/image-sections.js';
import { SectionObject } from '../../mm/section/section-object.js';
import { PAGE_SIZE } from '../../shared/layout.js';
import { ALLOCATION_GRANULARITY } from '../../api/settings.js';
import {
  FILE_EXECUTE, FILE_READ_DATA, FILE_WRITE_DATA, FILE_MAP_COPY, FILE_MAP_EXECUTE, FILE_MAP_READ, FILE_MAP_WRITE, PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY,
  PAGE_NOACCESS, PAGE_NOCACHE, PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY, SEC_COMMIT, SEC_FILE, SEC_IMAGE, SEC_LARGE_PAGES, SEC_NOCACHE, SEC_RESERVE, SEC_WRITECOMBINE,
  SECTION_MAP_EXECUTE, SECTION_MAP_EXECUTE_EXPLICIT, SECTION_MAP_READ, SECTION_MAP_WRITE, SECTION_QUERY, STANDARD_RIGHTS_REQUIRED,
} from '../../win32/constants.js';
import {
  ERROR_ACCESS_DENIED, ERROR_BAD_EXE_FORMAT, ERROR_FILE_INVALID, ERROR_INVALID_ADDRESS, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER,
  ERROR_MAPPED_ALIGNMENT, ERROR_NOT_ENOUGH_MEMORY, ERROR_PRIVILEGE_NOT_HELD,
} from '../../win32/errors.js';
import { objectFor } from '../handles.js';
import { createOrOpenNamed, openNamed } from '../objects.js';
import type { Service } from '../service.js';
import { fail } from '../win32-error.js';

const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const flag = (v: unknown) => v === true || v === 1;
const pageUp = (a: number) => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;

/** The page protections a section may be created with. */
const SECTION_PROTECTIONS = new Set([PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY, PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY]);
const SEC_FLAGS = SEC_FILE | SEC_COMMIT | SEC_RESERVE | SEC_IMAGE | SEC_NOCACHE | SEC_LARGE_PAGES | SEC_WRITECOMBINE;

const isExecute = (prot: number) => prot === PAGE_EXECUTE_READ || prot === PAGE_EXECUTE_READWRITE || prot === PAGE_EXECUTE_WRITECOPY;
const isReadWrite = (prot: number) => prot === PAGE_READWRITE || prot === PAGE_EXECUTE_READWRITE;
const isWriteCopy = (prot: number) => prot === PAGE_WRITECOPY || prot === PAGE_EXECUTE_WRITECOPY;

/** The access kernelbase asks for when it creates a section with protection `prot`. */
function sectionHandleAccess(prot: number): number {
  let access = STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | SECTION_MAP_READ;
  if (isReadWrite(prot)) access |= SECTION_MAP_WRITE;
  if (isExecute(prot)) access |= SECTION_MAP_EXECUTE;
  return access;
}

/** 64-bit size or offset from its two DWORD halves. */
function join64(high: unknown, low: unknown): number {
  if (!isUint(high) || !isUint(low) || high > 0xffffffff || low > 0xffffffff) fail(ERROR_INVALID_PARAMETER);
  return high * 0x1_0000_0000 + low;
}

/**
 * MapViewOfFile's desired access -> the view's page protection (kernelbase): exactly
 * FILE_MAP_COPY is copy-on-write; only FILE_MAP_EXECUTE (0x20) adds execute; no read or
 * write right at all maps a PAGE_NOACCESS view.
 */
export function viewProtection(access: number): number {
  const exec = (access & FILE_MAP_EXECUTE) !== 0;
  const a = access & ~FILE_MAP_EXECUTE;
  if (a === FILE_MAP_COPY) return exec ? PAGE_EXECUTE_WRITECOPY : PAGE_WRITECOPY;
  if (a & FILE_MAP_WRITE) return exec ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE;
  if (a & FILE_MAP_READ) return exec ? PAGE_EXECUTE_READ : PAGE_READONLY;
  return PAGE_NOACCESS;
}

/** The SECTION_MAP_* rights a handle needs for a view of protection `prot` (MmMakeSectionAccess). */
function mapAccessNeeded(prot: number): number {
  switch (prot) {
    case PAGE_NOACCESS:
    case PAGE_READONLY:
    case PAGE_WRITECOPY:
      return SECTION_MAP_READ;
    case PAGE_READWRITE:
      return SECTION_MAP_WRITE;
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_WRITECOPY:
      return SECTION_MAP_EXECUTE | SECTION_MAP_READ;
    default:
      return SECTION_MAP_EXECUTE | SECTION_MAP_WRITE;
  }
}

/**
 * The SEC_* rules of NtCreateSection (Wine's sec_flag_tests): returns the attributes the
 * section gets, or fails. A file section ignores SEC_RESERVE (it is a SEC_FILE section).
 */
function sectionAttributes(sec: number, fileBacked: boolean): number {
  if (sec === 0) return SEC_COMMIT;
  if (sec & SEC_FILE) fail(ERROR_INVALID_PARAMETER);
  const kind = sec & (SEC_COMMIT | SEC_RESERVE | SEC_IMAGE);
  if (kind !== SEC_COMMIT && kind !== SEC_RESERVE && kind !== SEC_IMAGE) fail(ERROR_INVALID_PARAMETER);
  if (kind === SEC_IMAGE && sec & ~(SEC_IMAGE | SEC_NOCACHE)) fail(ERROR_INVALID_PARAMETER);
  if (sec & SEC_LARGE_PAGES) {
    // Large pages need SeLockMemoryPrivilege, which no lab process holds.
    if (fileBacked || kind === SEC_RESERVE) fail(ERROR_INVALID_PARAMETER);
    fail(ERROR_PRIVILEGE_NOT_HELD);
  }
  // An image section needs an image file (mm/image checks that it is one).
  if (kind === SEC_IMAGE) return fileBacked ? sec : fail(ERROR_BAD_EXE_FORMAT);
  return fileBacked ? sec & ~SEC_RESERVE : sec;
}

/** Can a view of protection `view` be made of a section created with `section`? (MiIsProtectionCompatible) */
function protectionCompatible(section: number, view: number): boolean {
  if (isReadWrite(view) && !isReadWrite(section)) return false;
  if (isExecute(view) && !isExecute(section)) return false;
  return true;
}

export const sectionServices: Record<string, Service> = {
  CreateFileMapping: {
    failValue: 0,
    run: (k, p, [hFile, inherit, flProtect, maxHigh, maxLow, name]) => {
      if (!isUint(flProtect)) fail(ERROR_INVALID_PARAMETER);
      const prot = flProtect & ~SEC_FLAGS;
      if (!SECTION_PROTECTIONS.has(prot)) fail(ERROR_INVALID_PARAMETER);
      const size = join64(maxHigh, maxLow);
      const pagefile = hFile === -1 || hFile === 0xffffffff;
      if (pagefile && size === 0) fail(ERROR_INVALID_PARAMETER);
      if (name !== null && name !== undefined && typeof name !== 'string') fail(ERROR_INVALID_PARAMETER);
      const sec = sectionAttributes(flProtect & SEC_FLAGS, !pagefile);
      let file: FileObject | null = null;
      if (!pagefile) {
        const o = objectFor(k, p, hFile);
        if (!(o instanceof FileObject) || o.isDirectory) fail(ERROR_INVALID_HANDLE);
        file = o;
        // MmMakeFileAccess: the file must be open for what the section's pages allow.
        const need = FILE_READ_DATA | (isReadWrite(prot) ? FILE_WRITE_DATA : 0) | (isExecute(prot) ? FILE_EXECUTE : 0);
        if ((file.access & need) !== need) fail(ERROR_ACCESS_DENIED);
      }

      const created = createOrOpenNamed(k, p, {
        name: (name as string | null | undefined) ?? null,
        type: SectionObject,
        access: sectionHandleAccess(prot),
        inherit: flag(inherit),
        create: () => {
          if (!file) return k.sections.createPagefileSection(size, prot, sec, (sec & SEC_RESERVE) !== 0);
          // SEC_IMAGE: the size arguments are ignored; the image says how big it is.
          if (sec & SEC_IMAGE) return k.images.createSection(file);
          // Data-file sections are byte-exact; a size past the end grows a file mapped read-write.
          const fcb = file.fcb;
          const fileSize = fcb.size();
          let bytes = size;
          if (bytes === 0) {
            if (fileSize === 0) fail(ERROR_FILE_INVALID);
            bytes = fileSize;
          } else if (bytes > fileSize) {
            // A larger section grows a file opened for writing at once; a read-only one cannot.
            if (!isReadWrite(prot)) fail(ERROR_NOT_ENOUGH_MEMORY);
            fcb.setSize(bytes);
          }
          return k.sections.createFileSection(fcb, bytes, prot, sec, isReadWrite(prot));
        },
      });
      return created.reply;
    },
  },

  OpenFileMapping: {
    failValue: 0,
    run: (k, p, [access, inherit, name]) => {
      if (!isUint(access)) fail(ERROR_INVALID_PARAMETER);
      return { ret: openNamed(k, p, SectionObject, name, access, flag(inherit)).handle };
    },
  },

  MapViewOfFileEx: {
    failValue: 0,
    run: (k, p, [h, access, offHigh, offLow, bytes, base]) => {
      const e = typeof h === 'number' ? p.handles.get(h) : undefined;
      if (!e || !(e.object instanceof SectionObject)) fail(ERROR_INVALID_HANDLE);
      const section = e.object;
      if (!isUint(access) || !isUint(bytes) || !isUint(base)) fail(ERROR_INVALID_PARAMETER);
      const prot = viewProtection(access);
      const needed = mapAccessNeeded(prot);
      const granted = e.access | (e.access & SECTION_MAP_EXECUTE_EXPLICIT ? SECTION_MAP_EXECUTE : 0);
      if ((granted & needed) !== needed) fail(ERROR_ACCESS_DENIED);
      // A view may not exceed the section's protection (STATUS_SECTION_PROTECTION).
      if (!protectionCompatible(section.protection, prot)) fail(ERROR_INVALID_PARAMETER);
      const offset = join64(offHigh, offLow);
      if (section.attributes & SEC_IMAGE) {
        // An image is mapped whole, each page with its section's protection (mm/image).
        if (offset !== 0) fail(ERROR_INVALID_PARAMETER);
        if (base % ALLOCATION_GRANULARITY !== 0) fail(ERROR_MAPPED_ALIGNMENT);
        return { ret: k.images.mapView(p.addressSpace, section.controlArea as ImageControlArea, base).base };
      }
      if (offset % ALLOCATION_GRANULARITY !== 0) fail(ERROR_MAPPED_ALIGNMENT);
      if (base % ALLOCATION_GRANULARITY !== 0) fail(ERROR_MAPPED_ALIGNMENT);
      if (base !== 0 && base > p.addressSpace.layout.maxAddress) fail(ERROR_INVALID_PARAMETER);
      const size = section.sizeBytes;
      const length = bytes === 0 ? size - offset : bytes;
      if (offset >= size || length <= 0 || offset + length > size) fail(ERROR_ACCESS_DENIED);
      const layout = p.addressSpace.layout;
      if (pageUp(length) > layout.maxAddress + 1 - layout.minAddress) fail(ERROR_NOT_ENOUGH_MEMORY);
      const address = k.sections.mapView(p.addressSpace, {
        section,
        // A SEC_NOCACHE section's views are uncached, and VirtualQuery says so.
        protection: prot | (section.attributes & SEC_NOCACHE ? PAGE_NOCACHE : 0),
        copyOnWrite: isWriteCopy(prot),
        offset,
        bytes: length,
        base,
      });
      return { ret: address };
    },
  },

  UnmapViewOfFile: {
    failValue: 0,
    run: (k, p, [address]) => {
      const vad = isUint(address) ? p.addressSpace.vads.find(address) : undefined;
      if (!vad || !vad.view) fail(ERROR_INVALID_ADDRESS);
      k.sections.unmapView(p.addressSpace, vad);
      return { ret: 1 };
    },
  },

  FlushViewOfFile: {
    failValue: 0,
    run: (k, p, [address, bytes]) => {
      if (!isUint(address) || !isUint(bytes)) fail(ERROR_INVALID_PARAMETER);
      const vad = p.addressSpace.vads.find(address);
      if (!vad || !vad.view) fail(ERROR_INVALID_ADDRESS);
      const start = Math.floor(address / PAGE_SIZE) * PAGE_SIZE;
      const end = bytes === 0 ? vad.end : pageUp(address + bytes);
      if (end > vad.end) fail(ERROR_INVALID_ADDRESS);
      k.sections.flushView(p.addressSpace, vad, start, end);
      return { ret: 1 };
    },
  },
};

sectionServices.MapViewOfFile = {
  failValue: 0,
  run: (k, p, [h, access, offHigh, offLow, bytes]) => sectionServices.MapViewOfFileEx!.run(k, p, [h, access, offHigh, offLow, bytes, 0]),
};

