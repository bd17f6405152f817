/**
 * Conformance: handles — CloseHandle, DuplicateHandle, GetHandleInformation,
 * SetHandleInformation, handle inheritance through CreateProcess — as real Windows runs them.
 *
 * Sources, cited above each case:
 *   [wine-k32]  Wine dlls/kernel32/tests/process.c test_DuplicateHandle (real Windows)
 *   [msdn]      Microsoft docs for CloseHandle, DuplicateHandle, SetHandleInformation,
 *               GetCurrentProcess, CreateProcess (bInheritHandles), "Handle Inheritance"
 *   [nt]        NtClose on a handle protected from close: STATUS_HANDLE_NOT_CLOSABLE
 *               (ERROR_INVALID_HANDLE through RtlNtStatusToDosError)
 */
import { describe, expect, it } from 'vitest';
import { useLab } from './cases.js';
import { familyOn } from './sync-cases.js';
import { S } from './sync-values.js';

describe('handles', () => {
  const lab = useLab({ profile: 'x86' });

  describe('one process', () => {
    const r = familyOn(
      lab,
      `
const evs = [CreateEvent(null, 1, 0, null), CreateEvent(null, 1, 0, null), CreateEvent(null, 1, 0, null)];
c('values are nonzero multiples of 4', () => evs.every((h) => h > 0 && h % 4 === 0) && new Set(evs).size === 3);
c('CloseHandle', () => err(() => CloseHandle(evs[2])));
c('CloseHandle again', () => err(() => CloseHandle(evs[2])));
c('CloseHandle(NULL)', () => err(() => CloseHandle(0)));
c('CloseHandle(INVALID_HANDLE_VALUE) closes nothing', () => err(() => CloseHandle(-1)));
c('CloseHandle(0xdeadbee0)', () => err(() => CloseHandle(0xdeadbee0)));
c('CloseHandle with tag bits', () => { const h = CreateEvent(null, 1, 0, null); return [err(() => CloseHandle(h | 3)), ...err(() => SetEvent(h))]; });

// Handle flags.
const e = evs[0];
c('new handle flags', () => info(e));
c('inheritable handle flags', () => { const h = CreateEvent(sa(true), 1, 0, null); const r = info(h); CloseHandle(h); return r; });
c('set protect', () => [SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE), ...info(e)]);
c('close a protected handle', () => err(() => CloseHandle(e)));
c('a protected handle still works', () => [SetEvent(e), WaitForSingleObject(e, 0)]);
c('mask limits the change', () => [SetHandleInformation(e, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT | 0), ...info(e), SetHandleInformation(e, 0, 0), ...info(e)]);
c('clear both', () => [SetHandleInformation(e, HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE, 0), ...info(e)]);
c('close after clearing', () => err(() => CloseHandle(e)));
c('GetHandleInformation on a closed handle', () => info(e));
c('SetHandleInformation on a closed handle', () => err(() => SetHandleInformation(e, 1, 1)));
c('GetHandleInformation on the process pseudo handle', () => info(GetCurrentProcess()));
c('SetHandleInformation on the process pseudo handle', () => err(() => SetHandleInformation(GetCurrentProcess(), HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT)));
c('CloseHandle(GetCurrentProcess())', () => err(() => CloseHandle(GetCurrentProcess())));
c('CloseHandle(GetCurrentThread())', () => err(() => CloseHandle(GetCurrentThread())));

// [wine-k32] test_DuplicateHandle, with an event where Wine uses a file.
c('dup the process pseudo handle', () => { const o = out(); const ok = DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), o, 0, 0, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE); const r = [ok, ...info(o.value), o.value !== -1 && o.value !== 0xffffffff]; CloseHandle(o.value); return r; });
c('dup the process pseudo handle, inheritable', () => { const o = out(); const ok = DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), o, 0, 1, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE); const r = [ok, ...info(o.value)]; CloseHandle(o.value); return r; });
let f = CreateEvent(null, 1, 0, null);
c('dup with close-source reuses the value', () => { const o = out(); const ok = DuplicateHandle(GetCurrentProcess(), f, GetCurrentProcess(), o, 0, 0, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE); return [ok, o.value === f, ...info(o.value)]; });
c('dup with close-source, inheritable', () => { const o = out(); const ok = DuplicateHandle(GetCurrentProcess(), f, GetCurrentProcess(), o, 0, 1, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE); return [ok, o.value === f, ...info(o.value)]; });
let dupOut = 0;
c('dup a protected handle with close-source', () => { SetHandleInformation(f, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE); const o = out(); const ok = DuplicateHandle(GetCurrentProcess(), f, GetCurrentProcess(), o, 0, 1, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE); dupOut = o.value; return [ok, o.value !== f, ...info(o.value), ...info(f)]; });
SetHandleInformation(f, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0);
c('dup takes back the value just freed', () => { let hi = f, lo = dupOut; if (lo > hi) [hi, lo] = [lo, hi]; CloseHandle(lo); const o = out(); const ok = DuplicateHandle(GetCurrentProcess(), hi, GetCurrentProcess(), o, 0, 1, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE); CloseHandle(o.value); return [ok, o.value === hi]; });

// Access of duplicates.
const named = CreateEvent(null, 1, 0, 'hnd: access');
c('dup with SYNCHRONIZE only', () => { const o = out(); DuplicateHandle(GetCurrentProcess(), named, GetCurrentProcess(), o, SYNCHRONIZE, 0, 0); const r = [err(() => SetEvent(o.value)), WaitForSingleObject(o.value, 0)]; CloseHandle(o.value); return r; });
c('dup with GENERIC_ALL', () => { const o = out(); DuplicateHandle(GetCurrentProcess(), named, GetCurrentProcess(), o, GENERIC_ALL, 0, 0); const r = [SetEvent(o.value), WaitForSingleObject(o.value, 0)]; CloseHandle(o.value); ResetEvent(named); return r; });
c('dup with access 0', () => { const o = out(); const ok = DuplicateHandle(GetCurrentProcess(), named, GetCurrentProcess(), o, 0, 0, 0); const r = [ok, err(() => SetEvent(o.value)), err(() => WaitForSingleObject(o.value, 0))]; CloseHandle(o.value); return r; });
c('same access keeps a narrow handle narrow', () => { const n = OpenEvent(SYNCHRONIZE, 0, 'hnd: access'); const o = out(); DuplicateHandle(GetCurrentProcess(), n, GetCurrentProcess(), o, 0, 0, DUPLICATE_SAME_ACCESS); const r = err(() => SetEvent(o.value)); CloseHandle(o.value); CloseHandle(n); return r; });
c('dup keeps the name alive', () => { const x = CreateEvent(null, 0, 0, 'hnd: name'); const o = out(); DuplicateHandle(GetCurrentProcess(), x, GetCurrentProcess(), o, 0, 0, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE); const y = err(() => OpenEvent(SYNCHRONIZE, 0, 'hnd: name')); CloseHandle(y[0]); CloseHandle(o.value); const z = err(() => OpenEvent(SYNCHRONIZE, 0, 'hnd: name')); return [y[0] !== 0, z]; });

// Bad arguments.
c('dup an invalid source handle', () => err(() => DuplicateHandle(GetCurrentProcess(), 0xdeadbee0, GetCurrentProcess(), out(), 0, 0, DUPLICATE_SAME_ACCESS)));
c('dup from an invalid process handle', () => err(() => DuplicateHandle(0xdeadbee0, named, GetCurrentProcess(), out(), 0, 0, DUPLICATE_SAME_ACCESS)));
c('dup into an event handle', () => err(() => DuplicateHandle(GetCurrentProcess(), named, named, out(), 0, 0, DUPLICATE_SAME_ACCESS)));
c('dup into an invalid process closes the source anyway', () => { const x = CreateEvent(null, 0, 0, null); const r = err(() => DuplicateHandle(GetCurrentProcess(), x, 0xdeadbee0, out(), 0, 0, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)); return [...r, ...info(x)]; });
c('dup with no target process only closes', () => { const x = CreateEvent(null, 0, 0, null); const o = out(); const ok = DuplicateHandle(GetCurrentProcess(), x, 0, o, 0, 0, DUPLICATE_CLOSE_SOURCE); return [ok, o.value, ...info(x)]; });
c('dup with no target and no close', () => { const o = out(); return [...err(() => DuplicateHandle(GetCurrentProcess(), named, 0, o, 0, 0, DUPLICATE_SAME_ACCESS)), o.value]; });
c('dup with a reserved access bit', () => { const o = out(); return [...err(() => DuplicateHandle(GetCurrentProcess(), named, GetCurrentProcess(), o, 0x00200000, 0, 0)), o.value]; });
c('dup asks for rights the type lacks: they are dropped', () => { const o = out(); const ok = DuplicateHandle(GetCurrentProcess(), named, GetCurrentProcess(), o, SYNCHRONIZE | 0x8, 0, 0); const r = [ok, WaitForSingleObject(o.value, 0), ...err(() => SetEvent(o.value))]; CloseHandle(o.value); return r; });
c('DUPLICATE_SAME_ATTRIBUTES copies inherit and protect', () => { const x = CreateEvent(null, 0, 0, null); SetHandleInformation(x, 3, 3); const o = out(); DuplicateHandle(GetCurrentProcess(), x, GetCurrentProcess(), o, 0, 0, DUPLICATE_SAME_ACCESS | DUPLICATE_SAME_ATTRIBUTES); const r = info(o.value); SetHandleInformation(o.value, 3, 0); SetHandleInformation(x, 3, 0); CloseHandle(o.value); CloseHandle(x); return r; });
c('dup through a process handle without PROCESS_DUP_HANDLE', () => { const p = OpenProcess(PROCESS_QUERY_INFORMATION, 0, GetCurrentProcessId()); const r = err(() => DuplicateHandle(p, named, GetCurrentProcess(), out(), 0, 0, DUPLICATE_SAME_ACCESS)); CloseHandle(p); return r; });
c('dup the thread pseudo handle', () => { const o = out(); const ok = DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), o, 0, 0, DUPLICATE_SAME_ACCESS); const r = [ok, WaitForSingleObject(o.value, 0)]; CloseHandle(o.value); return r; });
`,
    );

    it('handle values are distinct nonzero multiples of 4', () => {
      expect(r.get('values are nonzero multiples of 4')).toBe(true);
    });

    // [msdn] CloseHandle: an invalid handle is ERROR_INVALID_HANDLE; [msdn] GetCurrentProcess: closing the
    // pseudo handle has no effect (and succeeds).
    it('CloseHandle', () => {
      expect(r.get('CloseHandle')).toEqual([1, 0xdeadbeef]);
      expect(r.get('CloseHandle again')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('CloseHandle(NULL)')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('CloseHandle(0xdeadbee0)')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('CloseHandle with tag bits')).toEqual([[1, 0xdeadbeef], 0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('CloseHandle(INVALID_HANDLE_VALUE) closes nothing')).toEqual([1, 0xdeadbeef]);
      expect(r.get('CloseHandle(GetCurrentProcess())')).toEqual([1, 0xdeadbeef]);
      expect(r.get('CloseHandle(GetCurrentThread())')).toEqual([1, 0xdeadbeef]);
    });

    // [msdn] SetHandleInformation / HANDLE_FLAG_PROTECT_FROM_CLOSE; [nt] STATUS_HANDLE_NOT_CLOSABLE.
    it('handle flags and protection from close', () => {
      expect(r.get('new handle flags')).toEqual([1, 0]);
      expect(r.get('inheritable handle flags')).toEqual([1, S.HANDLE_FLAG_INHERIT]);
      expect(r.get('set protect')).toEqual([1, 1, S.HANDLE_FLAG_PROTECT_FROM_CLOSE]);
      expect(r.get('close a protected handle')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('a protected handle still works')).toEqual([1, S.WAIT_OBJECT_0]);
      expect(r.get('mask limits the change')).toEqual([1, 1, 3, 1, 1, 3]);
      expect(r.get('clear both')).toEqual([1, 1, 0]);
      expect(r.get('close after clearing')).toEqual([1, 0xdeadbeef]);
      expect(r.get('GetHandleInformation on a closed handle')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('SetHandleInformation on a closed handle')).toEqual([0, S.ERROR_INVALID_HANDLE]);
    });

    // The pseudo handle has no table entry: no flags to read, none to set (NtSetInformationObject fails).
    it('handle information of a pseudo handle', () => {
      expect(r.get('GetHandleInformation on the process pseudo handle')).toEqual([1, 0]);
      expect(r.get('SetHandleInformation on the process pseudo handle')).toEqual([0, S.ERROR_ACCESS_DENIED]);
    });

    // [wine-k32] test_DuplicateHandle: duplicating GetCurrentProcess() gives a real handle with flags 0
    // (or HANDLE_FLAG_INHERIT); with DUPLICATE_CLOSE_SOURCE in one process the value comes back the same;
    // a protected source stays open and the duplicate gets a new value without the protection; after
    // closing a lower handle, the duplicate still takes the value its source freed.
    it('DuplicateHandle as Wine records it on Windows', () => {
      expect(r.get('dup the process pseudo handle')).toEqual([1, 1, 0, true]);
      expect(r.get('dup the process pseudo handle, inheritable')).toEqual([1, 1, S.HANDLE_FLAG_INHERIT]);
      expect(r.get('dup with close-source reuses the value')).toEqual([1, true, 1, 0]);
      expect(r.get('dup with close-source, inheritable')).toEqual([1, true, 1, S.HANDLE_FLAG_INHERIT]);
      expect(r.get('dup a protected handle with close-source')).toEqual([
        1,
        true,
        1,
        S.HANDLE_FLAG_INHERIT,
        1,
        S.HANDLE_FLAG_INHERIT | S.HANDLE_FLAG_PROTECT_FROM_CLOSE,
      ]);
      expect(r.get('dup takes back the value just freed')).toEqual([1, true]);
    });

    // [msdn] DuplicateHandle: dwDesiredAccess unless DUPLICATE_SAME_ACCESS (generic rights mapped);
    // [wrk] ObDuplicateObject keeps only the rights the type defines, and counts the new handle before
    // closing the source, so a named object duplicated with DUPLICATE_CLOSE_SOURCE keeps its name.
    it('the access of a duplicate', () => {
      expect(r.get('dup with SYNCHRONIZE only')).toEqual([[0, S.ERROR_ACCESS_DENIED], S.WAIT_TIMEOUT]);
      expect(r.get('dup with GENERIC_ALL')).toEqual([1, S.WAIT_OBJECT_0]);
      expect(r.get('dup with access 0')).toEqual([
        1,
        [0, S.ERROR_ACCESS_DENIED],
        [S.WAIT_FAILED, S.ERROR_ACCESS_DENIED],
      ]);
      expect(r.get('same access keeps a narrow handle narrow')).toEqual([0, S.ERROR_ACCESS_DENIED]);
      expect(r.get('dup keeps the name alive')).toEqual([true, [0, S.ERROR_FILE_NOT_FOUND]]);
      expect(r.get('dup asks for rights the type lacks: they are dropped')).toEqual([
        1,
        S.WAIT_TIMEOUT,
        0,
        S.ERROR_ACCESS_DENIED,
      ]);
      expect(r.get('DUPLICATE_SAME_ATTRIBUTES copies inherit and protect')).toEqual([
        1,
        S.HANDLE_FLAG_INHERIT | S.HANDLE_FLAG_PROTECT_FROM_CLOSE,
      ]);
    });

    // [msdn] DuplicateHandle: DUPLICATE_CLOSE_SOURCE closes the source "regardless of any error status".
    // [wrk] ObDuplicateObject: no target process without DUPLICATE_CLOSE_SOURCE is STATUS_INVALID_PARAMETER;
    // reserved access bits (ObpValidateDesiredAccess) STATUS_ACCESS_DENIED; *TargetHandle is NULL on failure.
    it('DuplicateHandle failures', () => {
      expect(r.get('dup an invalid source handle')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('dup from an invalid process handle')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('dup into an event handle')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('dup into an invalid process closes the source anyway')).toEqual([
        0,
        S.ERROR_INVALID_HANDLE,
        0,
        S.ERROR_INVALID_HANDLE,
      ]);
      expect(r.get('dup with no target process only closes')).toEqual([1, 0, 0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('dup with no target and no close')).toEqual([0, S.ERROR_INVALID_PARAMETER, 0]);
      expect(r.get('dup with a reserved access bit')).toEqual([0, S.ERROR_ACCESS_DENIED, 0]);
      expect(r.get('dup through a process handle without PROCESS_DUP_HANDLE')).toEqual([0, S.ERROR_ACCESS_DENIED]);
      expect(r.get('dup the thread pseudo handle')).toEqual([1, S.WAIT_TIMEOUT]);
    });
  });

  describe('inheritance and duplication into a child', () => {
    const r = familyOn(
      lab,
      `
const inh = CreateEvent(sa(true), 1, 0, null);
const noinh = CreateEvent(null, 1, 0, null);
const later = CreateEvent(null, 1, 0, null);
SetHandleInformation(later, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
const narrow = OpenEvent(SYNCHRONIZE, 1, (() => { CreateEvent(null, 1, 0, 'inh: narrow'); return 'inh: narrow'; })());
c('parent values', () => [inh, noinh, later, narrow]);

// bInheritHandles TRUE: the child gets the inheritable handles at the same values.
let pi = spawn('inh-child.ts', [inh, noinh, later, narrow].join(' '), true);
c('child exit (inherit)', () => { WaitForSingleObject(pi.hProcess, INFINITE); const code = out(); GetExitCodeProcess(pi.hProcess, code); return code.value; });
c('the child signaled the inherited events', () => [WaitForSingleObject(inh, 0), WaitForSingleObject(later, 0), WaitForSingleObject(noinh, 0)]);
CloseHandle(pi.hProcess); CloseHandle(pi.hThread);
ResetEvent(inh); ResetEvent(later);

// bInheritHandles FALSE: nothing is inherited.
pi = spawn('inh-none.ts', [inh, later].join(' '), false);
WaitForSingleObject(pi.hProcess, INFINITE);
CloseHandle(pi.hProcess); CloseHandle(pi.hThread);

// DuplicateHandle into a running child: it finds its one handle and signals through it.
const unnamed = CreateEvent(null, 1, 0, null);
pi = spawn('dup-child.ts', '', false);
const o = out();
c('duplicate into the child', () => [DuplicateHandle(GetCurrentProcess(), unnamed, pi.hProcess, o, EVENT_MODIFY_STATE, 0, 0), o.value % 4]);
c('the child set the duplicated event', () => WaitForSingleObject(unnamed, 10000));
WaitForSingleObject(pi.hProcess, INFINITE);
c('the child saw the duplicated value', () => o.value);
c('duplicate into an exited child', () => err(() => DuplicateHandle(GetCurrentProcess(), unnamed, pi.hProcess, out(), 0, 0, DUPLICATE_SAME_ACCESS)));
c('duplicate out of an exited child', () => err(() => DuplicateHandle(pi.hProcess, o.value, GetCurrentProcess(), out(), 0, 0, DUPLICATE_SAME_ACCESS)));
CloseHandle(pi.hProcess); CloseHandle(pi.hThread);

// CreateProcess(lpProcessAttributes.bInheritHandle): the process handle itself is inheritable.
const pi2 = new PROCESS_INFORMATION();
CreateProcess(null, 'dup-child.ts', sa(true), null, 0, 0, null, null, new STARTUPINFO(), pi2);
c('hProcess inheritable, hThread not', () => [info(pi2.hProcess), info(pi2.hThread)]);
TerminateProcess(pi2.hProcess, 0); WaitForSingleObject(pi2.hProcess, INFINITE);
CloseHandle(pi2.hProcess); CloseHandle(pi2.hThread);
`,
      {
        'inh-child.ts': `
const [inh, noinh, later, narrow] = GetCommandLine().split(' ').slice(1).map(Number);
c('child: inherited handle', () => info(inh));
c('child: non-inheritable value', () => info(noinh));
c('child: made inheritable later', () => info(later));
c('child: inherited access', () => [err(() => SetEvent(narrow)), WaitForSingleObject(narrow, 0)]);
SetEvent(inh); SetEvent(later);
ExitProcess(42);
`,
        'inh-none.ts': `
const [inh, later] = GetCommandLine().split(' ').slice(1).map(Number);
c('child (no inherit): handles', () => [info(inh), info(later)]);
`,
        'dup-child.ts': `
let found = 0;
for (let round = 0; round < 500 && !found; round++) {
  for (let h = 4; h <= 64 && !found; h += 4) { const f = out(); if (GetHandleInformation(h, f)) found = h; }
  if (!found) Sleep(10);
}
c('dup child: found', () => [found, info(found), err(() => WaitForSingleObject(found, 0))]);
SetEvent(found);
`,
      },
    );

    // [msdn] Handle Inheritance: an inherited handle has the same value and access rights in the child;
    // only handles marked inheritable are inherited, and only when bInheritHandles is TRUE.
    it('inheritable handles reach the child at the same values with the same access', () => {
      const [inh, noinh, later] = r.get('parent values') as number[];
      expect(inh! % 4).toBe(0);
      expect(noinh).not.toBe(inh);
      expect(later).not.toBe(inh);
      expect(r.get('child: inherited handle')).toEqual([1, S.HANDLE_FLAG_INHERIT]);
      expect(r.get('child: made inheritable later')).toEqual([1, S.HANDLE_FLAG_INHERIT]);
      expect(r.get('child: non-inheritable value')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('child: inherited access')).toEqual([[0, S.ERROR_ACCESS_DENIED], S.WAIT_TIMEOUT]);
      expect(r.get('child exit (inherit)')).toBe(42);
      expect(r.get('the child signaled the inherited events')).toEqual([
        S.WAIT_OBJECT_0,
        S.WAIT_OBJECT_0,
        S.WAIT_TIMEOUT,
      ]);
    });

    it('bInheritHandles FALSE passes nothing', () => {
      expect(r.get('child (no inherit): handles')).toEqual([
        [0, S.ERROR_INVALID_HANDLE],
        [0, S.ERROR_INVALID_HANDLE],
      ]);
    });

    // [msdn] DuplicateHandle: the duplicate is valid in the target process, with the access asked for.
    it('a handle duplicated into a child works there', () => {
      expect(r.get('duplicate into the child')).toEqual([1, 0]);
      const v = r.get('the child saw the duplicated value');
      expect(r.get('dup child: found')).toEqual([v, [1, 0], [S.WAIT_FAILED, S.ERROR_ACCESS_DENIED]]);
      expect(r.get('the child set the duplicated event')).toBe(S.WAIT_OBJECT_0);
    });

    // [wrk] ObDuplicateObject: a process whose handle table is gone (exited) neither takes nor gives
    // handles: STATUS_PROCESS_IS_TERMINATING, ERROR_ACCESS_DENIED.
    it('an exited process takes and gives no handles', () => {
      expect(r.get('duplicate into an exited child')).toEqual([0, S.ERROR_ACCESS_DENIED]);
      expect(r.get('duplicate out of an exited child')).toEqual([0, S.ERROR_ACCESS_DENIED]);
    });

    // [msdn] CreateProcess: lpProcessAttributes->bInheritHandle decides whether hProcess is inheritable.
    it('CreateProcess marks hProcess inheritable as asked', () => {
      expect(r.get('hProcess inheritable, hThread not')).toEqual([
        [1, S.HANDLE_FLAG_INHERIT],
        [1, 0],
      ]);
    });
  });
});
