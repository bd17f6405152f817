/**
 * cases.ts: how the conformance suite talks to a lab machine.
 *
 * A conformance program is one emulated process that runs many small cases and prints one
 * JSON line per case, `{"name": ..., "v": ...}`. `runCases` prepends a prelude (below) to the
 * case body, runs it with the harness and hands back the printed values by name, so a test
 * reads `expect(r.get('reserve size 0')).toEqual([0, W.ERROR_INVALID_PARAMETER])`.
 *
 * The prelude gives every program, in the Win32 spelling:
 *   - the functions and structures of 'mmlab/win32' (through a namespace import, so a function
 *     the lab lacks fails only the cases that call it, not the whole program);
 *   - the constants of win32-values.ts as local `const`s (independent of src/win32);
 *   - helpers:
 *       c(name, fn)        run one case; prints fn()'s value, or {thrown: ...} if it threw
 *       err(fn)            SetLastError(0xdeadbeef); [fn(), GetLastError()]
 *       q(addr)            VirtualQuery into a plain object {ret, BaseAddress, ..., Type}
 *       vp(a, n, prot)     VirtualProtect: [1, oldProtect] on success, [0, GetLastError()] on failure
 *       fault(fn)          {ok: fn()} or, if fn raised a memory exception, {code, address, access}
 *       gms() / gmsx()     GlobalMemoryStatus / GlobalMemoryStatusEx as plain objects
 *       pmc()              GetProcessMemoryInfo(GetCurrentProcess()) as a plain object
 *       touch(a, pages, v) write byte v at the start of each of `pages` pages from a
 *
 * A test file declares its machine and programs with the describe-level helpers at the end:
 *
 *   describe('VirtualLock', () => {
 *     const r = labCases({ profile: 'x86' }, `c('lock', () => err(() => VirtualLock(0, 1)));`);
 *     it('...', () => expect(r.get('lock')).toEqual([0, W.ERROR_NOACCESS]));
 *   });
 *
 * or, for several programs on one machine, `const lab = useLab(settings)` and `casesOn(lab, body)` in
 * nested describes. Either way the machine boots before the block's tests, the kernel invariants are
 * checked after every test in it, and the machine shuts down after it.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AddressSpaceProfile } from '../../src/api/settings.js';
import type { LabEngine } from '../../src/lab/lab-engine.js';
import { bootTestLab, type RunResult, type TestLab, type TestSettings } from '../harness.js';
import { ALL_VALUES, PROFILE_BOUNDS, SIZEOF_MBI, SIZEOF_MEMORYSTATUSEX, SIZEOF_PMC } from './win32-values.js';

export type Profile = AddressSpaceProfile;

/** Functions and structures the prelude takes from 'mmlab/win32' (SPEC section 2). */
const IMPORTED = [
  'VirtualAlloc',
  'VirtualFree',
  'VirtualProtect',
  'VirtualQuery',
  'VirtualLock',
  'VirtualUnlock',
  'GetLastError',
  'SetLastError',
  'GetSystemInfo',
  'GlobalMemoryStatus',
  'GlobalMemoryStatusEx',
  'GetProcessMemoryInfo',
  'GetCurrentProcess',
  'SetProcessWorkingSetSize',
  'SYSTEM_INFO',
  'MEMORY_BASIC_INFORMATION',
  'MEMORYSTATUS',
  'MEMORYSTATUSEX',
  'PROCESS_MEMORY_COUNTERS',
  'mem',
] as const;

function hex(n: number): string {
  return '0x' + n.toString(16);
}

