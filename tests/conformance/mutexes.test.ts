/**
 * Conformance: mutexes (CreateMutex, OpenMutex, ReleaseMutex, waits on them) as real Windows
 * runs them, including abandonment when the owning process ends.
 *
 * Sources, cited above each case:
 *   [wine-k32]  Wine dlls/kernel32/tests/sync.c test_mutex / test_temporary_objects (real Windows)
 *   [wine-nt]   Wine dlls/ntdll/tests/sync.c test_mutant (owned-by-caller counts, abandonment)
 *   [msdn]      Microsoft docs for CreateMutexW, ReleaseMutex, WaitForSingleObject
 */
import { describe, expect, it } from 'vitest';
import { useLab } from './cases.js';
import { familyOn } from './sync-cases.js';
import { S } from './sync-values.js';

describe('mutexes', () => {
  const lab = useLab({ profile: 'x86' });

  describe('ownership, access and names in one process (Wine test_mutex)', () => {
    const r = familyOn(
      lab,
      `
c('open before create', () => err(() => OpenMutex(0, 0, 'WineTestMutex')));
const hCreated = CreateMutex(null, 0, 'WineTestMutex');
c('create', () => hCreated !== 0);
c('open with access 0', () => err(() => OpenMutex(0, 0, 'WineTestMutex')));
c('open GENERIC_EXECUTE and wait', () => { const h = OpenMutex(GENERIC_EXECUTE, 0, 'WineTestMutex'); const w = WaitForSingleObject(h, INFINITE); CloseHandle(h); return [h !== 0, w]; });
c('31 recursive waits', () => { const w = []; for (let i = 0; i < 31; i++) w.push(WaitForSingleObject(hCreated, INFINITE)); return w.every((x) => x === WAIT_OBJECT_0); });
c('GENERIC_READ|GENERIC_WRITE cannot wait', () => { const h = OpenMutex(GENERIC_READ | GENERIC_WRITE, 0, 'WineTestMutex'); const w = err(() => WaitForSingleObject(h, INFINITE)); CloseHandle(h); return [h !== 0, ...w]; });
let failed = 0; const errors: any = {}; const released: boolean[] = [];
for (let i = 0; i < 32; i++) {
  SetLastError(0xdeadbeef);
  const h = OpenMutex((1 << i) >>> 0, 0, 'WineTestMutex');
  if (h) { released.push(ReleaseMutex(h) === 1); CloseHandle(h); }
  else { errors[i] = GetLastError(); ReleaseMutex(hCreated); failed = (failed | (1 << i)) >>> 0; }
}
c('single-bit opens that fail', () => failed);
c('single-bit open errors', () => errors);
c('ReleaseMutex through any handle that opened', () => released.every((x) => x));
c('release once too often', () => err(() => ReleaseMutex(hCreated)));
c('open other case', () => [err(() => OpenMutex(READ_CONTROL, 0, 'WINETESTMUTEX')), err(() => OpenMutex(READ_CONTROL, 0, 'winetestmutex'))]);
c('open NULL', () => err(() => OpenMutex(READ_CONTROL, 0, null)));
c('create existing', () => { const [h, e] = err(() => CreateMutex(null, 0, 'WineTestMutex')); CloseHandle(h); return [h !== 0, e]; });
c('create other case', () => { const [h, e] = err(() => CreateMutex(null, 0, 'WINETESTMUTEX')); CloseHandle(h); return [h !== 0, e]; });
CloseHandle(hCreated);
c('temporary', () => { CloseHandle(CreateMutex(null, 0, 'WineTestMutex2')); return err(() => OpenMutex(READ_CONTROL, 0, 'WineTestMutex2')); });

// [wine-nt] test_mutant: created owned, a wait by the owner nests, two releases free it.
const owned = CreateMutex(null, 1, null);
c('initial owner: wait nests', () => WaitForSingleObject(owned, 1000));
c('initial owner: two releases, third fails', () => [ReleaseMutex(owned), ReleaseMutex(owned), ...err(() => ReleaseMutex(owned))]);
c('free mutex: a wait takes it', () => [WaitForSingleObject(owned, 0), ReleaseMutex(owned)]);
c('existing name ignores bInitialOwner', () => { const a = CreateMutex(null, 0, 'mx: owner'); const b = CreateMutex(null, 1, 'mx: owner'); const r = err(() => ReleaseMutex(b)); CloseHandle(a); CloseHandle(b); return r; });
c('ReleaseMutex on an event', () => { const e = CreateEvent(null, 0, 0, null); const r = err(() => ReleaseMutex(e)); CloseHandle(e); return r; });
c('ReleaseMutex on NULL', () => err(() => ReleaseMutex(0)));
c('closing the owner handle does not release', () => { const m = CreateMutex(null, 1, 'mx: closed owner'); const m2 = OpenMutex(SYNCHRONIZE, 0, 'mx: closed owner'); CloseHandle(m); const r = [ReleaseMutex(m2), ...err(() => ReleaseMutex(m2))]; CloseHandle(m2); return r; });
`,
    );

    // [wine-k32] test_mutex: before creation ERROR_FILE_NOT_FOUND; with access 0 ERROR_ACCESS_DENIED.
    it('OpenMutex: missing name, then access 0', () => {
      expect(r.get('open before create')).toEqual([0, S.ERROR_FILE_NOT_FOUND]);
      expect(r.get('create')).toBe(true);
      expect(r.get('open with access 0')).toEqual([0, S.ERROR_ACCESS_DENIED]);
    });

    // [wine-k32] test_mutex: a GENERIC_EXECUTE handle can wait; GENERIC_READ|GENERIC_WRITE gives no SYNCHRONIZE.
    it('generic rights map to mutant rights', () => {
      expect(r.get('open GENERIC_EXECUTE and wait')).toEqual([true, S.WAIT_OBJECT_0]);
      expect(r.get('GENERIC_READ|GENERIC_WRITE cannot wait')).toEqual([true, S.WAIT_FAILED, S.ERROR_ACCESS_DENIED]);
    });

    // [wine-k32] test_mutex: the owner's waits nest (32 acquisitions need 32 releases).
    it('a mutex is recursive for its owner', () => {
      expect(r.get('31 recursive waits')).toBe(true);
      expect(r.get('release once too often')).toEqual([0, S.ERROR_NOT_OWNER]);
    });

    // [wine-k32] test_mutex: "failed == 0x0de0fffe" (todo_wine: this is Windows's answer, Wine's differs);
    // each failure is ERROR_ACCESS_DENIED, ACCESS_SYSTEM_SECURITY (bit 24) ERROR_PRIVILEGE_NOT_HELD.
    it('OpenMutex accepts exactly the rights a mutant defines', () => {
      expect(r.get('single-bit opens that fail')).toBe(0x0de0fffe);
      const errors = r.get('single-bit open errors') as Record<string, number>;
      for (const [bit, code] of Object.entries(errors))
        expect(code, `bit ${bit}`).toBe(Number(bit) === 24 ? S.ERROR_PRIVILEGE_NOT_HELD : S.ERROR_ACCESS_DENIED);
      expect(r.get('ReleaseMutex through any handle that opened')).toBe(true);
    });

    // [wine-k32] test_mutex: names are case-sensitive; NULL name ERROR_INVALID_PARAMETER;
    // CreateMutex of an existing name ERROR_ALREADY_EXISTS, of the other case 0.
    it('names', () => {
      expect(r.get('open other case')).toEqual([
        [0, S.ERROR_FILE_NOT_FOUND],
        [0, S.ERROR_FILE_NOT_FOUND],
      ]);
      expect(r.get('open NULL')).toEqual([0, S.ERROR_INVALID_PARAMETER]);
      expect(r.get('create existing')).toEqual([true, S.ERROR_ALREADY_EXISTS]);
      expect(r.get('create other case')).toEqual([true, S.ERROR_SUCCESS]);
    });

    // [wine-k32] test_temporary_objects
    it('the name goes with the last handle', () => {
      expect(r.get('temporary')).toEqual([0, S.ERROR_FILE_NOT_FOUND]);
    });

    // [wine-nt] test_mutant: CurrentCount 0 → -1 after the owner's wait; NtReleaseMutant twice, then not owned.
    it('bInitialOwner makes the creator the owner', () => {
      expect(r.get('initial owner: wait nests')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('initial owner: two releases, third fails')).toEqual([1, 1, 0, S.ERROR_NOT_OWNER]);
      expect(r.get('free mutex: a wait takes it')).toEqual([S.WAIT_OBJECT_0, 1]);
    });

    // [msdn] CreateMutex: for an existing named mutex bInitialOwner is ignored.
    it('an existing mutex is not taken by CreateMutex(bInitialOwner)', () => {
      expect(r.get('existing name ignores bInitialOwner')).toEqual([0, S.ERROR_NOT_OWNER]);
    });

    it('ReleaseMutex on another type or NULL is ERROR_INVALID_HANDLE', () => {
      expect(r.get('ReleaseMutex on an event')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('ReleaseMutex on NULL')).toEqual([0, S.ERROR_INVALID_HANDLE]);
    });

    // Ownership belongs to the thread, not the handle: closing a handle releases nothing.
    it('closing the handle the owner used does not release the mutex', () => {
      expect(r.get('closing the owner handle does not release')).toEqual([1, 0, S.ERROR_NOT_OWNER]);
    });
  });

  describe('two processes (exclusion and abandonment)', () => {
    // The child takes the mutex named on its command line, says so with an event, then
    // either releases it, exits holding it, or waits to be terminated holding it.
    const child = `
const [, mode] = GetCommandLine().split(' ');
const m = OpenMutex(SYNCHRONIZE, 0, 'mx: shared');
const taken = OpenEvent(EVENT_MODIFY_STATE, 0, 'mx: taken');
c('child ' + mode + ': wait', () => WaitForSingleObject(m, INFINITE));
SetEvent(taken);
if (mode === 'release') { Sleep(200); c('child release: release', () => ReleaseMutex(m)); }
else if (mode === 'hang') Sleep(INFINITE);
`;
    const r = familyOn(
      lab,
      `
const m = CreateMutex(null, 0, 'mx: shared');
const taken = CreateEvent(null, 0, 0, 'mx: taken');

// 1. The child holds it for 200 ms: a zero wait times out, a blocking wait gets it after the release.
let pi = spawn('mx-child.ts', 'release', false);
WaitForSingleObject(taken, INFINITE);
c('held by the child: zero wait', () => WaitForSingleObject(m, 0));
c('held by the child: ReleaseMutex', () => err(() => ReleaseMutex(m)));
const t0 = GetTickCount();
c('blocking wait until the child releases', () => [WaitForSingleObject(m, 10000), GetTickCount() - t0 >= 100]);
c('released after the blocking wait', () => ReleaseMutex(m));
WaitForSingleObject(pi.hProcess, INFINITE); CloseHandle(pi.hProcess); CloseHandle(pi.hThread);

// 2. The child ends holding it: the next wait is WAIT_ABANDONED and owns the mutex.
pi = spawn('mx-child.ts', 'exit', false);
WaitForSingleObject(pi.hProcess, INFINITE);
c('after the owner exited', () => WaitForSingleObject(m, 0));
c('abandoned then owned', () => [ReleaseMutex(m), WaitForSingleObject(m, 0), ReleaseMutex(m)]);
CloseHandle(pi.hProcess); CloseHandle(pi.hThread);

// 3. The owner is terminated while this process is blocked on the mutex.
ResetEvent(taken); // case 2's child set it too
pi = spawn('mx-child.ts', 'hang', false);
WaitForSingleObject(taken, INFINITE);
const other = spawn('mx-killer.ts', String(pi.dwProcessId), false);
c('blocked wait when the owner is terminated', () => WaitForSingleObject(m, 10000));
ReleaseMutex(m);
WaitForSingleObject(other.hProcess, INFINITE);
c('killed owner exit code', () => { const code = out(); GetExitCodeProcess(pi.hProcess, code); return code.value; });
CloseHandle(pi.hProcess); CloseHandle(pi.hThread); CloseHandle(other.hProcess); CloseHandle(other.hThread);

// 4. Abandonment seen by WaitForMultipleObjects: wait-any gives WAIT_ABANDONED_0 + index.
pi = spawn('mx-child.ts', 'exit2', false);
WaitForSingleObject(pi.hProcess, INFINITE);
const unsignaled = CreateEvent(null, 1, 0, null);
c('wait-any on an abandoned mutex at index 1', () => WaitForMultipleObjects(2, [unsignaled, m], 0, 0));
ReleaseMutex(m);
CloseHandle(pi.hProcess); CloseHandle(pi.hThread);

// 5. ... and wait-all gives WAIT_ABANDONED_0 whatever the index.
pi = spawn('mx-child.ts', 'exit3', false);
WaitForSingleObject(pi.hProcess, INFINITE);
const signaled = CreateEvent(null, 1, 1, null);
c('wait-all with an abandoned mutex at index 1', () => WaitForMultipleObjects(2, [signaled, m], 1, 0));
c('wait-all took the mutex', () => ReleaseMutex(m));
CloseHandle(pi.hProcess); CloseHandle(pi.hThread);
`,
      {
        'mx-child.ts': child,
        'mx-killer.ts': `
const pid = Number(GetCommandLine().split(' ')[1]);
const h = OpenProcess(0x0001 /* PROCESS_TERMINATE */, 0, pid);
Sleep(200);
TerminateProcess(h, 7);
`,
      },
    );

    it('a mutex held by another process excludes this one until released', () => {
      expect(r.get('child release: wait')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('held by the child: zero wait')).toBe(S.WAIT_TIMEOUT);
      expect(r.get('held by the child: ReleaseMutex')).toEqual([0, S.ERROR_NOT_OWNER]);
      expect(r.get('child release: release')).toBe(1);
      expect(r.get('blocking wait until the child releases')).toEqual([S.WAIT_OBJECT_0, true]);
      expect(r.get('released after the blocking wait')).toBe(1);
    });

    // [wine-nt] test_mutant: after the owning thread ends, AbandonedState; the next wait returns
    // WAIT_ABANDONED_0 and the waiter owns the mutant (AbandonedState cleared).
    it('an owner that exits abandons the mutex', () => {
      expect(r.get('child exit: wait')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('after the owner exited')).toBe(S.WAIT_ABANDONED_0);
      expect(r.get('abandoned then owned')).toEqual([1, S.WAIT_OBJECT_0, 1]);
    });

    // [wine-k32] test_mutex: the waiter thread gets WAIT_ABANDONED when the owner thread is terminated.
    it('a blocked waiter gets WAIT_ABANDONED when the owner is terminated', () => {
      expect(r.get('child hang: wait')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('blocked wait when the owner is terminated')).toBe(S.WAIT_ABANDONED_0);
      expect(r.get('killed owner exit code')).toBe(7);
    });

    // [msdn] WaitForMultipleObjects: WAIT_ABANDONED_0 + index for wait-any; for wait-all NT's
    // KiWaitSatisfyAll leaves STATUS_ABANDONED (WAIT_ABANDONED_0) as the status.
    it('abandonment through WaitForMultipleObjects', () => {
      expect(r.get('wait-any on an abandoned mutex at index 1')).toBe(S.WAIT_ABANDONED_0 + 1);
      expect(r.get('wait-all with an abandoned mutex at index 1')).toBe(S.WAIT_ABANDONED_0);
      expect(r.get('wait-all took the mutex')).toBe(1);
    });
  });
});
