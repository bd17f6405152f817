/**
 * S15 and S17: app.exe run twice. Both instances map the image at 0x00400000 and share its
 * code and unmodified data frames; the first write to a .data page gives the writer a
 * private copy; WriteProcessMemory into the other's code (a debugger's breakpoint) gives
 * it a private copy of that page only; the Shared section's counter is one variable for
 * both instances. The test reads frame numbers and share counts from the kernel between
 * the steps, which the companions wait for (a file the test creates).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestLab, type TestLab } from '../harness.js';
import { frameAt, installSamples, jsonOf, kernelOf, processesNamed, until } from './lab.js';

const companion = `
import { GetModuleHandle, GetProcAddress, imageSections, mem, InterlockedIncrement, CreateFile, CloseHandle, Sleep,
         VirtualQuery, MEMORY_BASIC_INFORMATION, GetCommandLine } from 'mmlab/win32';
const waitFor = (name: string) => { for (;;) { const h = CreateFile('C:\\\\' + name, 0x80000000, 7, null, 3, 0, null); if (h !== -1) { CloseHandle(h); return; } Sleep(10); } };
const prot = (a: number) => { const m = new MEMORY_BASIC_INFORMATION(); VirtualQuery(a, m, 28); return m.Protect; };
const me = GetModuleHandle(null);
const text = imageSections(me).find((s) => s.Name === '.text')!.Address;
const data = GetProcAddress(me, 'g_data');
const instances = GetProcAddress(me, 'g_instances');
const n = InterlockedIncrement(instances);
console.log(JSON.stringify({ step: 'ready', me, text, data, code: mem.getUint8(text), g0: mem.int32(data).get(0), instance: n }));
waitFor('go1');
if (GetCommandLine().includes('writer')) mem.int32(data).set(0, 1234);
console.log(JSON.stringify({ step: 'wrote', g0: mem.int32(data).get(0), dataProt: prot(data), instances: mem.getInt32(instances) }));
waitFor('go2');
console.log(JSON.stringify({ step: 'end', code: mem.getUint8(text), textProt: prot(text) }));
`;

const launcher = `
import { CreateProcess, PROCESS_INFORMATION, WaitForSingleObject, WriteProcessMemory, ReadProcessMemory, VirtualAlloc, mem,
         CreateFile, CloseHandle, Sleep, GetLastError } from 'mmlab/win32';
const waitFor = (name: string) => { for (;;) { const h = CreateFile('C:\\\\' + name, 0x80000000, 7, null, 3, 0, null); if (h !== -1) { CloseHandle(h); return; } Sleep(10); } };
const a = new PROCESS_INFORMATION(), b = new PROCESS_INFORMATION();
if (!CreateProcess('C:\\\\app.exe', 'app.exe writer', null, null, false, 0, null, null, null, a)) throw new Error('A ' + GetLastError());
if (!CreateProcess('C:\\\\app.exe', 'app.exe reader', null, null, false, 0, null, null, null, b)) throw new Error('B ' + GetLastError());
waitFor('debug');
// The debugger's breakpoint: int 3 (0xCC) over the first byte of B's code (0x83, sub esp).
const buf = VirtualAlloc(0, 4096, 0x3000, 4);
mem.setUint8(buf, 0xcc);
const written = { value: 0 };
const ok = WriteProcessMemory(b.hProcess, 0x401000, buf, 1, written);
const read = { value: 0 };
ReadProcessMemory(b.hProcess, 0x401000, buf + 16, 1, read);
ReadProcessMemory(a.hProcess, 0x401000, buf + 17, 1, read);
console.log(JSON.stringify({ step: 'breakpoint', ok, err: GetLastError(), written: written.value, inB: mem.getUint8(buf + 16), inA: mem.getUint8(buf + 17) }));
WaitForSingleObject(a.hProcess, 0xffffffff);
WaitForSingleObject(b.hProcess, 0xffffffff);
`;

describe('an EXE run twice (S15, S17)', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await bootTestLab({ profile: 'x86' });
    installSamples(lab, { 'app.exe.ts': companion });
  }, 60_000);
  afterAll(() => lab?.close());

  it('shares code and data frames until written, and one Shared counter', async () => {
    const k = kernelOf(lab);
    const parent = await lab.start(launcher, 'launcher.ts');
    await until(() => processesNamed(k, 'C:\\app.exe').every((p) => jsonOf(p).length >= 1) && processesNamed(k, 'C:\\app.exe').length === 2);
    const [A, B] = processesNamed(k, 'C:\\app.exe') as [NonNullable<ReturnType<typeof processesNamed>[0]>, NonNullable<ReturnType<typeof processesNamed>[0]>];
    const ra = jsonOf(A)[0]!;
    const rb = jsonOf(B)[0]!;
    // Both at the preferred base, with the same layout.
    expect([ra.me, rb.me]).toEqual([0x400000, 0x400000]);
    expect([ra.text, ra.data]).toEqual([0x401000, 0x402000]);
    // S17: one counter for both instances.
    expect([ra.instance, rb.instance].sort()).toEqual([1, 2]);
    // Code and .data pages: the same frame in both, a section frame with two shares.
    for (const addr of [0x401000, 0x402000, 0x404000]) {
      const fa = frameAt(k, A, addr);
      const fb = frameAt(k, B, addr);
      expect(fa.prototype && fb.prototype).toBe(true);
      expect(fa.frame).toBe(fb.frame);
      expect(fa.shares).toBe(2);
    }
    const sharedData = frameAt(k, A, 0x402000).frame;

    writeFileSync(join(lab.workspace, 'go1'), '');
    await until(() => jsonOf(A).length >= 2 && jsonOf(B).length >= 2);
    const wa = jsonOf(A)[1]!;
    const wb = jsonOf(B)[1]!;
    expect([wa.g0, wb.g0]).toEqual([1234, 1]);
    expect([wa.dataProt, wb.dataProt]).toEqual([0x04, 0x08]); // READWRITE copy vs WRITECOPY
    expect([wa.instances, wb.instances]).toEqual([2, 2]);
    // The writer has a private frame now; the reader still maps the section's, alone.
    const da = frameAt(k, A, 0x402000);
    const db = frameAt(k, B, 0x402000);
    expect(da.prototype).toBe(false);
    expect(da.frame).not.toBe(sharedData);
    expect(db).toMatchObject({ prototype: true, frame: sharedData, shares: 1 });
    // The next .data page and the code are still shared.
    expect(frameAt(k, A, 0x401000).frame).toBe(frameAt(k, B, 0x401000).frame);

    writeFileSync(join(lab.workspace, 'debug'), '');
    await until(() => parent.stdout.length >= 1);
    const bp = JSON.parse(parent.stdout[0]!) as Record<string, number>;
    expect(bp).toMatchObject({ ok: 1, written: 1, inB: 0xcc, inA: 0x83 });
    const ca = frameAt(k, A, 0x401000);
    const cb = frameAt(k, B, 0x401000);
    expect(ca).toMatchObject({ prototype: true, shares: 1 });
    expect(cb.prototype).toBe(false);
    expect(cb.frame).not.toBe(ca.frame);
    // Only that page left the section: the rest of B's image is still shared with A.
    expect(frameAt(k, B, 0x400000).frame).toBe(frameAt(k, A, 0x400000).frame);

    writeFileSync(join(lab.workspace, 'go2'), '');
    expect(await parent.exited).toBe(0);
    await until(() => processesNamed(k, 'C:\\app.exe').every((p) => p.state === 'exited'));
    const ea = jsonOf(A)[2]!;
    const eb = jsonOf(B)[2]!;
    expect([ea.code, eb.code]).toEqual([0x83, 0xcc]) // sub esp, 1Ch in A; int 3 in B;
    expect([ea.textProt, eb.textProt]).toEqual([0x20, 0x20]); // protection given back
    expect([A.exitCode, B.exitCode]).toEqual([0, 0]);
    lab.checkInvariants();
  }, 60_000);
});