/** The program text put in front of every case body. */
export function prelude(profile: Profile = 'x86'): string {
  const consts = Object.entries(ALL_VALUES)
    .map(([k, v]) => `const ${k} = ${hex(v)};`)
    .join('\n');
  const bounds = PROFILE_BOUNDS[profile];
  return `
import * as __win32 from 'mmlab/win32';
const W: any = __win32;
const { ${IMPORTED.join(', ')} } = W;
${consts}
const PROFILE = ${JSON.stringify(profile)};
const MIN_APP = ${hex(bounds.min)};
const MAX_APP = ${hex(bounds.max)};
const MBI_SIZE = ${SIZEOF_MBI[profile]};
const PMC_SIZE = ${SIZEOF_PMC[profile]};
const MEMORYSTATUSEX_SIZE = ${SIZEOF_MEMORYSTATUSEX};
const SIZE_T_MINUS_1 = ${profile === 'x64' ? '-1' : '0xffffffff'};
const PG = 0x1000;
const GRAN = 0x10000;

function __thrown(e: any): any {
  if (e !== null && typeof e === 'object' && 'code' in e) return { code: e.code, address: e.address, access: e.access };
  return String((e && e.stack) || e);
}
function c(name: string, fn: () => any): void {
  let v: any;
  try { v = fn(); } catch (e) { v = { thrown: __thrown(e) }; }
  console.log(JSON.stringify({ name, v: v === undefined ? null : v }));
}
function err(fn: () => any): any[] {
  SetLastError(0xdeadbeef);
  const ret = fn();
  return [ret, GetLastError()];
}
function q(addr: number): any {
  const m = new MEMORY_BASIC_INFORMATION();
  const ret = VirtualQuery(addr, m, MBI_SIZE);
  return { ret, BaseAddress: m.BaseAddress, AllocationBase: m.AllocationBase, AllocationProtect: m.AllocationProtect,
           RegionSize: m.RegionSize, State: m.State, Protect: m.Protect, Type: m.Type };
}
function vp(addr: number, size: number, prot: number): any[] {
  SetLastError(0xdeadbeef);
  const old = { value: 0xdeadbeef };
  const ret = VirtualProtect(addr, size, prot, old);
  return ret ? [ret, old.value] : [ret, GetLastError()];
}
function fault(fn: () => any): any {
  try { return { ok: fn() }; } catch (e: any) {
    if (e !== null && typeof e === 'object' && 'code' in e) return { code: e.code, address: e.address, access: e.access };
    throw e;
  }
}
function gms(): any {
  const m = new MEMORYSTATUS();
  GlobalMemoryStatus(m);
  return { dwLength: m.dwLength, dwMemoryLoad: m.dwMemoryLoad, dwTotalPhys: m.dwTotalPhys, dwAvailPhys: m.dwAvailPhys,
           dwTotalPageFile: m.dwTotalPageFile, dwAvailPageFile: m.dwAvailPageFile,
           dwTotalVirtual: m.dwTotalVirtual, dwAvailVirtual: m.dwAvailVirtual };
}
function gmsx(): any {
  const m = new MEMORYSTATUSEX();
  m.dwLength = MEMORYSTATUSEX_SIZE;
  const ret = GlobalMemoryStatusEx(m);
  return { ret, dwLength: m.dwLength, dwMemoryLoad: m.dwMemoryLoad, ullTotalPhys: m.ullTotalPhys, ullAvailPhys: m.ullAvailPhys,
           ullTotalPageFile: m.ullTotalPageFile, ullAvailPageFile: m.ullAvailPageFile,
           ullTotalVirtual: m.ullTotalVirtual, ullAvailVirtual: m.ullAvailVirtual,
           ullAvailExtendedVirtual: m.ullAvailExtendedVirtual };
}
function pmc(): any {
  const p = new PROCESS_MEMORY_COUNTERS();
  const ret = GetProcessMemoryInfo(GetCurrentProcess(), p, PMC_SIZE);
  return { ret, PageFaultCount: p.PageFaultCount, PeakWorkingSetSize: p.PeakWorkingSetSize, WorkingSetSize: p.WorkingSetSize,
           PagefileUsage: p.PagefileUsage, PeakPagefileUsage: p.PeakPagefileUsage };
}
function touch(addr: number, pages: number, v: number = 1): void {
  for (let i = 0; i < pages; i++) mem.setUint8(addr + i * PG, v);
}
// ---- case body ----
`;
}

/** The values a conformance program printed, by case name. */
export class CaseResults {
  constructor(
    readonly run: RunResult,
    readonly values: ReadonlyMap<string, unknown>,
  ) {}

  /** The value printed for `name`; throws (with the program's exit code and stderr) if the case printed nothing. */
  get(name: string): unknown {
    if (!this.values.has(name)) {
      throw new Error(
        `case "${name}" printed nothing (exit code ${this.run.exitCode}; ` +
          `printed: ${[...this.values.keys()].join(', ') || 'none'}; stderr: ${this.run.stderr.join('\n').slice(0, 2000)})`,
      );
    }
    return this.values.get(name);
  }
}

