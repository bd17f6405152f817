/**
 * A process from an EXE (CreateProcess of an image). The lab does not execute x86 code:
 * the process maps its image at the preferred base (0x00400000 for the samples), loads
 * the DLLs it imports (ps/loader.ts), and then runs the image's companion program — a
 * TypeScript or JavaScript file next to the EXE that says what the image does, written
 * against mmlab/win32 like any lab program. For C:\dir\app.exe the companion is the first
 * of
 *
 *     C:\dir\app.exe.ts   C:\dir\app.exe.js   C:\dir\app.ts   C:\dir\app.js
 *
 * A missing companion is not an error: the process loads, says so on stderr, and exits 0.
 *
 * Errors as Windows gives them: no such file ERROR_FILE_NOT_FOUND; not an image, a DLL,
 * or an image of the other bitness ERROR_BAD_EXE_FORMAT (CreateProcess fails). A DLL that
 * cannot be loaded does not fail CreateProcess: the new process ends at once with the
 * loader's status (0xC0000135 STATUS_DLL_NOT_FOUND, 0xC0000139 STATUS_ENTRYPOINT_NOT_FOUND, ...).
 */
import type { Kernel, ProgramImage } from '../ke/kernel.js';
import type { ImageControlArea } from '../mm/image/image-sections.js';
import { fail } from '../nt/win32-error.js';
import { FILE_EXECUTE, FILE_READ_DATA, FILE_SHARE_DELETE, FILE_SHARE_READ, OPEN_EXISTING } from '../win32/constants.js';
import { ERROR_BAD_EXE_FORMAT, ERROR_NOT_ENOUGH_MEMORY } from '../win32/errors.js';
import { loadFile, startupStatus } from './loader.js';
import type { Process } from './process.js';

/** True if CreateProcess should treat `path` as an image (by its name, as Windows does for .exe/.com). */
export function isImagePath(path: string): boolean {
  return /\.(exe|com|scr)$/i.test(path.trim());
}

/** The companion program's candidate paths for an image, in the order they are tried. */
export function companionCandidates(exePath: string): string[] {
  const stem = exePath.replace(/\.[^.\\/]*$/, '');
  return [`${exePath}.ts`, `${exePath}.js`, `${stem}.ts`, `${stem}.js`];
}

/** The companion program of an image: its Win32 path and the compiler's verdict on it. */
export interface Companion {
  path: string;
  compiled: { ok: true; code: string } | { ok: false; message: string };
}

/** The first companion candidate that exists, compiled; null if there is none. */
export function findCompanion(k: Kernel, exePath: string): Companion | null {
  for (const c of companionCandidates(exePath)) {
    const program = k.host.readWorkspaceProgram(c);
    if (!program) continue;
    return { path: c, compiled: k.host.compile(program.source, program.fileName) };
  }
  return null;
}

/** The image's companion, compiled; null if there is none. ERROR_BAD_EXE_FORMAT if it does not compile. */
function companionOf(k: Kernel, exePath: string): (ProgramImage & { path: string }) | null {
  const c = findCompanion(k, exePath);
  if (!c) return null;
  if (!c.compiled.ok) fail(ERROR_BAD_EXE_FORMAT);
  return { code: c.compiled.code, fileName: c.path, path: c.path };
}

/** What a process from an image runs: its EXE and companion (the lab's Processes view shows the pair). */
const images = new WeakMap<Process, { path: string; companion: string | null }>();

/** The EXE and companion program of a process made from an image; undefined for a program process. */
export function imageOfProcess(p: Process): { path: string; companion: string | null } | undefined {
  return images.get(p);
}

/** A stand-in program that reports `message` and ends the process with `status`. */
function endingProgram(fileName: string, message: string, status: number): ProgramImage {
  const code = `const w = require('mmlab/win32'); console.error(${JSON.stringify(message)}); w.ExitProcess(${status >>> 0});`;
  return { code, fileName };
}

/** Checks that `exePath` is an EXE this machine can run (CreateProcess's own failures). */
function checkImage(k: Kernel, exePath: string): void {
  const { file } = k.io.createFile({ path: exePath, desiredAccess: FILE_READ_DATA | FILE_EXECUTE, shareMode: FILE_SHARE_READ | FILE_SHARE_DELETE, disposition: OPEN_EXISTING, flagsAndAttributes: 0 });
  try {
    const section = k.images.createSection(file);
    if (!k.objects.register(section)) {
      section.onDelete();
      fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    const { layout } = section.controlArea as ImageControlArea;
    k.objects.dereference(section);
    if (layout.isDll || layout.is64Bit !== k.layout.is64Bit) fail(ERROR_BAD_EXE_FORMAT);
  } finally {
    k.objects.dereference(file);
  }
}

/** CreateProcess of an image: the new process (one reference for the caller), or a Win32Error. */
export function createImageProcess(k: Kernel, exePath: string, commandLine: string, parent: Process | null, inheritHandles: boolean): Process {
  checkImage(k, exePath);
  const companion = companionOf(k, exePath);
  const placeholder: ProgramImage = { code: '', fileName: exePath };
  return k.createProcess(placeholder, commandLine, parent, inheritHandles, (child) => {
    images.set(child, { path: exePath, companion: companion?.path ?? null });
    try {
      loadFile(k, child, exePath, { pinned: true, isExe: true });
    } catch (e) {
      const status = startupStatus(e);
      return endingProgram(exePath, `${exePath}: the image could not be loaded (status 0x${status.toString(16)})`, status);
    }
    if (!companion) {
      const names = companionCandidates(exePath).join(', ');
      return endingProgram(exePath, `${exePath} is loaded, but it has no companion program (${names}) to run: the process exits`, 0);
    }
    return companion;
  });
}
