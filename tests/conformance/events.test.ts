/**
 * Conformance: events (CreateEvent, OpenEvent, SetEvent, ResetEvent, PulseEvent) as real
 * Windows runs them.
 *
 * Sources, cited above each case:
 *   [wine-k32]  Wine dlls/kernel32/tests/sync.c (test_event, test_temporary_objects,
 *               test_WaitForMultipleObjects), run on real Windows
 *   [wine-nt]   Wine dlls/ntdll/tests/sync.c test_event (NtSetEvent/NtResetEvent/NtPulseEvent)
 *   [msdn]      Microsoft docs for CreateEventW, SetEvent, ResetEvent, PulseEvent
 */
import { describe, expect, it } from 'vitest';
import { useLab } from './cases.js';
import { familyOn } from './sync-cases.js';
import { S } from './sync-values.js';

describe('events', () => {
  const lab = useLab({ profile: 'x86' });

  const r = familyOn(
    lab,
    `
c('create named', () => err(() => CreateEvent(null, 0, 0, 'evt: Test Event') !== 0));
const h = CreateEvent(null, 0, 0, 'evt: Test Event 2');
c('create existing', () => { const [h2, e] = err(() => CreateEvent(null, 0, 0, 'evt: Test Event 2')); const same = h2 !== 0 && h2 !== h; CloseHandle(h2); return [same, e]; });
c('create other case', () => { const [h2, e] = err(() => CreateEvent(null, 0, 0, 'evt: TEST EVENT 2')); CloseHandle(h2); return [h2 !== 0, e]; });
c('open', () => { const [h2, e] = err(() => OpenEvent(EVENT_ALL_ACCESS, 0, 'evt: Test Event 2')); CloseHandle(h2); return [h2 !== 0, e]; });
c('open other case', () => err(() => OpenEvent(EVENT_ALL_ACCESS, 0, 'evt: TEST EVENT 2')));
c('open NULL name', () => err(() => OpenEvent(EVENT_ALL_ACCESS, 0, null)));
c('open with access 0', () => err(() => OpenEvent(0, 0, 'evt: Test Event 2')));
c('unnamed create', () => err(() => { const x = CreateEvent(null, 1, 1, null); const ok = x !== 0 && x % 4 === 0; CloseHandle(x); return ok; }));
c('empty name creates an unnamed event', () => { const a = CreateEvent(null, 0, 0, ''); const [b, e] = err(() => CreateEvent(null, 0, 0, '')); const r = [a !== 0, b !== 0, a !== b, e]; CloseHandle(a); CloseHandle(b); return r; });
c('open empty name', () => err(() => OpenEvent(EVENT_ALL_ACCESS, 0, '')));
CloseHandle(h);
c('temporary: name gone with the last handle', () => err(() => OpenEvent(READ_CONTROL, 0, 'evt: Test Event 2')));

// Auto-reset and manual-reset semantics.
const auto = CreateEvent(null, 0, 1, null);
c('auto: initially signaled', () => WaitForSingleObject(auto, 0));
c('auto: reset by the wait', () => WaitForSingleObject(auto, 0));
c('auto: SetEvent', () => SetEvent(auto));
c('auto: SetEvent twice', () => SetEvent(auto));
c('auto: one wait after two sets', () => [WaitForSingleObject(auto, 0), WaitForSingleObject(auto, 0)]);
c('auto: PulseEvent with no waiter leaves it nonsignaled', () => { SetEvent(auto); const p = PulseEvent(auto); return [p, WaitForSingleObject(auto, 0)]; });
const manual = CreateEvent(null, 1, 0, null);
c('manual: initially nonsignaled', () => WaitForSingleObject(manual, 0));
c('manual: stays signaled', () => { SetEvent(manual); return [WaitForSingleObject(manual, 0), WaitForSingleObject(manual, 0)]; });
c('manual: ResetEvent', () => [ResetEvent(manual), WaitForSingleObject(manual, 0)]);
c('manual: PulseEvent with no waiter', () => [PulseEvent(manual), WaitForSingleObject(manual, 0)]);
c('manual: a timed wait times out', () => { const t0 = GetTickCount(); const w = WaitForSingleObject(manual, 100); return [w, GetTickCount() - t0 >= 90]; });

// Handles of the wrong type or without the access.
const mutex = CreateMutex(null, 0, null);
c('SetEvent on a mutex', () => err(() => SetEvent(mutex)));
c('ResetEvent on a mutex', () => err(() => ResetEvent(mutex)));
c('PulseEvent on a mutex', () => err(() => PulseEvent(mutex)));
c('SetEvent on NULL', () => err(() => SetEvent(0)));
c('SetEvent on a closed handle', () => { const x = CreateEvent(null, 0, 0, null); CloseHandle(x); return err(() => SetEvent(x)); });
const named = CreateEvent(null, 1, 0, 'evt: access');
const sync = OpenEvent(SYNCHRONIZE, 0, 'evt: access');
c('SetEvent without EVENT_MODIFY_STATE', () => err(() => SetEvent(sync)));
c('wait with only SYNCHRONIZE', () => { SetEvent(named); return err(() => WaitForSingleObject(sync, 0)); });
const modify = OpenEvent(EVENT_MODIFY_STATE, 0, 'evt: access');
c('wait without SYNCHRONIZE', () => err(() => WaitForSingleObject(modify, 0)));
c('ResetEvent with EVENT_MODIFY_STATE', () => err(() => ResetEvent(modify)));
const gen = OpenEvent(GENERIC_WRITE, 0, 'evt: access');
c('GENERIC_WRITE maps to EVENT_MODIFY_STATE', () => [SetEvent(gen), WaitForSingleObject(named, 0)]);
c('GENERIC_WRITE has no SYNCHRONIZE', () => err(() => WaitForSingleObject(gen, 0)));
c('open with an undefined right', () => err(() => OpenEvent(0x4, 0, 'evt: access')));
c('open a mutex name as an event', () => { const m = CreateMutex(null, 0, 'evt: a mutex'); const r = err(() => OpenEvent(EVENT_ALL_ACCESS, 0, 'evt: a mutex')); CloseHandle(m); return r; });
c('create an event on a mutex name', () => { const m = CreateMutex(null, 0, 'evt: a mutex 2'); const r = err(() => CreateEvent(null, 0, 0, 'evt: a mutex 2')); CloseHandle(m); return r; });
`,
  );

  // [wine-k32] test_event: "CreateEvent ... GetLastError() == 0" for a new named event.
  it('a new named event sets last error 0', () => {
    expect(r.get('create named')).toEqual([true, S.ERROR_SUCCESS]);
    expect(r.get('unnamed create')).toEqual([true, S.ERROR_SUCCESS]);
  });

  // [wine-k32] test_event: second CreateEvent of the same name: a handle, ERROR_ALREADY_EXISTS.
  it('creating an existing name opens it with ERROR_ALREADY_EXISTS', () => {
    expect(r.get('create existing')).toEqual([true, S.ERROR_ALREADY_EXISTS]);
  });

  // [wine-k32] test_event: names are case-sensitive for create and open.
  it('names are case-sensitive', () => {
    expect(r.get('create other case')).toEqual([true, S.ERROR_SUCCESS]);
    expect(r.get('open other case')).toEqual([0, S.ERROR_FILE_NOT_FOUND]);
  });

  // [wine-k32] test_event: OpenEvent of the name works; NULL name: ERROR_INVALID_PARAMETER.
  it('OpenEvent finds the name; a NULL name is ERROR_INVALID_PARAMETER', () => {
    expect((r.get('open') as unknown[])[0]).toBe(true);
    expect(r.get('open NULL name')).toEqual([0, S.ERROR_INVALID_PARAMETER]);
  });

  // [wine-k32] test_mutex: Open* with access 0 fails with ERROR_ACCESS_DENIED (same check for every type).
  it('OpenEvent with access 0 is ERROR_ACCESS_DENIED', () => {
    expect(r.get('open with access 0')).toEqual([0, S.ERROR_ACCESS_DENIED]);
    expect(r.get('open with an undefined right')).toEqual([0, S.ERROR_ACCESS_DENIED]);
  });

  // NT: an empty name with kernel32's root directory makes an unnamed object; opening "" opens
  // the directory itself, an object of another type (STATUS_OBJECT_TYPE_MISMATCH).
  it('an empty name is an unnamed event; opening it is ERROR_INVALID_HANDLE', () => {
    expect(r.get('empty name creates an unnamed event')).toEqual([true, true, true, S.ERROR_SUCCESS]);
    expect(r.get('open empty name')).toEqual([0, S.ERROR_INVALID_HANDLE]);
  });

  // [wine-k32] test_temporary_objects: after the last CloseHandle, OpenEvent gives ERROR_FILE_NOT_FOUND.
  it('the name goes with the last handle', () => {
    expect(r.get('temporary: name gone with the last handle')).toEqual([0, S.ERROR_FILE_NOT_FOUND]);
  });

  // [msdn] CreateEvent: auto-reset events reset when a single waiting thread is released.
  it('an auto-reset event releases one wait and resets', () => {
    expect(r.get('auto: initially signaled')).toBe(S.WAIT_OBJECT_0);
    expect(r.get('auto: reset by the wait')).toBe(S.WAIT_TIMEOUT);
    expect(r.get('auto: SetEvent')).toBe(1);
    expect(r.get('auto: SetEvent twice')).toBe(1);
    expect(r.get('auto: one wait after two sets')).toEqual([S.WAIT_OBJECT_0, S.WAIT_TIMEOUT]);
  });

  // [wine-nt] test_event: NtPulseEvent leaves the event nonsignaled.
  it('PulseEvent leaves the event nonsignaled', () => {
    expect(r.get('auto: PulseEvent with no waiter leaves it nonsignaled')).toEqual([1, S.WAIT_TIMEOUT]);
    expect(r.get('manual: PulseEvent with no waiter')).toEqual([1, S.WAIT_TIMEOUT]);
  });

  it('a manual-reset event stays signaled until ResetEvent', () => {
    expect(r.get('manual: initially nonsignaled')).toBe(S.WAIT_TIMEOUT);
    expect(r.get('manual: stays signaled')).toEqual([S.WAIT_OBJECT_0, S.WAIT_OBJECT_0]);
    expect(r.get('manual: ResetEvent')).toEqual([1, S.WAIT_TIMEOUT]);
    expect(r.get('manual: a timed wait times out')).toEqual([S.WAIT_TIMEOUT, true]);
  });

  // NT: NtSetEvent on another type is STATUS_OBJECT_TYPE_MISMATCH → ERROR_INVALID_HANDLE.
  it('event functions on a mutex, NULL or a closed handle fail with ERROR_INVALID_HANDLE', () => {
    for (const name of [
      'SetEvent on a mutex',
      'ResetEvent on a mutex',
      'PulseEvent on a mutex',
      'SetEvent on NULL',
      'SetEvent on a closed handle',
    ])
      expect(r.get(name), name).toEqual([0, S.ERROR_INVALID_HANDLE]);
  });

  // NT: NtSetEvent needs EVENT_MODIFY_STATE, waits need SYNCHRONIZE; generic rights map per type.
  it('access rights are checked per handle', () => {
    expect(r.get('SetEvent without EVENT_MODIFY_STATE')).toEqual([0, S.ERROR_ACCESS_DENIED]);
    expect(r.get('wait with only SYNCHRONIZE')).toEqual([S.WAIT_OBJECT_0, 0xdeadbeef]);
    expect(r.get('wait without SYNCHRONIZE')).toEqual([S.WAIT_FAILED, S.ERROR_ACCESS_DENIED]);
    expect(r.get('ResetEvent with EVENT_MODIFY_STATE')).toEqual([1, 0xdeadbeef]);
    expect(r.get('GENERIC_WRITE maps to EVENT_MODIFY_STATE')).toEqual([1, S.WAIT_OBJECT_0]);
    expect(r.get('GENERIC_WRITE has no SYNCHRONIZE')).toEqual([S.WAIT_FAILED, S.ERROR_ACCESS_DENIED]);
  });

  // [wine-k32] (SPEC S9) a name held by another type: ERROR_INVALID_HANDLE for create and open.
  it('a name held by a mutex is ERROR_INVALID_HANDLE', () => {
    expect(r.get('open a mutex name as an event')).toEqual([0, S.ERROR_INVALID_HANDLE]);
    expect(r.get('create an event on a mutex name')).toEqual([0, S.ERROR_INVALID_HANDLE]);
  });
});