/** Turns the JSON lines of a run into a name → value map; a name printed twice is an error in the program. */
export function byName(json: unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const line of json) {
    if (line === null || typeof line !== 'object' || !('name' in line) || !('v' in line)) continue;
    const { name, v } = line as { name: unknown; v: unknown };
    if (typeof name !== 'string') continue;
    if (out.has(name)) throw new Error(`case "${name}" printed twice`);
    out.set(name, v);
  }
  return out;
}

/** What runCases needs of a lab: TestLab, or SuiteLab inside a describe block. */
export interface CaseRunner {
  run(source: string, fileName?: string): Promise<RunResult>;
}

/** Runs `body` (after the prelude for `profile`) as one process of `lab` and collects its cases. */
export async function runCases(lab: CaseRunner, body: string, profile: Profile = 'x86'): Promise<CaseResults> {
  const run = await lab.run(prelude(profile) + body, 'conformance-case.ts');
  return new CaseResults(run, byName(run.json));
}

/** Rounds up to a multiple of `unit` (a power of two). */
export function roundUp(n: number, unit: number): number {
  return Math.ceil(n / unit) * unit;
}

/** Hook timeout for booting machines and running programs (workers, a real pagefile). */
export const LAB_TIMEOUT = 120_000;

/**
 * The machine of one describe block (see useLab). Its members work only inside the block's hooks and
 * tests, once the machine has booted.
 */
export class SuiteLab implements CaseRunner {
  private booted: TestLab | undefined;

  get lab(): TestLab {
    if (!this.booted) throw new Error('the suite lab is used before its describe block booted it');
    return this.booted;
  }

  get engine(): LabEngine {
    return this.lab.engine;
  }

  get profile(): Profile {
    return this.engine.settings.profile;
  }

  run(source: string, fileName?: string): Promise<RunResult> {
    return this.lab.run(source, fileName);
  }

  checkInvariants(): void {
    this.lab.checkInvariants();
  }

  /** @internal for useLab's hooks. */
  async boot(settings: TestSettings): Promise<void> {
    this.booted = await bootTestLab(settings);
  }

  /** @internal for useLab's hooks. */
  async close(): Promise<void> {
    const lab = this.booted;
    this.booted = undefined;
    await lab?.close();
  }
}

/**
 * Call in a describe block: boots a machine with `settings` before the block's tests, checks the
 * kernel invariants after each of its tests (nested blocks included) and shuts it down after them.
 */
export function useLab(settings: TestSettings = {}): SuiteLab {
  const lab = new SuiteLab();
  beforeAll(() => lab.boot(settings), LAB_TIMEOUT);
  afterAll(() => lab.close(), LAB_TIMEOUT);
  afterEach(() => {
    lab.checkInvariants();
  });
  return lab;
}

/**
 * Results that a describe block's beforeAll fills in; `get` throws if asked before then.
 * Hooks the block registers after the call that made it see the values already.
 */
export class PendingCaseResults {
  private results: CaseResults | undefined;

  /** @internal set by casesOn's hook. */
  fill(results: CaseResults): void {
    this.results = results;
  }

  private get done(): CaseResults {
    if (!this.results) throw new Error('case results read before the describe block ran its program');
    return this.results;
  }

  get run(): RunResult {
    return this.done.run;
  }

  get values(): ReadonlyMap<string, unknown> {
    return this.done.values;
  }

  get(name: string): unknown {
    return this.done.get(name);
  }
}

/** Call in a describe block: runs `body` once on `lab` (with the prelude of the lab's profile) before the block's tests. */
export function casesOn(lab: SuiteLab, body: string): PendingCaseResults {
  const pending = new PendingCaseResults();
  beforeAll(async () => {
    pending.fill(await runCases(lab, body, lab.profile));
  }, LAB_TIMEOUT);
  return pending;
}

/** Call in a describe block: a machine of its own (useLab) that runs `body` once before the block's tests. */
export function labCases(settings: TestSettings, body: string): PendingCaseResults {
  return casesOn(useLab(settings), body);
}
