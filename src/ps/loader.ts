/**
 * The image loader (NT: ntdll's Ldr*, run here by the kernel on the process's behalf):
 * the modules a process has loaded, LoadLibrary / FreeLibrary / GetModuleHandle /
 * GetProcAddress, and the start of a process from an EXE.
 *
 * Loading a DLL, as LdrLoadDll does:
 *   1. find the file: a name without a path is looked for in the EXE's folder, then the
 *      lab's system folder (C:\Windows\System32), C:\Windows and C:\ ("name" without an
 *      extension means "name.dll"); a module already loaded under that base name is
 *      reused, its load count raised;
 *   2. map an image view (mm/image): at the preferred base if it is free, else anywhere —
 *      then relocate: every fixup of .reloc is applied through copy-on-write, so the
 *      relocated pages become this process's private pages, charged to commit (S16);
 *      an image without relocations whose base is taken fails (ERROR_INVALID_ADDRESS,
 *      STATUS_CONFLICTING_ADDRESSES);
 *   3. load its imports the same way and write their addresses into its import address
 *      table (a missing DLL: ERROR_MOD_NOT_FOUND; a missing function: ERROR_PROC_NOT_FOUND).
 * A failure unloads whatever this load had loaded.
 *
 * Modules loaded with the EXE at process start are pinned (FreeLibrary succeeds but
 * leaves them), as XP pins static imports. No code of an image runs: DllMain is not
 * called; the process's behaviour is its companion program.
 *
 * Invariant: every module's view is an Image VAD of the process; a module's load count
 * is the number of LoadLibrary calls and importing modules that hold it.
 */
import type { Kernel } from '../ke/kernel.js';
import type { ImageControlArea } from '../mm/image/image-sections.js';
import { IMAGE_REL_BASED_DIR64, IMAGE_REL_BASED_HIGH, IMAGE_REL_BASED_HIGHLOW, IMAGE_REL_BASED_LOW } from '../mm/image/image-directories.js';
import type { Vad } from '../mm/vad.js';
import { fail, Win32Error } from '../nt/win32-error.js';
import { PAGE_SIZE } from '../shared/layout.js';
import { FILE_EXECUTE, FILE_READ_DATA, FILE_SHARE_DELETE, FILE_SHARE_READ, OPEN_EXISTING } from '../win32/constants.js';
import { ERROR_BAD_EXE_FORMAT, ERROR_FILE_NOT_FOUND, ERROR_INVALID_ADDRESS, ERROR_MOD_NOT_FOUND, ERROR_NOT_ENOUGH_MEMORY, ERROR_PATH_NOT_FOUND, ERROR_PROC_NOT_FOUND } from '../win32/errors.js';
import { writeThroughProtection } from './loader-write.js';
import type { Process } from './process.js';

/** The lab's system folder, searched after the EXE's folder. */
export const SYSTEM_FOLDER = 'C:\\Windows\\System32';

export interface LoadedModule {
  base: number;
  size: number;
  /** Base name as found ("liba.dll"); matched without regard to case. */
  baseName: string;
  /** Full Win32 path of the file. */
  path: string;
  ca: ImageControlArea;
  vad: Vad;
  /** LoadLibrary calls and importing modules holding it. */
  loadCount: number;
  /** The EXE and what it imported at start: never unloaded. */
  pinned: boolean;
  /** Modules this one's imports hold. */
  deps: LoadedModule[];
  isExe: boolean;
}

const lists = new WeakMap<Process, LoadedModule[]>();

/** The modules of `p`, in load order (the EXE first for a process from an image). */
export function modulesOf(p: Process): LoadedModule[] {
  let l = lists.get(p);
  if (!l) lists.set(p, (l = []));
  return l;
}

export function exeOf(p: Process): LoadedModule | undefined {
  return modulesOf(p).find((m) => m.isExe);
}

export function moduleAt(p: Process, base: number): LoadedModule | undefined {
  return modulesOf(p).find((m) => m.base === base);
}

const baseNameOf = (path: string) => path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
const folderOf = (path: string) => path.slice(0, Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);

/** "name" -> "name.dll"; a trailing dot means "no extension" (LdrLoadDll's rule). */
export function withDefaultExtension(name: string): string {
  const base = baseNameOf(name);
  if (base.endsWith('.')) return name.slice(0, -1);
  return base.includes('.') ? name : `${name}.dll`;
}

/** The loaded module a GetModuleHandle name means, if any. */
export function findModule(p: Process, name: string): LoadedModule | undefined {
  const full = withDefaultExtension(name).toLowerCase();
  const hasPath = /[\\/:]/.test(name);
  return modulesOf(p).find((m) => (hasPath ? m.path.toLowerCase() === full : m.baseName.toLowerCase() === full));
}

