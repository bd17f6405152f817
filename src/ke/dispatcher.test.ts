/**
 * Unit tests of the dispatcher objects and the wait engine with a real object manager and
 * real timers: which waiter an event, mutant or semaphore releases, wait-all atomicity,
 * abandonment at process rundown, timeouts, and the references a parked wait holds.
 */
import { describe, expect, it } from 'vitest';
import { PROFILE_LAYOUTS, AddressSpace } from '../mm/address-space.js';
import { MemoryManager } from '../mm/memory-manager.js';
import { PagingFile } from '../mm/paging-file.js';
import type { Blocked, ServiceReply } from '../nt/service.js';
import { ObjectManager } from '../ob/object-manager.js';
import type { KernelObject } from '../ob/object.js';
import { Process } from '../ps/process.js';
import { WAIT_ABANDONED_0, WAIT_OBJECT_0, WAIT_TIMEOUT } from '../win32/constants.js';
import { Event } from './event.js';
import { Mutant } from './mutant.js';
import { Semaphore } from './semaphore.js';
import { longTimer, waitForObjects, type WaitContext } from './wait.js';

function machine() {
  const mm = new MemoryManager(4 << 20, new PagingFile(null, 0), {
    quiescentNow: () => true,
    entries: () => 0,
    requestFlush: () => {},
  });
  const objects = new ObjectManager(mm);
  let rings = 0;
  const k: WaitContext = {
    objects,
    host: {
      setTimer: (ms, fn) => {
        const t = setTimeout(fn, ms);
        return { cancel: () => clearTimeout(t) };
      },
    },
    ring: () => void rings++,
  };
  let pid = 100;
  const process = () => {
    const p = new Process(pid, `p${pid}`, '', new AddressSpace(pid, PROFILE_LAYOUTS.x86, mm.pool32), 0, 0);
    pid += 4;
    p.state = 'running';
    return p;
  };
  const make = <T extends KernelObject>(o: T): T => {
    objects.register(o);
    return o;
  };
  return { k, objects, process, make, rings: () => rings };
}

function parked(r: ServiceReply | Blocked): Blocked {
  if (!('blocked' in r)) throw new Error(`expected a parked wait, got ${JSON.stringify(r)}`);
  return r;
}

describe('waits on dispatcher objects', () => {
  it('an auto-reset event releases the oldest waiter only; a manual one releases all', () => {
    const { k, process, make } = machine();
    const [a, b] = [process(), process()];
    const auto = make(new Event(false, false));
    const wa = parked(waitForObjects(k, a, [auto], false, 0xffffffff));
    const wb = parked(waitForObjects(k, b, [auto], false, 0xffffffff));
    auto.set();
    expect([wa.poll(), wb.poll(), auto.isSignaled()]).toEqual([{ ret: WAIT_OBJECT_0 }, null, false]);
    auto.set();
    expect(wb.poll()).toEqual({ ret: WAIT_OBJECT_0 });

    const manual = make(new Event(true, false));
    const w1 = parked(waitForObjects(k, a, [manual], false, 0xffffffff));
    const w2 = parked(waitForObjects(k, b, [manual], false, 0xffffffff));
    manual.pulse();
    expect([w1.poll(), w2.poll(), manual.isSignaled()]).toEqual([
      { ret: WAIT_OBJECT_0 },
      { ret: WAIT_OBJECT_0 },
      false,
    ]);
    for (const w of [wa, wb, w1, w2]) w.dispose();
  });

  it('wait-all takes nothing until everything is signaled, then everything at once', () => {
    const { k, process, make } = machine();
    const [a, b] = [process(), process()];
    const e1 = make(new Event(false, false));
    const e2 = make(new Event(false, false));
    const all = parked(waitForObjects(k, a, [e1, e2], true, 0xffffffff));
    e1.set();
    expect([all.poll(), e1.isSignaled()]).toEqual([null, true]);
    // Someone waiting on e1 alone takes it meanwhile.
    expect(waitForObjects(k, b, [e1], false, 0)).toEqual({ ret: WAIT_OBJECT_0 });
    e2.set();
    expect([all.poll(), e2.isSignaled()]).toEqual([null, true]);
    e1.set();
    expect([all.poll(), e1.isSignaled(), e2.isSignaled()]).toEqual([{ ret: WAIT_OBJECT_0 }, false, false]);
    all.dispose();
  });

  it('a mutant is recursive for its owner and abandoned at the owner’s rundown', () => {
    const { k, objects, process, make } = machine();
    const [a, b] = [process(), process()];
    const m = make(new Mutant(a));
    expect(waitForObjects(k, a, [m], false, 0)).toEqual({ ret: WAIT_OBJECT_0 });
    expect([m.recursion, m.release(b), m.release(a), m.recursion]).toEqual([2, null, -1, 1]);
    const wb = parked(waitForObjects(k, b, [m], false, 0xffffffff));
    objects.rundown(a);
    expect(wb.poll()).toEqual({ ret: WAIT_ABANDONED_0 });
    expect([m.owner, m.abandoned, m.recursion]).toEqual([b, false, 1]);
    wb.dispose();
    objects.checkInvariants();
  });

  it('a semaphore release lets that many waiters through', () => {
    const { k, process, make } = machine();
    const s = make(new Semaphore(0, 3));
    const ws = [process(), process(), process()].map((p) => parked(waitForObjects(k, p, [s], false, 0xffffffff)));
    expect(s.release(2)).toBe(0);
    expect(ws.map((w) => w.poll())).toEqual([{ ret: WAIT_OBJECT_0 }, { ret: WAIT_OBJECT_0 }, null]);
    expect(s.release(4)).toBeNull();
    for (const w of ws) w.dispose();
  });

  it('a parked wait holds its objects, times out, and lets go', async () => {
    const { k, objects, process, make, rings } = machine();
    const e = make(new Event(true, false));
    const w = parked(waitForObjects(k, process(), [e], false, 20));
    objects.dereference(e); // the handle closes while the wait is parked
    expect(e.refs).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(w.poll()).toEqual({ ret: WAIT_TIMEOUT });
    expect(rings()).toBe(1);
    expect(e.waits.size).toBe(0);
    w.dispose();
    expect([e.refs, objects.objectCount]).toEqual([0, 0]);
  });

  it('the invariant check finds a wait left behind by an exited process', () => {
    const { k, objects, process, make } = machine();
    const p = process();
    const e = make(new Event(true, false));
    const w = parked(waitForObjects(k, p, [e], false, 0xffffffff));
    p.state = 'exited';
    expect(() => objects.checkInvariants()).toThrow(/exited process/);
    w.dispose();
    objects.checkInvariants();
  });

  it('timeouts beyond what a host timer can hold are re-armed in steps', () => {
    const armed: { ms: number; fn: () => void }[] = [];
    const host = { setTimer: (ms: number, fn: () => void) => (armed.push({ ms, fn }), { cancel: () => {} }) };
    let fired = 0;
    longTimer(host, 0xfffffffe, () => fired++);
    armed[0]!.fn();
    expect([armed.map((a) => a.ms), fired]).toEqual([[0x7fffffff, 0x7fffffff], 0]);
    armed[1]!.fn();
    expect(fired).toBe(1);
  });
});
