/**
 * Conformance: semaphores (CreateSemaphore, OpenSemaphore, ReleaseSemaphore, waits on them)
 * as real Windows runs them.
 *
 * Sources, cited above each case:
 *   [wine-k32]  Wine dlls/kernel32/tests/sync.c test_semaphore, test_signalandwait,
 *               test_temporary_objects (real Windows)
 *   [wine-nt]   Wine dlls/ntdll/tests/sync.c test_semaphore (NtCreateSemaphore, NtReleaseSemaphore)
 *   [msdn]      Microsoft docs for CreateSemaphoreW, ReleaseSemaphore
 */
import { describe, expect, it } from 'vitest';
import { useLab } from './cases.js';
import { familyOn } from './sync-cases.js';
import { S } from './sync-values.js';

describe('semaphores', () => {
  const lab = useLab({ profile: 'x86' });

  describe('counts, limits and names', () => {
    const r = familyOn(
      lab,
      `
c('initial above maximum', () => err(() => CreateSemaphore(null, 2, 1, 'sem: test')));
c('maximum 0', () => err(() => CreateSemaphore(null, 0, 0, null)));
c('negative initial', () => err(() => CreateSemaphore(null, -1, 1, null)));
c('negative maximum', () => err(() => CreateSemaphore(null, 0, -5, null)));
const s = CreateSemaphore(null, 1, 2, 'sem: test');
c('create', () => s !== 0 && GetLastError() === 0);
c('wait takes the count', () => [WaitForSingleObject(s, 0), WaitForSingleObject(s, 0)]);
c('release past the maximum', () => { const prev = out(); const r = err(() => ReleaseSemaphore(s, 3, prev)); return [...r, prev.value]; });
c('release 1 from 0', () => { const prev = out(); return [ReleaseSemaphore(s, 1, prev), prev.value]; });
c('release 1 from 1', () => { const prev = out(); return [ReleaseSemaphore(s, 1, prev), prev.value]; });
c('release 1 at the maximum', () => { const prev = out(); const r = err(() => ReleaseSemaphore(s, 1, prev)); return [...r, prev.value]; });
c('two waits after filling', () => [WaitForSingleObject(s, 0), WaitForSingleObject(s, 0), WaitForSingleObject(s, 0)]);
c('release 0', () => err(() => ReleaseSemaphore(s, 0, null)));
c('release -1', () => err(() => ReleaseSemaphore(s, -1, null)));
c('release 2 without lpPreviousCount', () => [ReleaseSemaphore(s, 2, null), WaitForSingleObject(s, 0), WaitForSingleObject(s, 0), WaitForSingleObject(s, 0)]);
c('create existing keeps its counts', () => { const [h, e] = err(() => CreateSemaphore(null, 0, 10, 'sem: test')); const prev = out(); const rel = ReleaseSemaphore(h, 2, prev); const over = err(() => ReleaseSemaphore(h, 1, null)); CloseHandle(h); WaitForSingleObject(s, 0); WaitForSingleObject(s, 0); return [e, rel, prev.value, ...over]; });
c('create existing with bad counts', () => err(() => CreateSemaphore(null, 5, 1, 'sem: test')));
c('create other case', () => { const [h, e] = err(() => CreateSemaphore(null, 0, 1, 'sem: TEST')); CloseHandle(h); return [h !== 0, e]; });
c('open', () => { const [h, e] = err(() => OpenSemaphore(SEMAPHORE_ALL_ACCESS, 0, 'sem: test')); CloseHandle(h); return [h !== 0, e]; });
c('open other case', () => err(() => OpenSemaphore(SEMAPHORE_ALL_ACCESS, 0, 'sem: TEST')));
c('open NULL', () => err(() => OpenSemaphore(SEMAPHORE_ALL_ACCESS, 0, null)));
c('release without SEMAPHORE_MODIFY_STATE', () => { const h = OpenSemaphore(SYNCHRONIZE, 0, 'sem: test'); const r = err(() => ReleaseSemaphore(h, 1, null)); CloseHandle(h); return r; });
c('release through GENERIC_WRITE', () => { const h = OpenSemaphore(GENERIC_WRITE, 0, 'sem: test'); const prev = out(); const r = [ReleaseSemaphore(h, 1, prev), prev.value]; CloseHandle(h); WaitForSingleObject(s, 0); return r; });
c('release an event', () => { const e = CreateEvent(null, 0, 0, null); const r = err(() => ReleaseSemaphore(e, 1, null)); CloseHandle(e); return r; });
c('create on an event name', () => { const e = CreateEvent(null, 0, 0, 'sem: an event'); const r = err(() => CreateSemaphore(null, 0, 1, 'sem: an event')); const o = err(() => OpenSemaphore(SEMAPHORE_ALL_ACCESS, 0, 'sem: an event')); CloseHandle(e); return [...r, ...o]; });
CloseHandle(s);
c('temporary', () => err(() => OpenSemaphore(READ_CONTROL, 0, 'sem: test')));
c('large counts', () => { const h = CreateSemaphore(null, 0x7fffffff, 0x7fffffff, null); const r = [h !== 0, WaitForSingleObject(h, 0), ReleaseSemaphore(h, 1, null), ...err(() => ReleaseSemaphore(h, 0x7fffffff, null))]; CloseHandle(h); return r; });
`,
    );

    // [wine-nt] test_semaphore: NtCreateSemaphore(initial 2, maximum 1) is STATUS_INVALID_PARAMETER;
    // [msdn] lMaximumCount must be greater than zero, lInitialCount between 0 and lMaximumCount.
    it('bad counts are ERROR_INVALID_PARAMETER', () => {
      for (const name of ['initial above maximum', 'maximum 0', 'negative initial', 'negative maximum'])
        expect(r.get(name), name).toEqual([0, S.ERROR_INVALID_PARAMETER]);
      expect(r.get('create existing with bad counts')).toEqual([0, S.ERROR_INVALID_PARAMETER]);
    });

    // [wine-nt] test_semaphore: wait takes 1 → 0; release 3 → STATUS_SEMAPHORE_LIMIT_EXCEEDED with the
    // previous count untouched; release 1 → prev 0; release 1 → prev 1; release 1 → limit exceeded.
    it('waits take the count; ReleaseSemaphore adds up to the maximum', () => {
      expect(r.get('create')).toBe(true);
      expect(r.get('wait takes the count')).toEqual([S.WAIT_OBJECT_0, S.WAIT_TIMEOUT]);
      expect(r.get('release past the maximum')).toEqual([0, S.ERROR_TOO_MANY_POSTS, 0xdeadbeef]);
      expect(r.get('release 1 from 0')).toEqual([1, 0]);
      expect(r.get('release 1 from 1')).toEqual([1, 1]);
      expect(r.get('release 1 at the maximum')).toEqual([0, S.ERROR_TOO_MANY_POSTS, 0xdeadbeef]);
      expect(r.get('two waits after filling')).toEqual([S.WAIT_OBJECT_0, S.WAIT_OBJECT_0, S.WAIT_TIMEOUT]);
      expect(r.get('release 2 without lpPreviousCount')).toEqual([1, S.WAIT_OBJECT_0, S.WAIT_OBJECT_0, S.WAIT_TIMEOUT]);
      expect(r.get('large counts')).toEqual([true, S.WAIT_OBJECT_0, 1, 0, S.ERROR_TOO_MANY_POSTS]);
    });

    // NT: NtReleaseSemaphore with ReleaseCount <= 0 is STATUS_INVALID_PARAMETER.
    it('a release count of 0 or less is ERROR_INVALID_PARAMETER', () => {
      expect(r.get('release 0')).toEqual([0, S.ERROR_INVALID_PARAMETER]);
      expect(r.get('release -1')).toEqual([0, S.ERROR_INVALID_PARAMETER]);
    });

    // [wine-k32] test_semaphore; [msdn] an existing semaphore keeps its counts (the new ones are ignored).
    it('names', () => {
      expect(r.get('create existing keeps its counts')).toEqual([
        S.ERROR_ALREADY_EXISTS,
        1,
        0,
        0,
        S.ERROR_TOO_MANY_POSTS,
      ]);
      expect(r.get('create other case')).toEqual([true, S.ERROR_SUCCESS]);
      expect(r.get('open')).toEqual([true, 0xdeadbeef]);
      expect(r.get('open other case')).toEqual([0, S.ERROR_FILE_NOT_FOUND]);
      expect(r.get('open NULL')).toEqual([0, S.ERROR_INVALID_PARAMETER]);
      expect(r.get('temporary')).toEqual([0, S.ERROR_FILE_NOT_FOUND]);
    });

    it('access and types', () => {
      expect(r.get('release without SEMAPHORE_MODIFY_STATE')).toEqual([0, S.ERROR_ACCESS_DENIED]);
      expect(r.get('release through GENERIC_WRITE')).toEqual([1, 0]);
      expect(r.get('release an event')).toEqual([0, S.ERROR_INVALID_HANDLE]);
      expect(r.get('create on an event name')).toEqual([0, S.ERROR_INVALID_HANDLE, 0, S.ERROR_INVALID_HANDLE]);
    });
  });

  describe('two processes: a semaphore as a counted gate', () => {
    // Three children each wait on the semaphore, count how many got in at once with an
    // interlocked counter kept in a second semaphore, and leave.
    const r = familyOn(
      lab,
      `
const gate = CreateSemaphore(null, 0, 2, 'sem: gate');
const done = CreateSemaphore(null, 0, 3, 'sem: done');
const kids = [spawn('sem-child.ts', 'a', false), spawn('sem-child.ts', 'b', false), spawn('sem-child.ts', 'c', false)];
Sleep(300);
c('nobody passed a closed gate', () => WaitForSingleObject(done, 0));
c('open the gate for two', () => { const prev = out(); return [ReleaseSemaphore(gate, 2, prev), prev.value]; });
c('two got through', () => [WaitForSingleObject(done, 5000), WaitForSingleObject(done, 5000), WaitForSingleObject(done, 300)]);
c('the third after one more', () => [ReleaseSemaphore(gate, 1, null), WaitForSingleObject(done, 5000)]);
c('children exit', () => WaitForMultipleObjects(3, kids.map((k) => k.hProcess), 1, 10000));
`,
      {
        'sem-child.ts': `
const gate = OpenSemaphore(SYNCHRONIZE, 0, 'sem: gate');
const done = OpenSemaphore(SEMAPHORE_MODIFY_STATE, 0, 'sem: done');
const w = WaitForSingleObject(gate, 10000);
ReleaseSemaphore(done, 1, null);
c('child ' + GetCommandLine().split(' ')[1], () => w);
`,
      },
    );

    it('each release lets exactly that many waiters through', () => {
      expect(r.get('nobody passed a closed gate')).toBe(S.WAIT_TIMEOUT);
      expect(r.get('open the gate for two')).toEqual([1, 0]);
      expect(r.get('two got through')).toEqual([S.WAIT_OBJECT_0, S.WAIT_OBJECT_0, S.WAIT_TIMEOUT]);
      expect(r.get('the third after one more')).toEqual([1, S.WAIT_OBJECT_0]);
      expect(r.get('children exit')).toBe(S.WAIT_OBJECT_0);
      for (const k of ['a', 'b', 'c']) expect(r.get(`child ${k}`)).toBe(S.WAIT_OBJECT_0);
    });
  });
});
