/**
 * Conformance: the namespace of named objects — Local\ / Global\ / Session\ prefixes, case,
 * paths, one name per object of one type, the lifetime of a name (NT temporary objects),
 * names shared between processes — and the pool kernel objects take.
 *
 * Sources, cited above each case:
 *   [msdn-ns]   Microsoft, "Kernel object namespaces": a session process uses its session
 *               namespace by default, "Global\" reaches the global one, "Local\" names the
 *               session namespace explicitly; these keywords are case-sensitive
 *   [wine-om]   Wine dlls/ntdll/tests/om.c (real Windows): test_case_sensitive (a directory
 *               spelled in another case without OBJ_CASE_INSENSITIVE: STATUS_OBJECT_PATH_NOT_FOUND),
 *               test_name_collisions (another type: STATUS_OBJECT_TYPE_MISMATCH), get_base_dir
 *               (\BaseNamedObjects\Session\<id> is the session directory)
 *   [wine-k32]  Wine dlls/kernel32/tests/sync.c test_temporary_objects
 *   [ntstatus]  RtlNtStatusToDosError: STATUS_OBJECT_PATH_NOT_FOUND → ERROR_PATH_NOT_FOUND,
 *               STATUS_OBJECT_TYPE_MISMATCH → ERROR_INVALID_HANDLE
 */
import { describe, expect, it } from 'vitest';
import { useLab } from './cases.js';
import { familyOn } from './sync-cases.js';
import { S } from './sync-values.js';

