/**
 * Conformance: WaitForSingleObject and WaitForMultipleObjects as real Windows runs them.
 *
 * Sources, cited above each case:
 *   [wine-k32]  Wine dlls/kernel32/tests/sync.c test_WaitForSingleObject,
 *               test_WaitForMultipleObjects, test_signalandwait (real Windows; todo_wine
 *               marks Windows behaviour Wine lacks)
 *   [wrk]       NT's ObpWaitForMultipleObjects (obwait.c): count 0 or above
 *               MAXIMUM_WAIT_OBJECTS is STATUS_INVALID_PARAMETER_1, a handle without
 *               SYNCHRONIZE STATUS_ACCESS_DENIED, one object twice in a wait-all
 *               STATUS_INVALID_PARAMETER_MIX (ERROR_INVALID_PARAMETER)
 *   [msdn]      Microsoft docs for WaitForMultipleObjects
 */
import { describe, expect, it } from 'vitest';
import { useLab } from './cases.js';
import { familyOn } from './sync-cases.js';
import { S } from './sync-values.js';

describe('waits', () => {
  const lab = useLab({ profile: 'x86' });

  describe('one process', () => {
    const r = familyOn(
      lab,
      `
const signaled = CreateEvent(null, 1, 1, null);
const nonsignaled = CreateEvent(null, 1, 0, null);
c('invalid handle, low bits 0..3', () => [0, 1, 2, 3].map((b) => err(() => WaitForSingleObject((0xdeadbee0 | b) >>> 0, 0))));
c('nonsignaled, low bits 0..3', () => [0, 1, 2, 3].map((b) => err(() => WaitForSingleObject(nonsignaled | b, 0))));
c('signaled, low bits 0..3', () => [0, 1, 2, 3].map((b) => err(() => WaitForSingleObject(signaled | b, 0))));
c('NULL handle', () => err(() => WaitForSingleObject(0, 0)));
c('current process pseudo handle', () => WaitForSingleObject(GetCurrentProcess(), 100));
c('current thread pseudo handle', () => WaitForSingleObject(GetCurrentThread(), 100));
c('timeout length', () => { const t0 = GetTickCount(); const w = WaitForSingleObject(nonsignaled, 300); const dt = GetTickCount() - t0; return [w, dt >= 280, dt < 5000]; });

// [wine-k32] test_WaitForMultipleObjects: 64 signaled events, #0 manual-reset, the rest auto-reset.
const maxevents: number[] = [];
for (let i = 0; i < MAXIMUM_WAIT_OBJECTS; i++) maxevents.push(CreateEvent(null, i === 0 ? 1 : 0, 1, null));
c('wait-any: lowest index first', () => [WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, maxevents, 0, 0), WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, maxevents, 0, 0)]);
ResetEvent(maxevents[0]);
c('wait-any: then each in turn', () => { const got = []; for (let i = 1; i < MAXIMUM_WAIT_OBJECTS; i++) got.push(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, maxevents, 0, 0)); return got; });
c('wait-any: all consumed', () => WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, maxevents, 0, 0));
c('65 handles', () => err(() => WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, [...maxevents, signaled], 0, 0)));
c('0 handles', () => err(() => WaitForMultipleObjects(0, [], 0, 0)));
c('array shorter than nCount', () => err(() => WaitForMultipleObjects(3, [signaled], 0, 0)));
for (const h of maxevents) CloseHandle(h);
c('pseudo handles are refused', () => [err(() => WaitForMultipleObjects(1, [GetCurrentProcess()], 0, 100)), err(() => WaitForMultipleObjects(1, [GetCurrentThread()], 0, 100))]);
c('one invalid handle among valid ones', () => err(() => WaitForMultipleObjects(2, [signaled, 0xdeadbee0], 0, 0)));
c('a handle without SYNCHRONIZE', () => { const n = CreateEvent(null, 1, 1, 'wait: nosync'); const h = OpenEvent(EVENT_MODIFY_STATE, 0, 'wait: nosync'); const r = err(() => WaitForMultipleObjects(2, [signaled, h], 0, 0)); CloseHandle(h); CloseHandle(n); return r; });

// Wait-all: nothing is taken unless everything can be.
const a = CreateEvent(null, 0, 1, null);
const b = CreateEvent(null, 0, 0, null);
c('wait-all, one not signaled: times out', () => WaitForMultipleObjects(2, [a, b], 1, 0));
c('wait-all took nothing', () => WaitForSingleObject(a, 0));
SetEvent(a); SetEvent(b);
c('wait-all, both signaled', () => WaitForMultipleObjects(2, [a, b], 1, 0));
c('wait-all reset both auto-reset events', () => [WaitForSingleObject(a, 0), WaitForSingleObject(b, 0)]);
const sem = CreateSemaphore(null, 1, 5, null);
const mtx = CreateMutex(null, 0, null);
c('wait-all on semaphore + mutex + manual event', () => WaitForMultipleObjects(3, [sem, mtx, signaled], 1, 0));
c('wait-all took one count and the mutex', () => { const prev = out(); ReleaseSemaphore(sem, 1, prev); return [prev.value, ReleaseMutex(mtx), WaitForSingleObject(signaled, 0)]; });
c('wait-all with the same handle twice', () => err(() => WaitForMultipleObjects(2, [a, a], 1, 0)));
c('wait-all with the same object through two handles', () => { const d = out(); DuplicateHandle(GetCurrentProcess(), signaled, GetCurrentProcess(), d, 0, 0, DUPLICATE_SAME_ACCESS); const r = err(() => WaitForMultipleObjects(2, [signaled, d.value], 1, 0)); CloseHandle(d.value); return r; });
c('wait-any with the same handle twice', () => err(() => WaitForMultipleObjects(2, [signaled, signaled], 0, 0)));
c('wait-all timeout length', () => { const t0 = GetTickCount(); const w = WaitForMultipleObjects(2, [signaled, nonsignaled], 1, 200); return [w, GetTickCount() - t0 >= 180]; });
c('wait-any: a mutex owned by the caller is signaled for it', () => { WaitForSingleObject(mtx, 0); const w = WaitForMultipleObjects(2, [nonsignaled, mtx], 0, 0); return [w, ReleaseMutex(mtx), ReleaseMutex(mtx), ...err(() => ReleaseMutex(mtx))]; });
`,
    );

    // [wine-k32] test_WaitForSingleObject: the low two bits of a handle are ignored; an invalid handle
    // is WAIT_FAILED with ERROR_INVALID_HANDLE; successful waits leave the last error alone.
    it('handle values and their tag bits', () => {
      expect(r.get('invalid handle, low bits 0..3')).toEqual(Array(4).fill([S.WAIT_FAILED, S.ERROR_INVALID_HANDLE]));
      expect(r.get('nonsignaled, low bits 0..3')).toEqual(Array(4).fill([S.WAIT_TIMEOUT, 0xdeadbeef]));
      expect(r.get('signaled, low bits 0..3')).toEqual(Array(4).fill([S.WAIT_OBJECT_0, 0xdeadbeef]));
      expect(r.get('NULL handle')).toEqual([S.WAIT_FAILED, S.ERROR_INVALID_HANDLE]);
    });

    // [wine-k32] test_WaitForSingleObject: "pseudo handles are allowed in WaitForSingleObject".
    it('WaitForSingleObject accepts the pseudo handles and times out on them', () => {
      expect(r.get('current process pseudo handle')).toBe(S.WAIT_TIMEOUT);
      expect(r.get('current thread pseudo handle')).toBe(S.WAIT_TIMEOUT);
      expect(r.get('timeout length')).toEqual([S.WAIT_TIMEOUT, true, true]);
    });

    // [wine-k32] test_WaitForMultipleObjects: the lowest signaled index wins; only its object is touched.
    it('wait-any returns the lowest signaled index', () => {
      expect(r.get('wait-any: lowest index first')).toEqual([S.WAIT_OBJECT_0, S.WAIT_OBJECT_0]);
      expect(r.get('wait-any: then each in turn')).toEqual(
        Array.from({ length: 63 }, (_, i) => S.WAIT_OBJECT_0 + i + 1),
      );
      expect(r.get('wait-any: all consumed')).toBe(S.WAIT_TIMEOUT);
    });

    // [wrk] STATUS_INVALID_PARAMETER_1 for 0 or more than 64 handles; [wine-k32] pseudo handles fail
    // with ERROR_INVALID_HANDLE (todo_wine, i.e. Windows's answer); an unreadable array is ERROR_NOACCESS.
    it('bad arguments', () => {
      expect(r.get('65 handles')).toEqual([S.WAIT_FAILED, S.ERROR_INVALID_PARAMETER]);
      expect(r.get('0 handles')).toEqual([S.WAIT_FAILED, S.ERROR_INVALID_PARAMETER]);
      expect(r.get('array shorter than nCount')).toEqual([S.WAIT_FAILED, S.ERROR_NOACCESS]);
      expect(r.get('pseudo handles are refused')).toEqual([
        [S.WAIT_FAILED, S.ERROR_INVALID_HANDLE],
        [S.WAIT_FAILED, S.ERROR_INVALID_HANDLE],
      ]);
      expect(r.get('one invalid handle among valid ones')).toEqual([S.WAIT_FAILED, S.ERROR_INVALID_HANDLE]);
      expect(r.get('a handle without SYNCHRONIZE')).toEqual([S.WAIT_FAILED, S.ERROR_ACCESS_DENIED]);
    });

    // [msdn] bWaitAll: the function returns when all objects are signaled, and modifies their state
    // only then; it does not take some while waiting for the others.
    it('wait-all acquires everything at once or nothing', () => {
      expect(r.get('wait-all, one not signaled: times out')).toBe(S.WAIT_TIMEOUT);
      expect(r.get('wait-all took nothing')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('wait-all, both signaled')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('wait-all reset both auto-reset events')).toEqual([S.WAIT_TIMEOUT, S.WAIT_TIMEOUT]);
      expect(r.get('wait-all on semaphore + mutex + manual event')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('wait-all took one count and the mutex')).toEqual([0, 1, S.WAIT_OBJECT_0]);
      expect(r.get('wait-all timeout length')).toEqual([S.WAIT_TIMEOUT, true]);
    });

    // [wrk] one object twice in a wait-all is STATUS_INVALID_PARAMETER_MIX, also through two handles;
    // a wait-any may name an object twice.
    it('duplicates in wait-all are ERROR_INVALID_PARAMETER', () => {
      expect(r.get('wait-all with the same handle twice')).toEqual([S.WAIT_FAILED, S.ERROR_INVALID_PARAMETER]);
      expect(r.get('wait-all with the same object through two handles')).toEqual([
        S.WAIT_FAILED,
        S.ERROR_INVALID_PARAMETER,
      ]);
      expect(r.get('wait-any with the same handle twice')).toEqual([S.WAIT_OBJECT_0, 0xdeadbeef]);
    });

    it('a mutex its waiter owns satisfies a wait-any and nests', () => {
      expect(r.get('wait-any: a mutex owned by the caller is signaled for it')).toEqual([
        S.WAIT_OBJECT_0 + 1,
        1,
        1,
        0,
        S.ERROR_NOT_OWNER,
      ]);
    });
  });

  describe('across processes', () => {
    const r = familyOn(
      lab,
      `
// A child blocked on an event is released by SetEvent here; its process and thread handles
// become signaled when it exits, together.
const go = CreateEvent(null, 1, 0, 'wait: go');
const back = CreateEvent(null, 0, 0, 'wait: back');
const pi = spawn('wait-child.ts', '', false);
c('child process still running', () => WaitForSingleObject(pi.hProcess, 200));
c('wait-any on [process, back] before anything happens', () => WaitForMultipleObjects(2, [pi.hProcess, back], 0, 100));
SetEvent(go);
c('the child answered', () => WaitForMultipleObjects(2, [pi.hProcess, back], 0, 10000));
c('wait-all on process and thread', () => WaitForMultipleObjects(2, [pi.hProcess, pi.hThread], 1, 10000));
c('both stay signaled', () => [WaitForSingleObject(pi.hProcess, 0), WaitForSingleObject(pi.hThread, 0)]);
CloseHandle(pi.hProcess); CloseHandle(pi.hThread);

// PulseEvent releases the waiters parked now: all of them for a manual-reset event.
const pulse = CreateEvent(null, 1, 0, 'wait: pulse');
const ready = CreateSemaphore(null, 0, 2, 'wait: ready');
const kids = [spawn('wait-pulse.ts', 'x', false), spawn('wait-pulse.ts', 'y', false)];
WaitForSingleObject(ready, 10000); WaitForSingleObject(ready, 10000);
Sleep(300);
c('PulseEvent', () => PulseEvent(pulse));
c('pulsed event is nonsignaled', () => WaitForSingleObject(pulse, 0));
c('both pulse waiters ran', () => WaitForMultipleObjects(2, kids.map((k) => k.hProcess), 1, 10000));

// A waiter killed while blocked leaves nothing behind; the event still works for others.
const never = CreateEvent(null, 0, 0, 'wait: never');
const victim = spawn('wait-victim.ts', '', false);
Sleep(300);
c('terminate a blocked waiter', () => [TerminateProcess(victim.hProcess, 3), WaitForSingleObject(victim.hProcess, 10000)]);
c('the event was not consumed by the dead waiter', () => { SetEvent(never); return WaitForSingleObject(never, 0); });
`,
      {
        'wait-child.ts': `
const go = OpenEvent(SYNCHRONIZE, 0, 'wait: go');
const back = OpenEvent(EVENT_MODIFY_STATE, 0, 'wait: back');
c('child: blocked until go', () => WaitForSingleObject(go, 10000));
SetEvent(back);
Sleep(200);
`,
        'wait-pulse.ts': `
const pulse = OpenEvent(SYNCHRONIZE, 0, 'wait: pulse');
const ready = OpenSemaphore(SEMAPHORE_MODIFY_STATE, 0, 'wait: ready');
ReleaseSemaphore(ready, 1, null);
c('pulse waiter ' + GetCommandLine().split(' ')[1], () => WaitForSingleObject(pulse, 10000));
`,
        'wait-victim.ts': `
const never = OpenEvent(SYNCHRONIZE, 0, 'wait: never');
WaitForSingleObject(never, INFINITE);
c('victim: never here', () => 1);
`,
      },
    );

    it('a blocked wait in another process completes when the event is set', () => {
      expect(r.get('child process still running')).toBe(S.WAIT_TIMEOUT);
      expect(r.get('wait-any on [process, back] before anything happens')).toBe(S.WAIT_TIMEOUT);
      expect(r.get('child: blocked until go')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('the child answered')).toBe(S.WAIT_OBJECT_0 + 1);
    });

    // A process and its thread are distinct objects (not duplicates in a wait-all), signaled at exit.
    it('process and thread handles are signaled when the process ends', () => {
      expect(r.get('wait-all on process and thread')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('both stay signaled')).toEqual([S.WAIT_OBJECT_0, S.WAIT_OBJECT_0]);
    });

    // [msdn] PulseEvent: for a manual-reset event all waiting threads are released, then it is reset.
    it('PulseEvent releases every parked waiter of a manual-reset event', () => {
      expect(r.get('PulseEvent')).toBe(1);
      expect(r.get('pulsed event is nonsignaled')).toBe(S.WAIT_TIMEOUT);
      expect(r.get('both pulse waiters ran')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('pulse waiter x')).toBe(S.WAIT_OBJECT_0);
      expect(r.get('pulse waiter y')).toBe(S.WAIT_OBJECT_0);
    });

    it('terminating a blocked waiter cancels its wait', () => {
      expect(r.get('terminate a blocked waiter')).toEqual([1, S.WAIT_OBJECT_0]);
      expect(r.get('the event was not consumed by the dead waiter')).toBe(S.WAIT_OBJECT_0);
      expect(() => r.get('victim: never here')).toThrow();
    });
  });
});
