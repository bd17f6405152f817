/**
 * Conformance: the life of files and file handles — DeleteFile, FILE_FLAG_DELETE_ON_CLOSE,
 * CloseHandle, handle inheritance, process exit closing a process's files, and
 * FILE_FLAG_WRITE_THROUGH / FlushFileBuffers making data durable.
 *
 * Sources, cited above each case:
 *   [wine-file]  Wine dlls/kernel32/tests/file.c (runs on real Windows): test_DeleteFileA/W,
 *                test__lcreat, test_file_sharing
 *   [msdn]       Microsoft docs: DeleteFileW, CreateFileW (FILE_FLAG_DELETE_ON_CLOSE,
 *                FILE_FLAG_WRITE_THROUGH), "Handle Inheritance"
 *   [win10]      DeleteFileW on NTFS since Windows 10 1903 deletes with POSIX semantics
 *                (FILE_DISPOSITION_POSIX_SEMANTICS): the name goes at once, open handles keep
 *                working, and the name can be created again at once.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/api/settings.js';
import type { BlockFile, WorkspaceFileError, WorkspaceOpen } from '../../src/host/host.js';
import { checkInvariants } from '../../src/lab/invariants.js';
import { Lab } from '../../src/lab/lab.js';
import { NodeHost } from '../../src/node/node-host.js';
import { LAB_TIMEOUT, casesOn, prelude, useLab } from './cases.js';
import { F, filePrelude } from './file-values.js';

const CHILD = `
import { CreateFile, CloseHandle, ReadFile, WriteFile, Sleep, GetLastError, GetCommandLine, VirtualAlloc, ExitProcess, mem } from 'mmlab/win32';
const args = GetCommandLine().split(' ');
const mode = args[1];
if (mode === 'hold') {
  // Opens a file exclusively and never closes it.
  const h = CreateFile('C:\\\\held.bin', 0xc0000000, 0, null, 2, 0, null);
  if (h === -1) ExitProcess(1000 + GetLastError());
  if (args[2] === 'exit') ExitProcess(7);
  Sleep(0xffffffff);
} else if (mode === 'temp') {
  CreateFile('C:\\\\temp.bin', 0xc0000000, 0, null, 2, 0x04000000, null);
  ExitProcess(0);
} else if (mode === 'read') {
  // Reads 4 bytes through a handle inherited from the parent; the exit code says what it got.
  const b = VirtualAlloc(0, 0x1000, 0x3000, 4);
  const n = { value: 0 };
  if (!ReadFile(Number(args[2]), b, 4, n, null)) ExitProcess(0x10000 + GetLastError());
  ExitProcess(mem.getUint32(b));
}
`;

describe('file lifetime', () => {
  const lab = useLab({ profile: 'x86' });
  beforeAll(() => {
    writeFileSync(join(lab.lab.workspace, 'child.ts'), CHILD);
    mkdirSync(join(lab.lab.workspace, 'dir'));
  });
  const r = casesOn(
    lab,
    filePrelude() +
      String.raw`
const n = { value: 0 };
const b = buf(0x1000);
function run(cmd: string, inherit = false): any { const pi = new W.PROCESS_INFORMATION(); const ok = W.CreateProcess(null, cmd, null, null, inherit, 0, null, null, null, pi); return ok ? pi : null; }
function exitCode(pi: any): number { WaitForSingleObject(pi.hProcess, 10000); const c = { value: 0 }; W.GetExitCodeProcess(pi.hProcess, c); CloseHandle(pi.hProcess); CloseHandle(pi.hThread); return c.value; }

// ---- DeleteFile [wine-file] test_DeleteFileA/W
c('DeleteFile missing', () => err(() => DeleteFile('C:\\nonexist.txt')));
c('DeleteFile ""', () => err(() => DeleteFile('')));
c('DeleteFile NULL', () => err(() => DeleteFile(null)));
c('DeleteFile in a missing directory', () => err(() => DeleteFile('C:\\nodir\\x.txt')));
c('DeleteFile of a directory', () => err(() => DeleteFile('C:\\dir')));
c('DeleteFile of C:\\', () => err(() => DeleteFile('C:\\')));
c('DeleteFile with a bad name', () => err(() => DeleteFile('C:\\a?b')));
{
  const o = open('C:\\del.txt', GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, CREATE_ALWAYS);
  put(b, 'still here'); WriteFile(o.h, b, 10, n, null);
  c('DeleteFile of a file open with FILE_SHARE_DELETE', () => err(() => DeleteFile('C:\\del.txt')));
  c('the name is gone at once', () => cf('C:\\del.txt', GENERIC_READ, 7, OPEN_EXISTING));
  c('the open handle still reads its data', () => { SetFilePointer(o.h, 0, null, FILE_BEGIN); return [ReadFile(o.h, b + 0x100, 10, n, null), text(b + 0x100, n.value)]; });
  c('the name can be created again at once', () => cf('C:\\del.txt', GENERIC_READ | GENERIC_WRITE, 7, CREATE_NEW));
  CloseHandle(o.h);
  c('DeleteFile of the new file', () => err(() => DeleteFile('C:\\del.txt')));
  c('DeleteFile again', () => err(() => DeleteFile('C:\\del.txt')));
}
{
  const o = open('C:\\locked.txt', GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_ALWAYS);
  c('DeleteFile of a file open without FILE_SHARE_DELETE', () => err(() => DeleteFile('C:\\locked.txt')));
  CloseHandle(o.h);
  c('DeleteFile after CloseHandle', () => err(() => DeleteFile('C:\\locked.txt')));
}

// ---- FILE_FLAG_DELETE_ON_CLOSE
{
  const t = open('C:\\doc.tmp', GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, CREATE_NEW, FILE_FLAG_DELETE_ON_CLOSE);
  c('DELETE_ON_CLOSE create', () => [t.h !== -1, t.err]);
  c('second open without FILE_SHARE_DELETE', () => cf('C:\\doc.tmp', GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING));
  const o2 = open('C:\\doc.tmp', GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, OPEN_EXISTING);
  c('second open with FILE_SHARE_DELETE', () => [o2.h !== -1, o2.err]);
  CloseHandle(t.h);
  c('open while delete is pending', () => cf('C:\\doc.tmp', GENERIC_READ, 7, OPEN_EXISTING));
  c('CREATE_ALWAYS while delete is pending', () => cf('C:\\doc.tmp', GENERIC_READ | GENERIC_WRITE, 7, CREATE_ALWAYS));
  c('DeleteFile while delete is pending', () => err(() => DeleteFile('C:\\doc.tmp')));
  CloseHandle(o2.h);
  c('gone after the last close', () => cf('C:\\doc.tmp', GENERIC_READ, 7, OPEN_EXISTING));
  const d = open('C:\\doc2.tmp', GENERIC_WRITE, 7, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE);
  const dup = { value: 0 };
  const duplicated = W.DuplicateHandle ? W.DuplicateHandle(GetCurrentProcess(), d.h, GetCurrentProcess(), dup, 0, 0, 2) : 0;
  CloseHandle(d.h);
  c('a duplicated handle keeps the file object open', () => duplicated ? cf('C:\\doc2.tmp', GENERIC_READ, 7, OPEN_EXISTING) : 'no DuplicateHandle');
  if (duplicated) CloseHandle(dup.value);
  c('deleted when the duplicate closes', () => cf('C:\\doc2.tmp', GENERIC_READ, 7, OPEN_EXISTING));
}

// ---- file objects take nonpaged pool (SPEC S1: CreateFile moves available memory a little)
{
  const before = gms();
  const hs: number[] = [];
  for (let i = 0; i < 64; i++) hs.push(CreateFile('C:\\pool.bin', GENERIC_READ, 7, null, OPEN_ALWAYS, 0, null));
  const open64 = gms();
  for (const h of hs) CloseHandle(h);
  const closed = gms();
  const d = (a: any, z: any) => [(a.dwAvailPhys - z.dwAvailPhys) / PG, a.dwAvailPageFile - z.dwAvailPageFile, a.dwAvailVirtual - z.dwAvailVirtual];
  c('64 opens: pages of available memory, commit, virtual', () => d(before, open64));
  c('after closing them', () => d(before, closed));
}
// ---- CloseHandle
{
  const o = open('C:\\close.bin', GENERIC_READ, 0, CREATE_ALWAYS);
  c('CloseHandle of a file', () => err(() => CloseHandle(o.h)));
  c('CloseHandle again', () => err(() => CloseHandle(o.h)));
  c('ReadFile on a closed handle', () => err(() => ReadFile(o.h, b, 1, n, null)));
  c('exclusive open after close', () => cf('C:\\close.bin', GENERIC_READ, 0, OPEN_EXISTING));
}

// ---- process exit closes the process's files
{
  const pi = run('C:\\child.ts hold');
  let seen = 0;
  for (let i = 0; i < 500 && !seen; i++) { const x = cf('C:\\held.bin', GENERIC_READ, 7, OPEN_EXISTING); if (x[1] === ERROR_SHARING_VIOLATION) seen = 1; else Sleep(10); }
  c('a running child holds its file', () => seen);
  W.TerminateProcess(pi.hProcess, 3);
  c('child terminated', () => exitCode(pi));
  c('open after the child was terminated', () => cf('C:\\held.bin', GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING));
  const pi2 = run('C:\\child.ts hold exit');
  c('child exits without closing', () => exitCode(pi2));
  c('open after the child exited', () => cf('C:\\held.bin', GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING));
  const pi3 = run('C:\\child.ts temp');
  c('child with a DELETE_ON_CLOSE file exits', () => exitCode(pi3));
  c('its file is gone', () => cf('C:\\temp.bin', GENERIC_READ, 7, OPEN_EXISTING));
}

// ---- handle inheritance: SECURITY_ATTRIBUTES.bInheritHandle + CreateProcess(bInheritHandles)
{
  const sa = new SECURITY_ATTRIBUTES(); sa.bInheritHandle = 1;
  const h = CreateFile('C:\\inh.bin', GENERIC_READ | GENERIC_WRITE, 0, sa, CREATE_ALWAYS, 0, null);
  mem.setUint32(b, 0x11223344); mem.setUint32(b + 4, 0x55667788);
  WriteFile(h, b, 8, n, null);
  SetFilePointer(h, 0, null, FILE_BEGIN);
  c('child reads through the inherited handle', () => exitCode(run('C:\\child.ts read ' + h, true)) >>> 0);
  c('the file pointer is shared with the child', () => SetFilePointer(h, 0, null, FILE_CURRENT));
  c('the child reads on from there', () => exitCode(run('C:\\child.ts read ' + h, true)) >>> 0);
  c('without bInheritHandles the child has no such handle', () => exitCode(run('C:\\child.ts read ' + h, false)) >>> 0);
  const h2 = CreateFile('C:\\inh2.bin', GENERIC_READ, 0, null, CREATE_ALWAYS, 0, null);
  c('a handle created without bInheritHandle is not inherited', () => exitCode(run('C:\\child.ts read ' + h2, true)) >>> 0);
  CloseHandle(h); CloseHandle(h2);
}
`,
  );

  it('DeleteFile fails as on Windows', () => {
    // [wine-file] test_DeleteFileA/W
    expect(r.get('DeleteFile missing')).toEqual([0, F.ERROR_FILE_NOT_FOUND]);
    expect(r.get('DeleteFile ""')).toEqual([0, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('DeleteFile NULL')).toEqual([0, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('DeleteFile in a missing directory')).toEqual([0, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('DeleteFile of a directory')).toEqual([0, F.ERROR_ACCESS_DENIED]);
    expect(r.get('DeleteFile of C:\\')).toEqual([0, F.ERROR_ACCESS_DENIED]);
    expect(r.get('DeleteFile with a bad name')).toEqual([0, F.ERROR_INVALID_NAME]);
    // DeleteFile opens the file for DELETE: an open without FILE_SHARE_DELETE refuses it.
    expect(r.get('DeleteFile of a file open without FILE_SHARE_DELETE')).toEqual([0, F.ERROR_SHARING_VIOLATION]);
    expect(r.get('DeleteFile after CloseHandle')).toEqual([1, 0xdeadbeef]);
  });

  // [win10] POSIX delete; [wine-file] test_DeleteFileA: deleting a file open with FILE_SHARE_DELETE succeeds.
  it('DeleteFile removes the name at once; open handles keep the data', () => {
    expect(r.get('DeleteFile of a file open with FILE_SHARE_DELETE')).toEqual([1, 0xdeadbeef]);
    expect(r.get('the name is gone at once')).toEqual([-1, F.ERROR_FILE_NOT_FOUND]);
    expect(r.get('the open handle still reads its data')).toEqual([1, 'still here']);
    expect(r.get('the name can be created again at once')).toEqual(['handle', 0]);
    expect(r.get('DeleteFile of the new file')).toEqual([1, 0xdeadbeef]);
    expect(r.get('DeleteFile again')).toEqual([0, F.ERROR_FILE_NOT_FOUND]);
    expect(existsSync(join(lab.lab.workspace, 'del.txt'))).toBe(false);
  });

  // [msdn] FILE_FLAG_DELETE_ON_CLOSE: "the file is to be deleted immediately after all of its
  // handles are closed ... Subsequent open requests for the file fail, unless the
  // FILE_SHARE_DELETE share mode is specified"; a delete-pending file cannot be opened
  // (STATUS_DELETE_PENDING -> ERROR_ACCESS_DENIED).
  it('FILE_FLAG_DELETE_ON_CLOSE deletes the file with its last handle', () => {
    expect(r.get('DELETE_ON_CLOSE create')).toEqual([true, 0]);
    expect(r.get('second open without FILE_SHARE_DELETE')).toEqual([-1, F.ERROR_SHARING_VIOLATION]);
    expect(r.get('second open with FILE_SHARE_DELETE')).toEqual([true, 0]);
    expect(r.get('open while delete is pending')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('CREATE_ALWAYS while delete is pending')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('DeleteFile while delete is pending')).toEqual([0, F.ERROR_ACCESS_DENIED]);
    expect(r.get('gone after the last close')).toEqual([-1, F.ERROR_FILE_NOT_FOUND]);
    const dup = r.get('a duplicated handle keeps the file object open');
    if (dup !== 'no DuplicateHandle') expect(dup).toEqual(['handle', 0]);
    expect(r.get('deleted when the duplicate closes')).toEqual([-1, F.ERROR_FILE_NOT_FOUND]);
  });

  // SPEC S1: a file object charges nonpaged pool (~0x200 bytes here), nothing else.
  it('file objects charge a little nonpaged pool and no commit or virtual memory', () => {
    const [pages, commit, virt] = r.get('64 opens: pages of available memory, commit, virtual') as number[];
    expect(pages).toBeGreaterThanOrEqual(7);
    expect(pages).toBeLessThanOrEqual(9);
    expect([commit, virt]).toEqual([0, 0]);
    const [pagesAfter, commitAfter, virtAfter] = r.get('after closing them') as number[];
    expect(Math.abs(pagesAfter!)).toBeLessThanOrEqual(1);
    expect([commitAfter, virtAfter]).toEqual([0, 0]);
  });

  it('CloseHandle closes a file handle once', () => {
    expect(r.get('CloseHandle of a file')).toEqual([1, 0xdeadbeef]);
    expect(r.get('CloseHandle again')).toEqual([0, F.ERROR_INVALID_HANDLE]);
    expect(r.get('ReadFile on a closed handle')).toEqual([0, F.ERROR_INVALID_HANDLE]);
    expect(r.get('exclusive open after close')).toEqual(['handle', 0]);
  });

  it('a process that ends closes its files', () => {
    expect(r.get('a running child holds its file')).toBe(1);
    expect(r.get('child terminated')).toBe(3);
    expect(r.get('open after the child was terminated')).toEqual(['handle', 0]);
    expect(r.get('child exits without closing')).toBe(7);
    expect(r.get('open after the child exited')).toEqual(['handle', 0]);
    expect(r.get('child with a DELETE_ON_CLOSE file exits')).toBe(0);
    expect(r.get('its file is gone')).toEqual([-1, F.ERROR_FILE_NOT_FOUND]);
  });

  // [msdn] Handle Inheritance: an inherited handle has the same value and refers to the same
  // file object, so the file pointer is shared.
  it('an inheritable file handle is inherited with its file object', () => {
    expect(r.get('child reads through the inherited handle')).toBe(0x11223344);
    expect(r.get('the file pointer is shared with the child')).toBe(4);
    expect(r.get('the child reads on from there')).toBe(0x55667788);
    expect(r.get('without bInheritHandles the child has no such handle')).toBe(0x10000 + F.ERROR_INVALID_HANDLE);
    expect(r.get('a handle created without bInheritHandle is not inherited')).toBe(0x10000 + F.ERROR_INVALID_HANDLE);
  });
});

/** A Node host that counts flushes of workspace files, by file name. */
class CountingHost extends NodeHost {
  readonly flushes = new Map<string, number>();
  override openWorkspaceFile(hostPath: string, how: WorkspaceOpen): BlockFile | { error: WorkspaceFileError } {
    const f = super.openWorkspaceFile(hostPath, how);
    if ('error' in f) return f;
    const name = hostPath.slice(hostPath.lastIndexOf('/') + 1);
    const flush = f.flush.bind(f);
    f.flush = () => {
      flush();
      this.flushes.set(name, (this.flushes.get(name) ?? 0) + 1);
    };
    return f;
  }
}

