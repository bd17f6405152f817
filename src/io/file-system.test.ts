/**
 * Unit tests of the file system (k.io) over a real temporary workspace: one FCB per host
 * file whatever the spelling of its name, reference counting down to closing the host file,
 * delete pending, POSIX DeleteFile, and a data section acting as a writer and a reference.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlockFile, HostServices, WorkspaceOpen } from '../host/host.js';
import { MemoryManager } from '../mm/memory-manager.js';
import { PagingFile } from '../mm/paging-file.js';
import { Win32Error } from '../nt/win32-error.js';
import { ObjectManager } from '../ob/object-manager.js';
import { deleteWorkspaceFile, openWorkspaceFile } from '../node/workspace-file.js';
import { lookupWorkspacePath } from '../node/workspace-path.js';
import {
  CREATE_ALWAYS,
  CREATE_NEW,
  FILE_FLAG_DELETE_ON_CLOSE,
  GENERIC_READ,
  GENERIC_WRITE,
  OPEN_EXISTING,
} from '../win32/constants.js';
import {
  ERROR_ACCESS_DENIED,
  ERROR_FILE_NOT_FOUND,
  ERROR_SHARING_VIOLATION,
  ERROR_USER_MAPPED_FILE,
} from '../win32/errors.js';
import type { FileDataSection } from './file-control-block.js';
import { FileSystem } from './file-system.js';

function code(fn: () => unknown): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof Win32Error) return e.code;
    throw e;
  }
}

describe('FileSystem', () => {
  let ws: string;
  let fs: FileSystem;
  let om: ObjectManager;
  let opened: number;
  let closed: number;

  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'mmlab-io-'));
    opened = 0;
    closed = 0;
    const host = {
      lookupWorkspacePath: (p: string) => lookupWorkspacePath(ws, p),
      openWorkspaceFile: (p: string, how: WorkspaceOpen) => {
        const f = openWorkspaceFile(p, how);
        if ('error' in f) return f;
        opened++;
        const close = f.close.bind(f);
        (f as BlockFile).close = () => {
          closed++;
          close();
        };
        return f;
      },
      deleteWorkspaceFile: (p: string) => deleteWorkspaceFile(p),
    } as unknown as HostServices;
    const mm = new MemoryManager(4 << 20, new PagingFile(null, 0), {
      quiescentNow: () => true,
      entries: () => 0,
      requestFlush: () => {},
    });
    om = new ObjectManager(mm);
    fs = new FileSystem(host, om);
  });
  afterEach(() => {
    rmSync(ws, { recursive: true, force: true });
  });

  const create = (path: string, access: number, share: number, disposition: number, flags = 0) =>
    fs.createFile({ path, desiredAccess: access, shareMode: share, disposition, flagsAndAttributes: flags }).file;

  it('shares one FCB among the opens of one file, however its name is spelt', () => {
    const a = create('C:\\Data.bin', GENERIC_READ | GENERIC_WRITE, 7, CREATE_NEW);
    const b = create('c:/DATA.BIN', GENERIC_READ, 7, OPEN_EXISTING);
    const c = create('data.bin', GENERIC_READ, 7, OPEN_EXISTING);
    expect(b.fcb).toBe(a.fcb);
    expect(c.fcb).toBe(a.fcb);
    expect(a.fcb.refs).toBe(3);
    expect(opened).toBe(1);
    expect(fs.fcbCount).toBe(1);
    fs.checkInvariants();
    om.dereference(a);
    om.dereference(b);
    expect(closed).toBe(0);
    om.dereference(c);
    expect(closed).toBe(1);
    expect(fs.fcbCount).toBe(0);
    expect(fs.fcbFor(a.fcb.hostPath)).toBeUndefined();
    fs.checkInvariants();
  });

  it('releases share access when a file object goes, even without a handle', () => {
    const a = create('C:\\x.bin', GENERIC_WRITE, 0, CREATE_ALWAYS);
    expect(code(() => create('C:\\x.bin', GENERIC_READ, 7, OPEN_EXISTING))).toBe(ERROR_SHARING_VIOLATION);
    om.dereference(a);
    const b = create('C:\\x.bin', GENERIC_READ, 0, OPEN_EXISTING);
    om.dereference(b);
    fs.checkInvariants();
  });

  it('a failed open leaves no FCB behind', () => {
    expect(code(() => create('C:\\missing.bin', GENERIC_READ, 0, OPEN_EXISTING))).toBe(ERROR_FILE_NOT_FOUND);
    expect(fs.fcbCount).toBe(0);
    expect(opened).toBe(0);
  });

  it('delete-on-close marks the file pending when its open closes, deletes it with the last open', () => {
    const a = create('C:\\t.tmp', GENERIC_WRITE, 7, CREATE_NEW, FILE_FLAG_DELETE_ON_CLOSE);
    const b = create('C:\\t.tmp', GENERIC_READ, 7, OPEN_EXISTING);
    om.dereference(a);
    expect(a.fcb.deletePending).toBe(true);
    expect(code(() => create('C:\\t.tmp', GENERIC_READ, 7, OPEN_EXISTING))).toBe(ERROR_ACCESS_DENIED);
    expect(existsSync(join(ws, 't.tmp'))).toBe(true);
    om.dereference(b);
    expect(existsSync(join(ws, 't.tmp'))).toBe(false);
    fs.checkInvariants();
  });

  it('DeleteFile unlinks at once and keeps the FCB for its opens', () => {
    writeFileSync(join(ws, 'd.bin'), 'data');
    const a = create('C:\\d.bin', GENERIC_READ, 7, OPEN_EXISTING);
    fs.deleteFile('C:\\d.bin');
    expect(existsSync(join(ws, 'd.bin'))).toBe(false);
    expect(a.fcb.unlinked).toBe(true);
    const b = create('C:\\d.bin', GENERIC_WRITE, 0, CREATE_NEW);
    expect(b.fcb).not.toBe(a.fcb);
    const buf = new Uint8Array(4);
    expect(a.fcb.file.read(buf, 0)).toBe(4);
    expect(new TextDecoder().decode(buf)).toBe('data');
    fs.checkInvariants();
    om.dereference(a);
    om.dereference(b);
    expect(closed).toBe(2);
    expect(existsSync(join(ws, 'd.bin'))).toBe(true);
  });

  it('a data section is a reference, a writer, and blocks overwrite and delete', () => {
    const a = create('C:\\m.bin', GENERIC_READ | GENERIC_WRITE, 3, CREATE_NEW);
    const fcb = a.fcb;
    fcb.setSize(10);
    const section: FileDataSection = {
      read: () => {},
      write: () => {},
      flush: () => {},
      sectionBytes: 10,
      hasWriter: true,
    };
    // What the control area does while it lives.
    fcb.reference();
    fcb.dataSection = section;
    om.dereference(a);
    expect(closed).toBe(0);
    expect(fs.fcbFor(fcb.hostPath)).toBe(fcb);
    fs.checkInvariants();
    expect(code(() => create('C:\\m.bin', GENERIC_READ, 1, OPEN_EXISTING))).toBe(ERROR_SHARING_VIOLATION);
    expect(code(() => create('C:\\m.bin', 0, 0, OPEN_EXISTING))).toBe(ERROR_SHARING_VIOLATION);
    expect(code(() => create('C:\\m.bin', GENERIC_WRITE, 3, CREATE_ALWAYS))).toBe(ERROR_USER_MAPPED_FILE);
    expect(code(() => fs.deleteFile('C:\\m.bin'))).toBe(ERROR_ACCESS_DENIED);
    const b = create('C:\\m.bin', GENERIC_READ, 3, OPEN_EXISTING);
    expect(b.fcb).toBe(fcb);
    om.dereference(b);
    fcb.dataSection = null;
    fcb.dereference();
    expect(closed).toBe(1);
    expect(fs.fcbCount).toBe(0);
  });

  it('the invariant check finds a leaked FCB reference', () => {
    const a = create('C:\\leak.bin', GENERIC_READ, 0, CREATE_NEW);
    a.fcb.reference();
    expect(() => fs.checkInvariants()).toThrow(/references/);
    a.fcb.dereference();
    om.dereference(a);
  });

  it('a file removed on the host behind the lab leaves its FCB nameless', () => {
    const a = create('C:\\gone.bin', GENERIC_READ, 7, CREATE_NEW);
    rmSync(join(ws, 'gone.bin'));
    const b = create('C:\\gone.bin', GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW);
    expect(b.fcb).not.toBe(a.fcb);
    expect(a.fcb.unlinked).toBe(true);
    fs.checkInvariants();
    om.dereference(a);
    om.dereference(b);
    expect(existsSync(join(ws, 'gone.bin'))).toBe(true);
  });
});
