/**
 * Conformance: CreateFile — creation dispositions and their last errors, access rights,
 * read-only files, directories, and how Win32 paths resolve inside the workspace (drive
 * C:\), as Windows 10/11 does on NTFS.
 *
 * Sources, cited above each case:
 *   [wine-file]  Wine dlls/kernel32/tests/file.c (runs on real Windows): test_CreateFileA,
 *                test_CreateFileW, test__lcreat, test_DeleteFileA/W
 *   [ros]        ReactOS dll/win32/kernel32/client/file/create.c (CreateFileW's last-error
 *                rules: ERROR_FILE_EXISTS for CREATE_NEW, ERROR_PATH_NOT_FOUND for a directory
 *                named with a trailing backslash, 0 / ERROR_ALREADY_EXISTS on success)
 *   [msdn]       Microsoft docs, CreateFileW (fileapi.h) and "Naming Files, Paths, and Namespaces"
 */
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { casesOn, useLab } from './cases.js';
import { F, filePrelude } from './file-values.js';

const H = 'handle';

describe('CreateFile', () => {
  const lab = useLab({ profile: 'x86' });
  beforeAll(() => {
    const ws = lab.lab.workspace;
    mkdirSync(join(ws, 'dir'));
    mkdirSync(join(ws, 'Mixed Case'));
    writeFileSync(join(ws, 'Mixed Case', 'Name.TXT'), 'mixed');
    writeFileSync(join(ws, 'data.bin'), 'twelve bytes');
    writeFileSync(join(ws, 'ro.txt'), 'read only');
    chmodSync(join(ws, 'ro.txt'), 0o444);
    writeFileSync(join(ws, 'ro2.txt'), 'read only');
    chmodSync(join(ws, 'ro2.txt'), 0o444);
    writeFileSync(join(lab.lab.root, 'outside.txt'), 'secret');
    symlinkSync(join(lab.lab.root, 'outside.txt'), join(ws, 'link-out'));
    symlinkSync(lab.lab.root, join(ws, 'dirlink-out'));
    symlinkSync(join(lab.lab.root, 'no-such-file'), join(ws, 'dangling'));
    symlinkSync(join(ws, 'data.bin'), join(ws, 'link-in'));
  });
  const r = casesOn(
    lab,
    filePrelude() +
      String.raw`
// ---- dispositions on a file that does not exist yet, then does
c('OPEN_EXISTING, missing', () => cf('C:\\d.bin', GENERIC_READ, 0, OPEN_EXISTING));
c('TRUNCATE_EXISTING, missing', () => cf('C:\\d.bin', GENERIC_WRITE, 0, TRUNCATE_EXISTING));
c('CREATE_NEW, missing', () => cf('C:\\d.bin', GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW));
c('CREATE_NEW, existing', () => cf('C:\\d.bin', GENERIC_READ, 0, CREATE_NEW, FILE_FLAG_RANDOM_ACCESS));
c('OPEN_EXISTING, existing', () => cf('C:\\d.bin', GENERIC_READ, 0, OPEN_EXISTING));
c('OPEN_ALWAYS, existing', () => cf('C:\\d.bin', GENERIC_READ, FILE_SHARE_READ, OPEN_ALWAYS, FILE_FLAG_RANDOM_ACCESS));
{
  const o = open('C:\\d.bin', GENERIC_WRITE, 0, OPEN_EXISTING);
  const b = buf(0x1000); put(b, 'abcdefgh');
  WriteFile(o.h, b, 8, null, null); CloseHandle(o.h);
}
c('CREATE_ALWAYS, existing', () => cf('C:\\d.bin', GENERIC_READ, FILE_SHARE_READ, CREATE_ALWAYS, FILE_FLAG_RANDOM_ACCESS));
c('CREATE_ALWAYS, existing: size after', () => { const o = open('C:\\d.bin', GENERIC_READ, 0, OPEN_EXISTING); const s = GetFileSize(o.h, null); CloseHandle(o.h); return s; });
{
  const o = open('C:\\d.bin', GENERIC_WRITE, 0, OPEN_EXISTING);
  const b = buf(0x1000); put(b, 'abcdefgh');
  WriteFile(o.h, b, 8, null, null); CloseHandle(o.h);
}
c('TRUNCATE_EXISTING, existing', () => cf('C:\\d.bin', GENERIC_WRITE, 0, TRUNCATE_EXISTING));
c('TRUNCATE_EXISTING, existing: size after', () => { const o = open('C:\\d.bin', GENERIC_READ, 0, OPEN_EXISTING); const s = GetFileSize(o.h, null); CloseHandle(o.h); return s; });
c('OPEN_ALWAYS, missing', () => cf('C:\\oa.bin', GENERIC_READ, FILE_SHARE_READ, OPEN_ALWAYS));
c('CREATE_ALWAYS, missing', () => cf('C:\\ca.bin', GENERIC_WRITE, 0, CREATE_ALWAYS));
c('disposition 0', () => cf('C:\\d.bin', GENERIC_READ, 0, 0));
c('disposition 6', () => cf('C:\\d.bin', GENERIC_READ, 0, 6));
c('share mode 8', () => cf('C:\\d.bin', GENERIC_READ, 8, OPEN_EXISTING));

// ---- access rights: generic mapping decides what the handle may do
{
  const b = buf(0x1000);
  const n = { value: 0 };
  const tryRW = (access: number) => {
    const o = open('C:\\data.bin', access, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    SetLastError(0xdeadbeef); const rd = [ReadFile(o.h, b, 4, n, null), GetLastError()];
    SetLastError(0xdeadbeef); const wr = [WriteFile(o.h, b, 0, n, null), GetLastError()];
    SetLastError(0xdeadbeef); const wr1 = [WriteFile(o.h, b, 1, n, null), GetLastError()];
    CloseHandle(o.h);
    return [o.err, rd, wr, wr1];
  };
  c('access 0: no read, no write', () => tryRW(0));
  c('GENERIC_READ: read only', () => tryRW(GENERIC_READ));
  c('FILE_READ_DATA: read only', () => tryRW(FILE_READ_DATA));
  c('FILE_READ_ATTRIBUTES only: neither', () => tryRW(FILE_READ_ATTRIBUTES));
  c('FILE_EXECUTE: neither', () => tryRW(FILE_EXECUTE));
}
c('GENERIC_ALL opens', () => cf('C:\\data.bin', GENERIC_ALL, 0, OPEN_EXISTING));
c('MAXIMUM_ALLOWED opens', () => cf('C:\\data.bin', MAXIMUM_ALLOWED, 0, OPEN_EXISTING));

// ---- read-only files [wine-file] test__lcreat
c('read-only file, GENERIC_READ', () => cf('C:\\ro.txt', GENERIC_READ, 0, OPEN_EXISTING));
c('read-only file, GENERIC_WRITE', () => cf('C:\\ro.txt', GENERIC_WRITE, 0, OPEN_EXISTING));
c('read-only file, FILE_APPEND_DATA', () => cf('C:\\ro.txt', FILE_APPEND_DATA, 0, OPEN_EXISTING));
c('read-only file, FILE_WRITE_ATTRIBUTES', () => cf('C:\\ro.txt', FILE_WRITE_ATTRIBUTES, 0, OPEN_EXISTING));
c('read-only file, CREATE_ALWAYS', () => cf('C:\\ro.txt', GENERIC_READ, 0, CREATE_ALWAYS));
c('read-only file, TRUNCATE_EXISTING', () => cf('C:\\ro.txt', GENERIC_WRITE, 0, TRUNCATE_EXISTING));
c('read-only file, DELETE_ON_CLOSE', () => cf('C:\\ro.txt', GENERIC_READ, FILE_SHARE_DELETE, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE));
c('read-only file, MAXIMUM_ALLOWED opens', () => cf('C:\\ro.txt', MAXIMUM_ALLOWED, 0, OPEN_EXISTING));
c('read-only file, DeleteFile', () => err(() => DeleteFile('C:\\ro2.txt')));
{
  // A file created read-only may be written through the handle that created it.
  const o = open('C:\\new-ro.txt', GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_READONLY);
  const b = buf(0x1000); put(b, 'xyz');
  const n = { value: 0 };
  c('create read-only: the creating handle writes', () => [o.err, WriteFile(o.h, b, 3, n, null), n.value]);
  CloseHandle(o.h);
  c('create read-only: a later write open fails', () => cf('C:\\new-ro.txt', GENERIC_WRITE, 0, OPEN_EXISTING));
}

// ---- directories [wine-file] test_CreateFileA's table (OPEN_EXISTING, GENERIC_READ|GENERIC_WRITE, share RW)
const RW = GENERIC_READ | GENERIC_WRITE, SRW = FILE_SHARE_READ | FILE_SHARE_WRITE;
c('existing dir without backup semantics', () => cf('C:\\dir', RW, SRW, OPEN_EXISTING));
c('existing dir with trailing backslash', () => cf('C:\\dir\\', RW, SRW, OPEN_EXISTING));
c('existing dir, FILE_FLAG_BACKUP_SEMANTICS', () => cf('C:\\dir', RW, SRW, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS));
c('existing dir with backslash, FILE_FLAG_BACKUP_SEMANTICS', () => cf('C:\\dir\\', RW, SRW, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS));
c('existing dir, OPEN_ALWAYS with backup semantics', () => cf('C:\\dir', RW, 0, OPEN_ALWAYS, FILE_FLAG_BACKUP_SEMANTICS));
c('existing dir, CREATE_NEW', () => cf('C:\\dir', RW, 0, CREATE_NEW));
c('missing file', () => cf('C:\\a', RW, SRW, OPEN_EXISTING));
c('missing dir with backslash', () => cf('C:\\a\\', RW, SRW, OPEN_EXISTING));
c('"c:" without backup semantics', () => cf('c:', RW, SRW, OPEN_EXISTING));
c('"c:" with backup semantics', () => cf('c:', RW, SRW, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS));
c('"c:\\" without backup semantics', () => cf('c:\\', RW, SRW, OPEN_EXISTING));
c('"c:\\" with backup semantics', () => cf('c:\\', RW, SRW, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS));
c('"\\\\?\\c:\\" without backup semantics', () => cf('\\\\?\\c:\\', RW, SRW, OPEN_EXISTING));
{
  const o = open('C:\\dir', GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
  const b = buf(0x1000); const n = { value: 7 };
  c('directory handle: ReadFile', () => err(() => ReadFile(o.h, b, 4, n, null)));
  c('directory handle: GetFileType', () => GetFileType(o.h));
  CloseHandle(o.h);
}

// ---- names [wine-file], [msdn] Naming Files
c('empty name', () => cf('', GENERIC_READ, 0, OPEN_EXISTING));
c('empty name, CREATE_NEW', () => cf('', GENERIC_READ, 0, CREATE_NEW));
c('wildcards c:\\*.*', () => cf('c:\\*.*', GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING));
for (const ch of ['<', '>', '"', '|', '?', '*', ':', '\x01'])
  c('invalid character ' + JSON.stringify(ch), () => cf('C:\\bad' + ch + 'name', GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS));
c('nonexistent device \\\\.\\BOGUS', () => cf('\\\\.\\BOGUS', 0, SRW, OPEN_EXISTING));
c('volume \\\\.\\C:', () => cf('\\\\.\\C:', RW, SRW, OPEN_EXISTING));
c('UNC path', () => cf('\\\\server\\share\\x.txt', GENERIC_READ, 0, OPEN_EXISTING));
c('other drive D:', () => cf('D:\\x.txt', GENERIC_READ, 0, OPEN_EXISTING));
c('other drive D:, CREATE_ALWAYS', () => cf('D:\\x.txt', GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS));
c('file in a missing directory', () => cf('C:\\nodir\\x.txt', GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS));
c('file under a file', () => cf('C:\\data.bin\\x.txt', GENERIC_READ, 0, OPEN_EXISTING));
c('file with a trailing backslash', () => cf('C:\\data.bin\\', GENERIC_READ, 0, OPEN_EXISTING));
c('case-insensitive names', () => cf('c:\\MIXED case\\name.txt', GENERIC_READ, 0, OPEN_EXISTING));
c('forward slashes', () => cf('C:/Mixed Case/Name.TXT', GENERIC_READ, 0, OPEN_EXISTING));
c('relative name (current directory C:\\)', () => cf('data.bin', GENERIC_READ, 0, OPEN_EXISTING));
c('root-relative name', () => cf('\\data.bin', GENERIC_READ, 0, OPEN_EXISTING));
c('drive-relative name', () => cf('C:data.bin', GENERIC_READ, 0, OPEN_EXISTING));
c('trailing dots and spaces dropped', () => cf('C:\\data.bin. .', GENERIC_READ, 0, OPEN_EXISTING));
c('. and .. inside the path', () => cf('C:\\dir\\..\\.\\dir\\..\\data.bin', GENERIC_READ, 0, OPEN_EXISTING));
// ".." stops at the root, as on Windows: these name C:\data.bin, C:\etc\passwd
c('.. above the root stays at the root', () => cf('C:\\..\\..\\..\\data.bin', GENERIC_READ, 0, OPEN_EXISTING));
c('.. escape to a host path', () => cf('C:\\..\\..\\..\\..\\..\\etc\\passwd', GENERIC_READ, 0, OPEN_EXISTING));
c('.. escape, relative', () => cf('..\\..\\..\\etc\\passwd', GENERIC_READ, 0, OPEN_EXISTING));
c('verbatim path with ..', () => cf('\\\\?\\C:\\dir\\..\\data.bin', GENERIC_READ, 0, OPEN_EXISTING));
c('verbatim path', () => cf('\\\\?\\C:\\data.bin', GENERIC_READ, 0, OPEN_EXISTING));
c('link leading out of the workspace', () => cf('C:\\link-out', GENERIC_READ, 0, OPEN_EXISTING));
c('directory link leading out', () => cf('C:\\dirlink-out\\outside.txt', GENERIC_READ, 0, OPEN_EXISTING));
c('directory link leading out, CREATE_ALWAYS', () => cf('C:\\dirlink-out\\planted.txt', GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS));
c('dangling link, OPEN_ALWAYS', () => cf('C:\\dangling', GENERIC_READ | GENERIC_WRITE, 0, OPEN_ALWAYS));
c('link inside the workspace', () => cf('C:\\link-in', GENERIC_READ, 0, OPEN_EXISTING));
c('long component (256 characters)', () => cf('C:\\' + 'x'.repeat(256), GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS));

`,
  );

  // [wine-file] test_CreateFileA/W: CREATE_NEW on an existing file fails with ERROR_FILE_EXISTS;
  // CREATE_ALWAYS and OPEN_ALWAYS on one succeed with ERROR_ALREADY_EXISTS; OPEN_ALWAYS creating
  // succeeds with 0. [ros] every other success sets 0.
  it('dispositions set the last error as Windows does', () => {
    expect(r.get('OPEN_EXISTING, missing')).toEqual([-1, F.ERROR_FILE_NOT_FOUND]);
    expect(r.get('TRUNCATE_EXISTING, missing')).toEqual([-1, F.ERROR_FILE_NOT_FOUND]);
    expect(r.get('CREATE_NEW, missing')).toEqual([H, 0]);
    expect(r.get('CREATE_NEW, existing')).toEqual([-1, F.ERROR_FILE_EXISTS]);
    expect(r.get('OPEN_EXISTING, existing')).toEqual([H, 0]);
    expect(r.get('OPEN_ALWAYS, existing')).toEqual([H, F.ERROR_ALREADY_EXISTS]);
    expect(r.get('CREATE_ALWAYS, existing')).toEqual([H, F.ERROR_ALREADY_EXISTS]);
    expect(r.get('TRUNCATE_EXISTING, existing')).toEqual([H, 0]);
    expect(r.get('OPEN_ALWAYS, missing')).toEqual([H, 0]);
    expect(r.get('CREATE_ALWAYS, missing')).toEqual([H, 0]);
  });

  it('CREATE_ALWAYS and TRUNCATE_EXISTING cut an existing file to 0 bytes', () => {
    expect(r.get('CREATE_ALWAYS, existing: size after')).toBe(0);
    expect(r.get('TRUNCATE_EXISTING, existing: size after')).toBe(0);
    expect(statSync(join(lab.lab.workspace, 'd.bin')).size).toBe(0);
  });

  // [ros] CreateFileW: a disposition outside 1..5 is ERROR_INVALID_PARAMETER; NtCreateFile
  // refuses share bits outside FILE_SHARE_VALID_FLAGS with STATUS_INVALID_PARAMETER.
  it('a bad disposition or share mode is ERROR_INVALID_PARAMETER', () => {
    expect(r.get('disposition 0')).toEqual([-1, F.ERROR_INVALID_PARAMETER]);
    expect(r.get('disposition 6')).toEqual([-1, F.ERROR_INVALID_PARAMETER]);
    expect(r.get('share mode 8')).toEqual([-1, F.ERROR_INVALID_PARAMETER]);
  });

  it('a handle reads only with FILE_READ_DATA and writes only with FILE_WRITE_DATA/FILE_APPEND_DATA', () => {
    // [err, ReadFile 4 bytes, WriteFile 0 bytes, WriteFile 1 byte]
    const denied = [0, F.ERROR_ACCESS_DENIED];
    expect(r.get('access 0: no read, no write')).toEqual([0, denied, denied, denied]);
    expect(r.get('GENERIC_READ: read only')).toEqual([0, [1, 0xdeadbeef], denied, denied]);
    expect(r.get('FILE_READ_DATA: read only')).toEqual([0, [1, 0xdeadbeef], denied, denied]);
    expect(r.get('FILE_READ_ATTRIBUTES only: neither')).toEqual([0, denied, denied, denied]);
    expect(r.get('FILE_EXECUTE: neither')).toEqual([0, denied, denied, denied]);
    expect(r.get('GENERIC_ALL opens')).toEqual([H, 0]);
    expect(r.get('MAXIMUM_ALLOWED opens')).toEqual([H, 0]);
  });

  // [wine-file] test__lcreat: a read-only file cannot be deleted (ERROR_ACCESS_DENIED) and
  // refuses DELETE_ON_CLOSE (STATUS_ACCESS_DENIED / STATUS_CANNOT_DELETE); writing needs
  // FILE_WRITE_DATA, which the read-only attribute denies.
  it('a read-only file opens for reading only', () => {
    expect(r.get('read-only file, GENERIC_READ')).toEqual([H, 0]);
    expect(r.get('read-only file, GENERIC_WRITE')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('read-only file, FILE_APPEND_DATA')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('read-only file, FILE_WRITE_ATTRIBUTES')).toEqual([H, 0]);
    expect(r.get('read-only file, CREATE_ALWAYS')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('read-only file, TRUNCATE_EXISTING')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('read-only file, DELETE_ON_CLOSE')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('read-only file, MAXIMUM_ALLOWED opens')).toEqual([H, 0]);
    expect(r.get('read-only file, DeleteFile')).toEqual([0, F.ERROR_ACCESS_DENIED]);
    expect(readFileSync(join(lab.lab.workspace, 'ro.txt'), 'utf8')).toBe('read only');
  });

  // [wine-file] test__lcreat: _lcreat(name, 1) creates a read-only file and writes through its handle.
  it('FILE_ATTRIBUTE_READONLY makes a read-only file that its creator may still write', () => {
    expect(r.get('create read-only: the creating handle writes')).toEqual([0, 1, 3]);
    expect(r.get('create read-only: a later write open fails')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(readFileSync(join(lab.lab.workspace, 'new-ro.txt'), 'utf8')).toBe('xyz');
    expect(statSync(join(lab.lab.workspace, 'new-ro.txt')).mode & 0o222).toBe(0);
  });

  // [wine-file] test_CreateFileA: the table of p[] entries (ERROR_SUCCESS means a handle).
  it('directories open only with FILE_FLAG_BACKUP_SEMANTICS', () => {
    expect(r.get('existing dir without backup semantics')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('existing dir with trailing backslash')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('existing dir, FILE_FLAG_BACKUP_SEMANTICS')).toEqual([H, 0]);
    expect(r.get('existing dir with backslash, FILE_FLAG_BACKUP_SEMANTICS')).toEqual([H, 0]);
    // [wine-file] test_CreateFileW: OPEN_ALWAYS with backup semantics on an existing directory succeeds.
    expect(r.get('existing dir, OPEN_ALWAYS with backup semantics')).toEqual([H, F.ERROR_ALREADY_EXISTS]);
    expect(r.get('existing dir, CREATE_NEW')).toEqual([-1, F.ERROR_FILE_EXISTS]);
    expect(r.get('missing file')).toEqual([-1, F.ERROR_FILE_NOT_FOUND]);
    expect(r.get('missing dir with backslash')).toEqual([-1, F.ERROR_FILE_NOT_FOUND]);
    expect(r.get('"c:" without backup semantics')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('"c:" with backup semantics')).toEqual([H, 0]);
    expect(r.get('"c:\\" without backup semantics')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('"c:\\" with backup semantics')).toEqual([H, 0]);
    expect(r.get('"\\\\?\\c:\\" without backup semantics')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
  });

  // NtReadFile on a directory: STATUS_INVALID_DEVICE_REQUEST -> ERROR_INVALID_FUNCTION.
  it('a directory handle has no data but is a disk file', () => {
    expect(r.get('directory handle: ReadFile')).toEqual([0, F.ERROR_INVALID_FUNCTION]);
    expect(r.get('directory handle: GetFileType')).toBe(F.FILE_TYPE_DISK);
  });

  it('bad names fail as on Windows', () => {
    // [wine-file] test_CreateFileW / [ros]: "" is ERROR_PATH_NOT_FOUND.
    expect(r.get('empty name')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('empty name, CREATE_NEW')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
    // [wine-file] test_CreateFileA: "c:\*.*" is ERROR_INVALID_NAME.
    expect(r.get('wildcards c:\\*.*')).toEqual([-1, F.ERROR_INVALID_NAME]);
    // [msdn] Naming Files: < > : " / \ | ? * and 1-31 are reserved characters.
    for (const ch of ['<', '>', '"', '|', '?', '*', ':', '\x01'])
      expect(r.get('invalid character ' + JSON.stringify(ch))).toEqual([-1, F.ERROR_INVALID_NAME]);
    // [wine-file] test_CreateFileW: a nonexistent driver name is ERROR_FILE_NOT_FOUND.
    expect(r.get('nonexistent device \\\\.\\BOGUS')).toEqual([-1, F.ERROR_FILE_NOT_FOUND]);
    // [wine-file] test_CreateFileA: a volume needs administrator rights ("no authority" = ERROR_ACCESS_DENIED).
    expect(r.get('volume \\\\.\\C:')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('UNC path')).toEqual([-1, F.ERROR_BAD_NETPATH]);
    expect(r.get('other drive D:')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('other drive D:, CREATE_ALWAYS')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('file in a missing directory')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('file under a file')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('file with a trailing backslash')).toEqual([-1, F.ERROR_INVALID_NAME]);
    expect(r.get('long component (256 characters)')).toEqual([-1, F.ERROR_INVALID_NAME]);
  });

  it('names resolve as Win32 resolves them: case-insensitive, relative to C:\\, dots and spaces trimmed', () => {
    for (const name of [
      'case-insensitive names',
      'forward slashes',
      'relative name (current directory C:\\)',
      'root-relative name',
      'drive-relative name',
      'trailing dots and spaces dropped',
      '. and .. inside the path',
      'verbatim path',
      'link inside the workspace',
    ])
      expect([name, r.get(name)]).toEqual([name, [H, 0]]);
  });

  it('nothing outside the workspace can be named', () => {
    // ".." is resolved textually and stops at C:\ (RtlGetFullPathName_U), so it cannot climb out.
    expect(r.get('.. above the root stays at the root')).toEqual([H, 0]);
    expect(r.get('.. escape to a host path')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
    expect(r.get('.. escape, relative')).toEqual([-1, F.ERROR_PATH_NOT_FOUND]);
    // A \\?\ path is not normalised: ".." is a name NTFS refuses.
    expect(r.get('verbatim path with ..')).toEqual([-1, F.ERROR_INVALID_NAME]);
    // Host links that lead out (or dangle, so that creating through them would) are refused.
    expect(r.get('link leading out of the workspace')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('directory link leading out')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('directory link leading out, CREATE_ALWAYS')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(r.get('dangling link, OPEN_ALWAYS')).toEqual([-1, F.ERROR_ACCESS_DENIED]);
    expect(() => statSync(join(lab.lab.root, 'planted.txt'))).toThrow();
    expect(() => statSync(join(lab.lab.root, 'no-such-file'))).toThrow();
    expect(readFileSync(join(lab.lab.root, 'outside.txt'), 'utf8')).toBe('secret');
  });
});