describe('FILE_FLAG_WRITE_THROUGH and FlushFileBuffers', () => {
  let root: string;
  let lab: Lab;
  let host: CountingHost;
  let out: string[];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mmlab-test-'));
    const settings = resolveSettings({
      workspace: resolve(root, 'ws'),
      dataDir: resolve(root, 'data'),
      profile: 'x86',
    });
    mkdirSync(settings.workspace, { recursive: true });
    mkdirSync(resolve(root, 'data'), { recursive: true });
    host = new CountingHost(settings.workspace, resolve(root, 'data'));
    lab = new Lab(settings, host);
    const p = await lab.start({
      fileName: 'durable.ts',
      source:
        prelude('x86') +
        filePrelude() +
        String.raw`
const b = buf(0x1000); put(b, 'durable!');
const n = { value: 0 };
const plain = CreateFile('C:\\plain.bin', GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
const wt = CreateFile('C:\\wt.bin', GENERIC_WRITE, 0, null, CREATE_ALWAYS, FILE_FLAG_WRITE_THROUGH, null);
const fl = CreateFile('C:\\flushed.bin', GENERIC_WRITE, 0, null, CREATE_ALWAYS, 0, null);
for (let i = 0; i < 3; i++) { WriteFile(plain, b, 8, n, null); WriteFile(wt, b, 8, n, null); WriteFile(fl, b, 8, n, null); }
WriteFile(wt, b, 0, n, null);
FlushFileBuffers(fl);
console.log('done');
CloseHandle(plain); CloseHandle(wt); CloseHandle(fl);
`,
    });
    await p.exited;
    out = p.stdout.concat(p.stderr);
  }, LAB_TIMEOUT);
  afterAll(async () => {
    await lab?.shutdown();
    rmSync(root, { recursive: true, force: true });
  }, LAB_TIMEOUT);
  afterEach(() => {
    checkInvariants(lab);
  });

  it('each write-through WriteFile that writes is flushed to disk before it returns; FlushFileBuffers flushes once', () => {
    expect(out).toContain('done');
    expect(host.flushes.get('plain.bin') ?? 0).toBe(0);
    expect(host.flushes.get('wt.bin')).toBe(3);
    expect(host.flushes.get('flushed.bin')).toBe(1);
    expect(readFileSync(join(root, 'ws', 'wt.bin'), 'utf8')).toBe('durable!'.repeat(3));
  });
});
