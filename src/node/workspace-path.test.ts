/**
 * Unit tests of Win32 path resolution inside the workspace (drive C:\): normalisation as
 * Win32 does it, case-insensitive lookup, and no way out through "..", other drives, UNC
 * paths or host links.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupWorkspacePath, parseWin32Path, resolveWorkspacePath } from './workspace-path.js';

describe('parseWin32Path', () => {
  const parts = (p: string) => {
    const r = parseWin32Path(p);
    return typeof r === 'string' ? r : r.components.join('/') + (r.trailingSeparator ? '/' : '');
  };
  it('normalises like GetFullPathName with C:\\ as the current directory', () => {
    expect(parts('C:\\a\\b.txt')).toBe('a/b.txt');
    expect(parts('c:/a/b.txt')).toBe('a/b.txt');
    expect(parts('a\\b.txt')).toBe('a/b.txt');
    expect(parts('\\a\\\\b.txt')).toBe('a/b.txt');
    expect(parts('C:a\\.\\b.txt')).toBe('a/b.txt');
    expect(parts('C:\\a\\..\\..\\..\\b.txt')).toBe('b.txt');
    expect(parts('C:\\a\\b.txt. . ')).toBe('a/b.txt');
    expect(parts('C:\\dir\\')).toBe('dir/');
    expect(parts('C:\\')).toBe('/');
    expect(parts('C:')).toBe('');
    expect(parts('\\\\.\\C:\\x')).toBe('x');
  });
  it('keeps verbatim paths as they are', () => {
    expect(parts('\\\\?\\C:\\a\\b')).toBe('a/b');
    expect(parts('\\\\?\\C:\\a\\..\\b')).toBe('invalid-name');
    expect(parts('\\\\?\\C:\\a\\.\\b')).toBe('invalid-name');
  });
  it('refuses what is not on drive C: of this machine', () => {
    expect(parts('')).toBe('path-not-found');
    expect(parts('D:\\x')).toBe('path-not-found');
    expect(parts('\\\\server\\share\\x')).toBe('bad-netpath');
    expect(parts('\\\\?\\UNC\\server\\share')).toBe('bad-netpath');
    expect(parts('\\\\.\\pipe\\x')).toBe('not-found');
    expect(parts('\\\\.\\C:')).toBe('access-denied');
    expect(parts('C:\\a<b')).toBe('invalid-name');
    expect(parts('C:\\a:b')).toBe('invalid-name');
    expect(parts('C:\\' + 'x'.repeat(256))).toBe('invalid-name');
  });
});

describe('lookupWorkspacePath', () => {
  let root: string;
  let ws: string;
  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'mmlab-ws-')));
    ws = join(root, 'ws');
    mkdirSync(join(ws, 'Sub'), { recursive: true });
    writeFileSync(join(ws, 'Sub', 'File.TXT'), 'x');
    writeFileSync(join(ws, 'ro.txt'), 'x');
    chmodSync(join(ws, 'ro.txt'), 0o444);
    writeFileSync(join(root, 'secret'), 's');
    symlinkSync(join(root, 'secret'), join(ws, 'out'));
    symlinkSync(root, join(ws, 'outdir'));
    symlinkSync(join(root, 'nothing'), join(ws, 'dangling'));
    symlinkSync(join(ws, 'Sub'), join(ws, 'in'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds files case-insensitively and gives their canonical path', () => {
    expect(lookupWorkspacePath(ws, 'c:\\sub\\file.txt')).toEqual({
      hostPath: join(ws, 'Sub', 'File.TXT'),
      kind: 'file',
      readOnly: false,
      trailingSeparator: false,
    });
    expect(lookupWorkspacePath(ws, 'C:\\in\\FILE.txt')).toMatchObject({
      hostPath: join(ws, 'Sub', 'File.TXT'),
      kind: 'file',
    });
    expect(lookupWorkspacePath(ws, 'C:\\SUB')).toMatchObject({ kind: 'directory' });
    expect(lookupWorkspacePath(ws, 'C:\\ro.txt')).toMatchObject({ readOnly: true });
    expect(lookupWorkspacePath(ws, 'C:\\Sub\\new.txt')).toEqual({
      hostPath: join(ws, 'Sub', 'new.txt'),
      kind: 'missing',
      readOnly: false,
      trailingSeparator: false,
    });
    expect(lookupWorkspacePath(ws, 'C:\\')).toMatchObject({ hostPath: ws, kind: 'directory', trailingSeparator: true });
  });

  it('never leaves the workspace', () => {
    expect(lookupWorkspacePath(ws, 'C:\\..\\secret')).toMatchObject({ hostPath: join(ws, 'secret'), kind: 'missing' });
    expect(lookupWorkspacePath(ws, 'C:\\out')).toEqual({ error: 'access-denied' });
    expect(lookupWorkspacePath(ws, 'C:\\outdir\\secret')).toEqual({ error: 'access-denied' });
    expect(lookupWorkspacePath(ws, 'C:\\outdir\\new')).toEqual({ error: 'access-denied' });
    expect(lookupWorkspacePath(ws, 'C:\\dangling')).toEqual({ error: 'access-denied' });
    expect(lookupWorkspacePath(ws, 'C:\\nodir\\x')).toEqual({ error: 'path-not-found' });
    expect(lookupWorkspacePath(ws, 'C:\\Sub\\File.TXT\\x')).toEqual({ error: 'path-not-found' });
    expect(resolveWorkspacePath(ws, 'C:\\out')).toBeNull();
  });
});
