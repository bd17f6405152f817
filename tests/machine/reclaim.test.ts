/**
 * Reclamation (issue 2, section 4): however a process ends (it returns, its program throws,
 * another process TerminateProcess-es it out of an endless loop, the lab terminates it
 * from outside, or its worker thread is killed under the kernel while a page fault is
 * being served), the kernel gives back every frame, commit charge, address range, pool
 * byte and handle it held. Checked as numbers: the machine's counters and object count
 * are exactly what they were before the process started, and the invariants hold.
 *
 * Every victim first takes resources of every kind: a reservation with committed,
 * touched and locked pages, a second page table, an event (a handle, an object, pool).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LabEvent, ProcessEvent } from '../../src/api/events.js';
import { MiB } from '../../src/api/settings.js';
import type { LabProcess } from '../../src/lab/lab-engine.js';
import { bootTestLab, parseJsonLines, type TestLab } from '../harness.js';
import { kernelOf, machineState, type MachineState } from './machine-state.js';

const TAKE = `
import * as W from 'mmlab/win32';
const { VirtualAlloc, VirtualLock, CreateEvent, SetEvent, GetCommandLine, mem, MEM_RESERVE, MEM_COMMIT, PAGE_READWRITE } = W as any;
const a = VirtualAlloc(0, 8 * 1024 * 1024, MEM_RESERVE, PAGE_READWRITE);
VirtualAlloc(a, 6 * 1024 * 1024, MEM_COMMIT, PAGE_READWRITE);
for (let i = 0; i < 6 * 256; i += 3) mem.setInt32(a + i * 4096, i);
const locked = VirtualLock(a, 4096);
const ev = CreateEvent(null, 1, 0, null);
console.log(JSON.stringify({ took: [a !== 0, locked, ev !== 0] }));
`;

/** Waits until `p` has printed a line containing `text`. */
async function printed(p: LabProcess, text: string): Promise<void> {
  const end = Date.now() + 30_000;
  while (!p.stdout.some((l) => l.includes(text))) {
    if (Date.now() > end)
      throw new Error(`pid ${p.pid} never printed ${text}: ${p.stdout.join('\n')} ${p.stderr.join('\n')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('every way a process ends gives back everything it held', () => {
  let lab: TestLab;
  let before: MachineState;
  const events: LabEvent[] = [];
  const exitEvent = (pid: number) =>
    events.find((e): e is ProcessEvent => e.kind === 'process' && e.what === 'exited' && e.pid === pid);

  beforeAll(async () => {
    lab = await bootTestLab({ ramBytes: 64 * MiB, pagefileBytes: 64 * MiB, profile: 'x86' });
    lab.engine.onEvent((e) => events.push(e));
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  }, 60_000);
  beforeEach(() => {
    before = machineState(lab);
  });
  afterEach(() => {
    lab.checkInvariants();
    expect(machineState(lab)).toEqual(before);
  });

  /** The counters while `p` holds its resources: well away from the baseline. */
  function expectHolding(): void {
    const now = machineState(lab);
    expect(before.commitCharge - now.commitCharge).toBeLessThanOrEqual(-6 * 256);
    expect(now.objects).toBeGreaterThan(before.objects);
    expect(now.liveProcesses).toBeGreaterThan(before.liveProcesses);
  }

  it('a normal exit that freed nothing', async () => {
    const r = await lab.run(TAKE, 'exits.ts');
    expect(r.exitCode).toBe(0);
    expect(r.json).toEqual([{ took: [true, 1, true] }]);
  });

  it('a crash: the program throws an uncaught exception (exit code 1, the stack on stderr)', async () => {
    const r = await lab.run(TAKE + `throw new Error('boom');`, 'crashes.ts');
    expect(r.exitCode).toBe(1);
    expect(r.json).toEqual([{ took: [true, 1, true] }]);
    expect(r.stderr.join('\n')).toContain('Error: boom');
  });

  it('an endless loop ended by TerminateProcess from its parent', async () => {
    writeFileSync(
      join(lab.workspace, 'spin.ts'),
      TAKE + `SetEvent(Number(GetCommandLine().split(' ')[1]));\nfor (;;) {}\n`,
    );
    const parent = await lab.start(
      `
import * as W from 'mmlab/win32';
const { CreateEvent, CreateProcess, WaitForSingleObject, TerminateProcess, GetExitCodeProcess, CloseHandle, GlobalMemoryStatus, MEMORYSTATUS, SECURITY_ATTRIBUTES, STARTUPINFO, PROCESS_INFORMATION } = W as any;
const availPageFile = () => { const m = new MEMORYSTATUS(); GlobalMemoryStatus(m); return m.dwAvailPageFile; };
const sa = new SECURITY_ATTRIBUTES(); sa.bInheritHandle = 1;
const ready = CreateEvent(sa, 1, 0, null);
const pi = new PROCESS_INFORMATION();
const created = CreateProcess(null, 'spin.ts ' + ready, null, null, 1, 0, null, null, new STARTUPINFO(), pi);
const waitReady = WaitForSingleObject(ready, 30000);
console.log(JSON.stringify({ created, waitReady, pid: pi.dwProcessId }));
const before = availPageFile();
const terminated = TerminateProcess(pi.hProcess, 7);
const waitExit = WaitForSingleObject(pi.hProcess, 30000);
const commitBack = availPageFile() - before;
const code = { value: 0 };
GetExitCodeProcess(pi.hProcess, code);
console.log(JSON.stringify({ terminated, waitExit, exitCode: code.value, commitBack: commitBack >= 6 * 1024 * 1024, closed: [CloseHandle(pi.hProcess), CloseHandle(pi.hThread), CloseHandle(ready)] }));
`,
      'parent.ts',
    );
    expect(await parent.exited).toBe(0);
    const out = parseJsonLines(parent.stdout) as Array<Record<string, unknown>>;
    expect(out[0]).toMatchObject({ created: 1, waitReady: 0 });
    // The child's commit came back as soon as the parent's wait on it was satisfied.
    expect(out[1]).toEqual({ terminated: 1, waitExit: 0, exitCode: 7, commitBack: true, closed: [1, 1, 1] });
    const child = exitEvent(out[0]!.pid as number);
    expect(child).toMatchObject({ exitCode: 7, reason: `terminated by process ${parent.pid}` });
  });

  it("an endless loop ended from outside by the engine's terminate()", async () => {
    const p = await lab.start(TAKE + `for (;;) {}\n`, 'spin-outside.ts');
    await printed(p, 'took');
    expectHolding();
    lab.engine.terminate(p.pid, 9);
    expect(await p.exited).toBe(9);
    expect(exitEvent(p.pid)).toMatchObject({ exitCode: 9, reason: 'terminated from the lab' });
  });

  it('a worker thread killed from outside the kernel while the kernel serves its page fault', async () => {
    const k = kernelOf(lab);
    const resolve = k.faults.resolve.bind(k.faults);
    let victim = -1;
    let faultsSeen = 0;
    let killedMidFault = false;
    // The 200th fault after the victim took its resources: kill its thread (as a host would,
    // not through the kernel) while the worker waits for this very fault's reply.
    k.faults.resolve = (as, address, write) => {
      if (as.pid === victim && ++faultsSeen === 200) {
        k.processes.get(victim)!.worker!.terminate();
        killedMidFault = true;
      }
      return resolve(as, address, write);
    };
    try {
      const p = await lab.start(
        TAKE +
          `const b = VirtualAlloc(0, 16 * 1024 * 1024, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);\nfor (let i = 0; ; i = (i + 1) % 4096) mem.setInt32(b + i * 4096, i);\n`,
        'killed.ts',
      );
      await printed(p, 'took');
      expectHolding();
      victim = p.pid;
      const code = await p.exited;
      expect(killedMidFault).toBe(true);
      expect(code).toBe(1);
      expect(exitEvent(p.pid)).toMatchObject({ exitCode: 1, reason: 'the worker thread ended unexpectedly' });
    } finally {
      k.faults.resolve = resolve;
    }
  });
});
