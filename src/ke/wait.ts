/**
 * Waits: KeWaitForMultipleObjects for the lab. A wait either completes at once or parks
 * the calling process (a Blocked service: its worker sleeps in the kernel, the kernel
 * never blocks) until the objects' state or a timer completes it.
 *
 * Semantics, as NT's dispatcher:
 *   - wait-any: the lowest index whose object is signaled for the waiter satisfies the
 *     wait; only that object's side effect happens (auto-reset, count, ownership). The
 *     result is WAIT_OBJECT_0 + i, or WAIT_ABANDONED_0 + i for an abandoned mutant.
 *   - wait-all: nothing is acquired until every object is signaled for the waiter at the
 *     same moment; then all are acquired at once (atomically: the kernel is one thread).
 *     The result is WAIT_OBJECT_0, or WAIT_ABANDONED_0 if any of them was an abandoned
 *     mutant (KiWaitSatisfyAll leaves STATUS_ABANDONED in the thread's wait status).
 *   - a timeout of 0 only tests; INFINITE never times out; otherwise WAIT_TIMEOUT when
 *     the timer fires first.
 *   - parked waits are woken oldest first, so an auto-reset event or a semaphore count
 *     goes to the longest waiter that can take it.
 * A parked wait holds a reference on every object (closing the handle meanwhile does not
 * free it) and drops them when it ends, satisfied, timed out, or cancelled because the
 * process died.
 */
import type { HostServices, TimerHandle } from '../host/host.js';
import type { Blocked, ServiceReply } from '../nt/service.js';
import type { ObjectManager } from '../ob/object-manager.js';
import type { KernelObject, Wait } from '../ob/object.js';
import { Process } from '../ps/process.js';
import { Thread } from '../ps/thread.js';
import { Event } from './event.js';
import { Mutant } from './mutant.js';
import { Semaphore } from './semaphore.js';
import { INFINITE, WAIT_ABANDONED_0, WAIT_OBJECT_0, WAIT_TIMEOUT } from '../win32/constants.js';

/** What a wait needs from the kernel. */
export interface WaitContext {
  objects: ObjectManager;
  host: Pick<HostServices, 'setTimer'>;
  /** Wakes the dispatch loop so the parked request is answered. */
  ring(): void;
}

/** Node timers cannot span more than 2^31-1 ms; longer timeouts are re-armed in steps. */
const MAX_TIMER_MS = 0x7fffffff;

/** What NT waits on for objects without a dispatcher header: one always-signaled event. */
const DEFAULT_OBJECT = Symbol('ObpDefaultObject');

/**
 * The dispatcher object a wait on `o` really waits on, for wait-all's duplicate check:
 * the object itself for dispatcher objects and files (FILE_OBJECT.Event), NT's single
 * ObpDefaultObject for every other type (so two different sections count as the same).
 */
export function waitIdentity(o: KernelObject): KernelObject | symbol {
  if (
    o instanceof Event ||
    o instanceof Mutant ||
    o instanceof Semaphore ||
    o instanceof Process ||
    o instanceof Thread
  )
    return o;
  return o.typeName === 'File' ? o : DEFAULT_OBJECT;
}

/** The object whose `waits` hear about a state change (a thread is signaled with its process). */
function signalSource(o: KernelObject): KernelObject {
  return o instanceof Thread ? o.process : o;
}

/** Tries to satisfy the wait now; returns the wait status or null if it must keep waiting. */
function trySatisfy(objects: readonly KernelObject[], waitAll: boolean, waiter: Process): number | null {
  if (waitAll) {
    if (!objects.every((o) => o.isSignaledFor(waiter))) return null;
    let abandoned = false;
    for (const o of objects) if (o.satisfyWait(waiter)) abandoned = true;
    return abandoned ? WAIT_ABANDONED_0 : WAIT_OBJECT_0;
  }
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!;
    if (o.isSignaledFor(waiter)) return (o.satisfyWait(waiter) ? WAIT_ABANDONED_0 : WAIT_OBJECT_0) + i;
  }
  return null;
}

/** A timer for any DWORD timeout (host timers stop at 2^31-1 ms; longer ones would fire at once). */
export function longTimer(host: Pick<HostServices, 'setTimer'>, ms: number, fn: () => void): TimerHandle {
  let current: TimerHandle;
  const arm = (left: number) => {
    current = host.setTimer(Math.min(left, MAX_TIMER_MS), () =>
      left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : fn(),
    );
  };
  arm(ms);
  return { cancel: () => current.cancel() };
}

/**
 * Waits for `objects` (already resolved from handles, access-checked, duplicates refused
 * for wait-all) on behalf of `waiter`, for `timeoutMs` (INFINITE = forever).
 */
export function waitForObjects(
  k: WaitContext,
  waiter: Process,
  objects: readonly KernelObject[],
  waitAll: boolean,
  timeoutMs: number,
): ServiceReply | Blocked {
  const now = trySatisfy(objects, waitAll, waiter);
  if (now !== null) return { ret: now };
  if (timeoutMs === 0) return { ret: WAIT_TIMEOUT };

  let result: ServiceReply | null = null;
  let timer: TimerHandle | null = null;
  const sources = [...new Set(objects.map(signalSource))];
  for (const o of objects) k.objects.reference(o);

  const unregister = () => {
    for (const s of sources) s.waits.delete(wait);
    timer?.cancel();
    timer = null;
  };
  const wait: Wait = {
    waiter,
    wake: () => {
      if (result) return true;
      const status = trySatisfy(objects, waitAll, waiter);
      if (status === null) return false;
      result = { ret: status };
      unregister();
      k.ring();
      return true;
    },
  };
  for (const s of sources) s.waits.add(wait);
  if (timeoutMs !== INFINITE) {
    timer = longTimer(k.host, timeoutMs, () => {
      timer = null;
      if (result) return;
      result = { ret: WAIT_TIMEOUT };
      unregister();
      k.ring();
    });
  }
  let disposed = false;
  return {
    blocked: true,
    poll: () => result,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      unregister();
      for (const o of objects) k.objects.dereference(o);
    },
  };
}