/** Where LoadLibrary finds `name`: a Win32 path of an existing file, or ERROR_MOD_NOT_FOUND. */
function searchDll(k: Kernel, p: Process, name: string): string {
  const file = withDefaultExtension(name);
  const exe = exeOf(p);
  const candidates = /[\\/:]/.test(file) ? [file] : [...new Set([exe ? folderOf(exe.path) : 'C:\\', `${SYSTEM_FOLDER}\\`, 'C:\\Windows\\', 'C:\\'])].map((d) => d + file);
  for (const c of candidates) {
    const r = k.host.lookupWorkspacePath(c);
    if (!('error' in r) && r.kind === 'file') return c;
  }
  return fail(ERROR_MOD_NOT_FOUND);
}

/**
 * Opens an image file and maps a view of it into `p` (preferred base, else anywhere if
 * relocatable). Throws Win32Error (ERROR_BAD_EXE_FORMAT, ERROR_INVALID_ADDRESS ...).
 */
export function mapImageFile(k: Kernel, p: Process, path: string, base = 0): { ca: ImageControlArea; vad: Vad; atBase: boolean } {
  const { file } = k.io.createFile({ path, desiredAccess: FILE_READ_DATA | FILE_EXECUTE, shareMode: FILE_SHARE_READ | FILE_SHARE_DELETE, disposition: OPEN_EXISTING, flagsAndAttributes: 0 });
  try {
    const section = k.images.createSection(file);
    if (!k.objects.register(section)) {
      section.onDelete();
      fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    try {
      const ca = section.controlArea as ImageControlArea;
      // A 32-bit process loads PE32 images, a 64-bit one PE32+ (no WOW64 in the lab).
      if (ca.layout.is64Bit !== k.layout.is64Bit) fail(ERROR_BAD_EXE_FORMAT);
      const m = k.images.mapView(p.addressSpace, ca, base);
      return { ca, vad: m.vad, atBase: m.atBase };
    } finally {
      k.objects.dereference(section);
    }
  } finally {
    k.objects.dereference(file);
  }
}

/** Applies every base relocation of a module mapped away from its preferred base. */
function relocate(k: Kernel, p: Process, ca: ImageControlArea, base: number): void {
  const relocs = ca.relocations();
  // Mapped elsewhere without relocation data: it cannot run there.
  if (!relocs) fail(ERROR_INVALID_ADDRESS);
  const delta = base - ca.layout.imageBase;
  // Fixups are applied to the image as the file has it, then each page they touch (a
  // fixup may straddle two) is written once: only those pages become private.
  const image = ca.bytes.read(0, ca.layout.sizeOfImage);
  const view = new DataView(image.buffer);
  const touched = new Set<number>();
  for (const { rva: at, type } of relocs) {
    let width = 2;
    if (type === IMAGE_REL_BASED_HIGHLOW) {
      view.setUint32(at, (view.getUint32(at, true) + delta) >>> 0, true);
      width = 4;
    } else if (type === IMAGE_REL_BASED_DIR64) {
      view.setBigUint64(at, BigInt.asUintN(64, view.getBigUint64(at, true) + BigInt(delta)), true);
      width = 8;
    } else if (type === IMAGE_REL_BASED_HIGH) view.setUint16(at, (((view.getUint16(at, true) << 16) + delta) >>> 16) & 0xffff, true);
    else if (type === IMAGE_REL_BASED_LOW) view.setUint16(at, (view.getUint16(at, true) + delta) & 0xffff, true);
    touched.add(Math.floor(at / PAGE_SIZE));
    touched.add(Math.floor((at + width - 1) / PAGE_SIZE));
  }
  for (const page of [...touched].sort((a, b) => a - b)) {
    writeOrFail(k, p, base + page * PAGE_SIZE, image.subarray(page * PAGE_SIZE, (page + 1) * PAGE_SIZE));
  }
}

function writeOrFail(k: Kernel, p: Process, address: number, bytes: Uint8Array): void {
  const r = writeThroughProtection(k, p.addressSpace, address, bytes);
  if (r !== 'done') fail(ERROR_NOT_ENOUGH_MEMORY);
}

/**
 * LoadLibrary's work: finds, maps, relocates and binds `name` and its imports. Returns the
 * module with its load count raised by one.
 */
export function loadLibrary(k: Kernel, p: Process, name: string, pinned = false): LoadedModule {
  if (!name) fail(ERROR_MOD_NOT_FOUND);
  const known = findModule(p, name);
  if (known) {
    known.loadCount++;
    if (pinned) known.pinned = true;
    return known;
  }
  let path: string;
  try {
    path = searchDll(k, p, name);
  } catch (e) {
    // A path that names no file is "module not found" too.
    if (e instanceof Win32Error && (e.code === ERROR_FILE_NOT_FOUND || e.code === ERROR_PATH_NOT_FOUND)) fail(ERROR_MOD_NOT_FOUND);
    throw e;
  }
  return loadFile(k, p, path, { pinned, isExe: false });
}

/** Maps and binds the image at `path` as a new module of `p` (the EXE at process start, or a DLL). */
export function loadFile(k: Kernel, p: Process, path: string, how: { pinned: boolean; isExe: boolean }): LoadedModule {
  const mapped = mapImageFile(k, p, path);
  const m: LoadedModule = {
    base: mapped.vad.start,
    size: mapped.vad.end - mapped.vad.start,
    baseName: baseNameOf(path),
    path,
    ca: mapped.ca,
    vad: mapped.vad,
    loadCount: 1,
    pinned: how.pinned,
    deps: [],
    isExe: how.isExe,
  };
  const list = modulesOf(p);
  list.push(m);
  try {
    if (!mapped.atBase) relocate(k, p, mapped.ca, m.base);
    bindImports(k, p, m);
  } catch (e) {
    unload(k, p, m);
    throw e;
  }
  return m;
}

/** Loads each DLL `m` imports and fills its import address table. */
function bindImports(k: Kernel, p: Process, m: LoadedModule): void {
  const ptr = m.ca.layout.is64Bit ? 8 : 4;
  for (const imp of m.ca.imports()) {
    const dep = loadLibrary(k, p, imp.dll, m.pinned);
    m.deps.push(dep);
    const iat = new Uint8Array(imp.thunks.length * ptr);
    const view = new DataView(iat.buffer);
    if (imp.thunks.length === 0) continue;
    const first = imp.thunks[0]!.iatRva;
    imp.thunks.forEach((t, i) => {
      const address = getProcAddress(k, p, dep, t.name ?? t.ordinal);
      if (ptr === 8) view.setBigUint64(i * 8, BigInt(address), true);
      else view.setUint32(i * 4, address >>> 0, true);
      if (t.iatRva !== first + i * ptr) fail(ERROR_BAD_EXE_FORMAT);
    });
    writeOrFail(k, p, m.base + first, iat);
  }
}

/**
 * GetProcAddress: the address of an export by name or ordinal (a number below 0x10000).
 * Forwarded exports load their DLL. ERROR_PROC_NOT_FOUND if there is no such export.
 */
export function getProcAddress(k: Kernel, p: Process, m: LoadedModule, what: string | number, depth = 0): number {
  const ex = m.ca.exports();
  if (!ex || depth > 16) fail(ERROR_PROC_NOT_FOUND);
  let index: number | undefined;
  if (typeof what === 'number') index = what - ex.base;
  else index = ex.names.get(what);
  if (index === undefined || index < 0 || index >= ex.functions.length || ex.functions[index] === 0) fail(ERROR_PROC_NOT_FOUND);
  const fwd = ex.forwarders.get(index);
  if (fwd !== undefined) {
    const dot = fwd.lastIndexOf('.');
    if (dot <= 0) fail(ERROR_PROC_NOT_FOUND);
    const target = loadLibrary(k, p, fwd.slice(0, dot));
    if (!m.deps.includes(target)) m.deps.push(target);
    else target.loadCount--;
    const fn = fwd.slice(dot + 1);
    return getProcAddress(k, p, target, fn.startsWith('#') ? Number(fn.slice(1)) : fn, depth + 1);
  }
  return m.base + ex.functions[index]!;
}

/** FreeLibrary: one reference less; the last one unmaps the module and releases its imports. */
export function freeLibrary(k: Kernel, p: Process, m: LoadedModule): void {
  if (m.pinned) return;
  if (--m.loadCount > 0) return;
  unload(k, p, m);
}

function unload(k: Kernel, p: Process, m: LoadedModule): void {
  const list = modulesOf(p);
  const i = list.indexOf(m);
  if (i >= 0) list.splice(i, 1);
  if (p.addressSpace.vads.find(m.base) === m.vad) k.sections.unmapView(p.addressSpace, m.vad);
  const deps = m.deps.splice(0);
  for (const d of deps) if (list.includes(d)) freeLibrary(k, p, d);
}

/** NTSTATUS a process dies with when its EXE's imports cannot be loaded. */
export function startupStatus(e: unknown): number {
  const code = e instanceof Win32Error ? e.code : 0;
  if (code === ERROR_MOD_NOT_FOUND) return 0xc0000135; // STATUS_DLL_NOT_FOUND
  if (code === ERROR_PROC_NOT_FOUND) return 0xc0000139; // STATUS_ENTRYPOINT_NOT_FOUND
  if (code === ERROR_BAD_EXE_FORMAT) return 0xc000007b; // STATUS_INVALID_IMAGE_FORMAT
  if (code === ERROR_INVALID_ADDRESS) return 0xc0000018; // STATUS_CONFLICTING_ADDRESSES
  return 0xc0000142; // STATUS_DLL_INIT_FAILED
}