describe('named objects', () => {
  const lab = useLab({ profile: 'x86' });

  describe('prefixes, paths and types', () => {
    const r = familyOn(
      lab,
      `
const local = CreateEvent(null, 1, 0, 'nm');
c('Local\\\\ is the session namespace', () => { const [h, e] = err(() => CreateEvent(null, 1, 0, 'Local\\\\nm')); SetEvent(h); const w = WaitForSingleObject(local, 0); ResetEvent(local); CloseHandle(h); return [e, w]; });
c('Session\\\\1\\\\ is the session namespace', () => { const [h, e] = err(() => OpenEvent(EVENT_ALL_ACCESS, 0, 'Session\\\\1\\\\nm')); CloseHandle(h); return [h !== 0, e]; });
c('Global\\\\ is another namespace', () => { const [h, e] = err(() => CreateEvent(null, 1, 0, 'Global\\\\nm')); return [h !== 0 && h !== local, e, ...err(() => CreateEvent(null, 1, 0, 'Global\\\\nm')).slice(1)]; });
c('Global\\\\ objects are not in the session namespace', () => { const g = CreateEvent(null, 1, 0, 'Global\\\\only-global'); const r = err(() => OpenEvent(EVENT_ALL_ACCESS, 0, 'only-global')); CloseHandle(g); return r; });
c('Global\\\\Global\\\\ is still global', () => { const [h, e] = err(() => OpenEvent(EVENT_ALL_ACCESS, 0, 'Global\\\\Global\\\\nm')); CloseHandle(h); return [h !== 0, e]; });
c('prefixes are case-sensitive', () => [err(() => CreateEvent(null, 1, 0, 'global\\\\nm')), err(() => CreateEvent(null, 1, 0, 'LOCAL\\\\nm')), err(() => OpenEvent(EVENT_ALL_ACCESS, 0, 'local\\\\nm'))]);
c('a backslash names a directory', () => [err(() => CreateEvent(null, 1, 0, 'no-such-dir\\\\x')), err(() => CreateMutex(null, 0, 'no-such-dir\\\\x')), err(() => OpenSemaphore(SEMAPHORE_ALL_ACCESS, 0, 'no-such-dir\\\\x'))]);
c('an object is not a directory', () => err(() => CreateEvent(null, 1, 0, 'nm\\\\x')));
c('a prefix alone names a directory', () => [err(() => CreateEvent(null, 1, 0, 'Global\\\\')), err(() => CreateMutex(null, 0, 'Local')), err(() => OpenEvent(EVENT_ALL_ACCESS, 0, 'Global'))]);
c('forward slashes are ordinary characters', () => { const [h, e] = err(() => CreateEvent(null, 1, 0, 'a/b')); CloseHandle(h); return [h !== 0, e]; });

// One name, one object, one type.
const ev = CreateEvent(null, 0, 0, 'typed');
c('mutex on an event name', () => err(() => CreateMutex(null, 0, 'typed')));
c('semaphore on an event name', () => err(() => CreateSemaphore(null, 0, 1, 'typed')));
c('open an event name as mutex / semaphore', () => [err(() => OpenMutex(MUTEX_ALL_ACCESS, 0, 'typed')), err(() => OpenSemaphore(SEMAPHORE_ALL_ACCESS, 0, 'typed'))]);
c('same name, other namespace, other type', () => { const [h, e] = err(() => CreateMutex(null, 0, 'Global\\\\typed')); CloseHandle(h); return [h !== 0, e]; });
CloseHandle(ev);
c('after the event is gone the name is free for a mutex', () => { const [h, e] = err(() => CreateMutex(null, 0, 'typed')); CloseHandle(h); return [h !== 0, e]; });

// The name lives while any handle does.
const a = CreateEvent(null, 1, 0, 'lifetime');
const b = OpenEvent(SYNCHRONIZE, 0, 'lifetime');
CloseHandle(a);
c('the name survives while a handle remains', () => { const [h, e] = err(() => OpenEvent(SYNCHRONIZE, 0, 'lifetime')); CloseHandle(h); return [h !== 0, e]; });
CloseHandle(b);
c('the name goes with the last handle', () => err(() => OpenEvent(SYNCHRONIZE, 0, 'lifetime')));
c('a new object may take the name again', () => { const [h, e] = err(() => CreateEvent(null, 1, 0, 'lifetime')); CloseHandle(h); return [h !== 0, e]; });
`,
    );

    // [msdn-ns] unprefixed names, "Local\" and "Session\1\" are the session namespace of a session-1 process.
    it('Local\\ and Session\\1\\ name the session namespace', () => {
      expect(r.get('Local\\ is the session namespace')).toEqual([S.ERROR_ALREADY_EXISTS, S.WAIT_OBJECT_0]);
      expect(r.get('Session\\1\\ is the session namespace')).toEqual([true, 0xdeadbeef]);
    });

    // [msdn-ns] "Global\" is the global namespace, separate from the session's.
    it('Global\\ names the global namespace', () => {
      expect(r.get('Global\\ is another namespace')).toEqual([true, S.ERROR_SUCCESS, S.ERROR_ALREADY_EXISTS]);
      expect(r.get('Global\\ objects are not in the session namespace')).toEqual([0, S.ERROR_FILE_NOT_FOUND]);
      expect(r.get('Global\\Global\\ is still global')).toEqual([true, 0xdeadbeef]);
    });

    // [msdn-ns] the keywords are case-sensitive; [wine-om] test_case_sensitive: a directory in the wrong case
    // is STATUS_OBJECT_PATH_NOT_FOUND.
    it('the prefixes are case-sensitive', () => {
      expect(r.get('prefixes are case-sensitive')).toEqual([
        [0, S.ERROR_PATH_NOT_FOUND],
        [0, S.ERROR_PATH_NOT_FOUND],
        [0, S.ERROR_PATH_NOT_FOUND],
      ]);
    });

    // [ntstatus] a missing directory: STATUS_OBJECT_PATH_NOT_FOUND; walking through an event:
    // STATUS_OBJECT_TYPE_MISMATCH; [wine-om] test_name_collisions: a mutant where a directory is,
    // STATUS_OBJECT_TYPE_MISMATCH.
    it('names with backslashes are paths', () => {
      expect(r.get('a backslash names a directory')).toEqual([
        [0, S.ERROR_PATH_NOT_FOUND],
        [0, S.ERROR_PATH_NOT_FOUND],
        [0, S.ERROR_PATH_NOT_FOUND],
      ]);
      expect(r.get('an object is not a directory')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('a prefix alone names a directory')).toEqual([
        [0, S.ERROR_INVALID_HANDLE],
        [0, S.ERROR_INVALID_HANDLE],
        [0, S.ERROR_INVALID_HANDLE],
      ]);
      expect(r.get('forward slashes are ordinary characters')).toEqual([true, S.ERROR_SUCCESS]);
    });

    // (SPEC S9) a name belongs to one object of one type: another type fails with ERROR_INVALID_HANDLE.
    it('a name held by another type', () => {
      expect(r.get('mutex on an event name')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('semaphore on an event name')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('open an event name as mutex / semaphore')).toEqual([
        [0, S.ERROR_INVALID_HANDLE],
        [0, S.ERROR_INVALID_HANDLE],
      ]);
      expect(r.get('same name, other namespace, other type')).toEqual([true, S.ERROR_SUCCESS]);
      expect(r.get('after the event is gone the name is free for a mutex')).toEqual([true, S.ERROR_SUCCESS]);
    });

    // [wine-k32] test_temporary_objects: the name goes with the last handle, not before.
    it('a name lives as long as a handle to its object', () => {
      expect(r.get('the name survives while a handle remains')).toEqual([true, 0xdeadbeef]);
      expect(r.get('the name goes with the last handle')).toEqual([0, S.ERROR_FILE_NOT_FOUND]);
      expect(r.get('a new object may take the name again')).toEqual([true, S.ERROR_SUCCESS]);
    });
  });

  describe('between processes', () => {
    const r = familyOn(
      lab,
      `
// A child opens what this process created: one object (its SetEvent wakes this process).
const ping = CreateEvent(null, 0, 0, 'x: ping');
let pi = spawn('nm-child.ts', 'open', false);
c('the child signaled the shared event', () => WaitForSingleObject(ping, 10000));
WaitForSingleObject(pi.hProcess, INFINITE); CloseHandle(pi.hProcess); CloseHandle(pi.hThread);

// A name created by a child lives while this process holds a handle, and goes with the child
// when nobody else does.
pi = spawn('nm-child.ts', 'create', false);
WaitForSingleObject(pi.hProcess, INFINITE); CloseHandle(pi.hProcess); CloseHandle(pi.hThread);
c('a child-created name dies with the child', () => err(() => OpenEvent(SYNCHRONIZE, 0, 'x: child-made')));
pi = spawn('nm-child.ts', 'create-and-wait', false);
c('open what the child created', () => { let h = 0; for (let i = 0; i < 500 && !h; i++) { h = OpenEvent(SYNCHRONIZE, 0, 'x: child-made'); if (!h) Sleep(10); } return h !== 0; });
const held = OpenEvent(SYNCHRONIZE | EVENT_MODIFY_STATE, 0, 'x: child-made');
SetEvent(OpenEvent(EVENT_MODIFY_STATE, 0, 'x: release-child'));
WaitForSingleObject(pi.hProcess, INFINITE); CloseHandle(pi.hProcess); CloseHandle(pi.hThread);
c('still there after the child exited', () => { const [h, e] = err(() => OpenEvent(SYNCHRONIZE, 0, 'x: child-made')); CloseHandle(h); return [h !== 0, e]; });
`,
      {
        'nm-child.ts': `
const mode = GetCommandLine().split(' ')[1];
if (mode === 'open') { const [h, e] = err(() => OpenEvent(EVENT_MODIFY_STATE, 0, 'x: ping')); c('child: open', () => [h !== 0, e]); SetEvent(h); }
if (mode === 'create') c('child: create', () => err(() => CreateEvent(null, 1, 0, 'x: child-made') !== 0));
if (mode === 'create-and-wait') {
  const release = CreateEvent(null, 1, 0, 'x: release-child');
  CreateEvent(null, 1, 0, 'x: child-made');
  c('child: waited for release', () => WaitForSingleObject(release, 10000));
}
`,
      },
    );

    it('a name opened in another process is the same object', () => {
      expect(r.get('child: open')).toEqual([true, 0xdeadbeef]);
      expect(r.get('the child signaled the shared event')).toBe(S.WAIT_OBJECT_0);
    });

    // Process exit closes every handle of the process, so its temporary names go unless others hold them.
    it('names and process exit', () => {
      expect(r.get('child: create')).toEqual([true, S.ERROR_SUCCESS]);
      expect(r.get('a child-created name dies with the child')).toEqual([0, S.ERROR_FILE_NOT_FOUND]);
      expect(r.get('open what the child created')).toBe(true);
      expect(r.get('child: waited for release')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('still there after the child exited')).toEqual([true, 0xdeadbeef]);
    });
  });

  describe('pool', () => {
    // SPEC section 1: kernel objects take nonpaged pool, so creating objects moves available memory.
    const r = familyOn(
      lab,
      `
const before = gms().dwAvailPhys;
const hs: number[] = [];
for (let i = 0; i < 2048; i++) hs.push(CreateEvent(null, 0, 0, null));
const during = gms().dwAvailPhys;
for (const h of hs) CloseHandle(h);
const after = gms().dwAvailPhys;
c('pool pages taken by 2048 events', () => (before - during) / PG);
c('pool pages given back', () => (after - before) / PG);
`,
    );

    it('2048 events take about 32 pages of pool and give them back', () => {
      // 2048 x 0x40 bytes = 32 pages (an event's body and object header, x86 sizes).
      const taken = r.get('pool pages taken by 2048 events') as number;
      expect(taken).toBeGreaterThanOrEqual(31);
      expect(taken).toBeLessThanOrEqual(40);
      expect(Math.abs(r.get('pool pages given back') as number)).toBeLessThanOrEqual(2);
    });
  });
});
