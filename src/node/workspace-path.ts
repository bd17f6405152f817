/**
 * Workspace paths: the workspace folder appears to programs as drive C:\. A Win32 path
 * is resolved to a host path only if it stays inside the workspace: no "..", no other
 * drive, no UNC or device path, no link leading out.
 */
import { existsSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Returns the host path for a workspace path, or null if it is not one. */
export function resolveWorkspacePath(workspace: string, win32Path: string): string | null {
  let p = win32Path.replace(/\//g, '\\');
  if (/^[a-zA-Z]:/.test(p)) {
    if (!/^[cC]:/.test(p)) return null;
    p = p.slice(2);
  }
  if (p.startsWith('\\\\')) return null;
  const parts = p.split('\\').filter((s) => s !== '' && s !== '.');
  // Control characters are invalid in Win32 file names.
  // eslint-disable-next-line no-control-regex
  if (parts.some((s) => s === '..' || /[<>:"|?*\x00-\x1f]/.test(s))) return null;
  const host = join(workspace, ...parts);
  if (existsSync(host)) {
    const real = realpathSync(host);
    const root = realpathSync(workspace);
    if (real !== root && !real.startsWith(root + sep)) return null;
  }
  return host;
}
