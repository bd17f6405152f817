/**
 * Workspace paths: the workspace folder appears to programs as drive C:\. A Win32 path is
 * turned into a host path the way Windows turns a DOS path into an NT path
 * (RtlDosPathNameToNtPathName_U), then looked up case-insensitively, as NTFS does:
 *
 *   "C:\a\b.txt", "c:/a/b.txt", "\a\b.txt", "a\b.txt", "C:a\b.txt"   the same file (the
 *                                  current directory of every process is C:\)
 *   "C:\a\..\b", "C:\..\..\b"      ".." is resolved textually and stops at the root, as on
 *                                  Windows: nothing above C:\ can be named
 *   "name. " (last component)      trailing dots and spaces are dropped, as Win32 does
 *   "\\?\C:\a"                     verbatim: no normalisation, so "." or ".." components
 *                                  are invalid names
 *   "\\.\C:\a"                     the device namespace spelling of C:\a
 *   "D:\a"                         no such drive: ERROR_PATH_NOT_FOUND
 *   "\\server\share\a"             no network: ERROR_BAD_NETPATH
 *   <>:"|?* or control characters  ERROR_INVALID_NAME
 *
 * Invariant: a returned host path lies inside the workspace's real path. Every component
 * that exists is followed through links with realpath and must stay inside; a link that
 * leads out, or dangles (creating through it would land outside), is ERROR_ACCESS_DENIED.
 * The returned path has no link in it, so the host can open it with O_NOFOLLOW.
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { WorkspaceEntry, WorkspacePathError } from '../host/host.js';

/** Longest name NTFS accepts for one component. */
const MAX_COMPONENT = 255;
// Control characters are invalid in Win32 file names.
// eslint-disable-next-line no-control-regex
const INVALID_CHARS = /[<>:"|?*\x00-\x1f]/;

interface ParsedPath {
  components: string[];
  trailingSeparator: boolean;
}

/** Splits a Win32 path into the components below C:\ (pure; no file system access). */
export function parseWin32Path(win32Path: string): ParsedPath | WorkspacePathError {
  if (win32Path === '') return 'path-not-found';
  let p = win32Path.replace(/\//g, '\\');
  let verbatim = false;
  if (p.startsWith('\\\\?\\') || p.startsWith('\\??\\')) {
    verbatim = true;
    p = p.slice(4);
    if (/^unc(\\|$)/i.test(p)) return 'bad-netpath';
    if (!/^[a-zA-Z]:(\\|$)/.test(p)) return 'path-not-found';
    // "\\?\C:" alone is the volume itself: raw disk access, refused to a non-administrator.
    if (p.length === 2) return 'access-denied';
  } else if (p.startsWith('\\\\.\\')) {
    p = p.slice(4);
    // \\.\C:\... is a drive path; anything else names a device the lab does not have.
    if (!/^[a-zA-Z]:(\\|$)/.test(p)) return 'not-found';
    if (p.length === 2) return 'access-denied';
  } else if (p.startsWith('\\\\')) {
    return 'bad-netpath';
  }
  if (/^[a-zA-Z]:/.test(p)) {
    if (!/^[cC]:/.test(p)) return 'path-not-found';
    p = p.slice(2);
  }
  const trailingSeparator = p.length > 0 && p.endsWith('\\');
  const raw = p.split('\\');
  const components: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let s = raw[i]!;
    if (verbatim) {
      if (s === '') {
        if (i === 0 || i === raw.length - 1) continue;
        return 'invalid-name';
      }
      if (s === '.' || s === '..') return 'invalid-name';
    } else {
      if (s === '' || s === '.') continue;
      if (s === '..') {
        components.pop();
        continue;
      }
      // Win32 drops trailing dots and spaces of the last component.
      if (i === raw.length - 1) {
        s = s.replace(/[. ]+$/, '');
        if (s === '') continue;
      }
    }
    if (INVALID_CHARS.test(s) || s.length > MAX_COMPONENT) return 'invalid-name';
    components.push(s);
  }
  return { components, trailingSeparator };
}

function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The entry of `dir` named `name` ignoring case (exact match first), or null. */
function findEntry(dir: string, name: string): string | null {
  try {
    lstatSync(join(dir, name));
    return name;
  } catch {
    /* not there under this exact name */
  }
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return null;
  }
  const lower = name.toLowerCase();
  return entries.find((e) => e.toLowerCase() === lower) ?? null;
}

/**
 * Looks a Win32 path up in the workspace: its canonical host path, whether it is a file, a
 * directory or missing (with its parent directory present), and the read-only attribute
 * (no owner write permission on the host).
 */
export function lookupWorkspacePath(
  workspace: string,
  win32Path: string,
): WorkspaceEntry | { error: WorkspacePathError } {
  const parsed = parseWin32Path(win32Path);
  if (typeof parsed === 'string') return { error: parsed };
  let root: string;
  try {
    root = realpathSync.native(workspace);
  } catch {
    return { error: 'path-not-found' };
  }
  let dir = root;
  const { components } = parsed;
  for (let i = 0; i < components.length; i++) {
    const last = i === components.length - 1;
    const name = findEntry(dir, components[i]!);
    if (name === null) {
      if (!last) return { error: 'path-not-found' };
      return {
        hostPath: join(dir, components[i]!),
        kind: 'missing',
        readOnly: false,
        trailingSeparator: parsed.trailingSeparator,
      };
    }
    let real: string;
    try {
      real = realpathSync.native(join(dir, name));
    } catch {
      // A dangling link: creating through it would create its target, maybe outside.
      return { error: 'access-denied' };
    }
    if (!inside(root, real)) return { error: 'access-denied' };
    const st = statSync(real);
    if (!last) {
      if (!st.isDirectory()) return { error: 'path-not-found' };
      dir = real;
      continue;
    }
    return {
      hostPath: real,
      kind: st.isDirectory() ? 'directory' : 'file',
      readOnly: (st.mode & 0o200) === 0,
      trailingSeparator: parsed.trailingSeparator,
    };
  }
  // The root: "C:\" (trailing separator) or "C:" (the current directory of drive C:, which is C:\).
  return { hostPath: root, kind: 'directory', readOnly: false, trailingSeparator: parsed.trailingSeparator };
}

/** Returns the host path of an existing or creatable workspace path, or null if it is not one. */
export function resolveWorkspacePath(workspace: string, win32Path: string): string | null {
  const r = lookupWorkspacePath(workspace, win32Path);
  return 'error' in r ? null : r.hostPath;
}
