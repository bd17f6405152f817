/**
 * Unit tests of kernel-side access to process memory (probe, copy in both directions) on a
 * real booted kernel with an address space of its own (no worker: the kernel is the only
 * one touching it here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../api/settings.js';
import { Kernel } from '../ke/kernel.js';
import { NodeHost } from '../node/node-host.js';
import { PTE_DIRTY, PTE_VALID } from '../shared/layout.js';
import {
  MEM_COMMIT,
  MEM_RESERVE,
  PAGE_GUARD,
  PAGE_NOACCESS,
  PAGE_READONLY,
  PAGE_READWRITE,
} from '../win32/constants.js';
import { AddressSpace } from './address-space.js';
import type { FaultHandler } from './fault-handler.js';
import { copyFromProcess, copyToProcess, probeProcessMemory, type ProcessMemoryContext } from './process-memory.js';

describe('process memory', () => {
  let root: string;
  let k: Kernel;
  let as: AddressSpace;
  let base: number;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mmlab-pm-'));
    const settings = resolveSettings({ workspace: root, ramBytes: 16 << 20, pagefileBytes: 16 << 20, profile: 'x86' });
    k = new Kernel(settings, new NodeHost(root, root));
    as = new AddressSpace(9990, k.layout, k.mm.pool32);
    k.mm.spaces.set(as.pid, as);
    base = k.vm.alloc(as, 0, 0x10000, MEM_RESERVE, PAGE_READWRITE);
    k.vm.alloc(as, base, 0x4000, MEM_COMMIT, PAGE_READWRITE);
    k.vm.alloc(as, base + 0x4000, 0x1000, MEM_COMMIT, PAGE_READONLY);
    k.vm.alloc(as, base + 0x5000, 0x1000, MEM_COMMIT, PAGE_NOACCESS);
    k.vm.alloc(as, base + 0x6000, 0x1000, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
    // base + 0x7000.. stays reserved
  });
  afterAll(async () => {
    k.mm.teardown(as);
    k.mm.spaces.delete(as.pid);
    await k.shutdown();
    rmSync(root, { recursive: true, force: true });
  });

  it('probes by protection without touching anything', () => {
    const before = as.workingSet.size;
    expect(probeProcessMemory(k, as, base, 0x4000, true)).toBe(true);
    expect(probeProcessMemory(k, as, base + 0x3fff, 2, false)).toBe(true); // RW then READONLY
    expect(probeProcessMemory(k, as, base + 0x3fff, 2, true)).toBe(false);
    expect(probeProcessMemory(k, as, base + 0x4fff, 2, false)).toBe(false); // into NOACCESS
    expect(probeProcessMemory(k, as, base + 0x6000, 1, false)).toBe(false); // guard page
    expect(probeProcessMemory(k, as, base + 0x7000, 1, false)).toBe(false); // reserved
    expect(probeProcessMemory(k, as, 0, 1, false)).toBe(false);
    expect(probeProcessMemory(k, as, 0, 0, true)).toBe(true); // nothing to probe
    expect(probeProcessMemory(k, as, k.layout.maxAddress, 2, false)).toBe(false);
    expect(as.workingSet.size).toBe(before);
  });

  it('copies across pages both ways, faulting pages in and marking written ones dirty', () => {
    const data = new Uint8Array(0x1234).map((_, i) => (i * 13) & 0xff);
    expect(copyToProcess(k, as, base + 0x0ff0, data)).toBe('done');
    const back = new Uint8Array(data.length);
    expect(copyFromProcess(k, as, base + 0x0ff0, back)).toBe('done');
    expect(back).toEqual(data);
    const vpn = (base + 0x1000) / 0x1000;
    expect(as.pageTable.hardware(vpn) & (PTE_VALID | PTE_DIRTY)).toBe(PTE_VALID | PTE_DIRTY);
    // A read leaves a freshly faulted page clean.
    const one = new Uint8Array(1);
    expect(copyFromProcess(k, as, base + 0x3800, one)).toBe('done');
    expect(as.pageTable.hardware((base + 0x3000) / 0x1000) & PTE_DIRTY).toBe(0);
  });

  it('reports a fault for memory that cannot be accessed that way', () => {
    expect(copyToProcess(k, as, base + 0x4000, new Uint8Array(4))).toBe('fault'); // read-only
    expect(copyFromProcess(k, as, base + 0x5000, new Uint8Array(4))).toBe('fault'); // no access
    expect(copyFromProcess(k, as, base + 0x7000, new Uint8Array(4))).toBe('fault'); // reserved
  });

  it('says retry when a fault is short of memory, and finishes when called again', () => {
    let starve = 1;
    const faults = {
      resolve: (a: AddressSpace, address: number, write: boolean) => {
        if (starve-- > 0) return { kind: 'retry' as const };
        return k.faults.resolve(a, address, write);
      },
    } as unknown as FaultHandler;
    const ctx: ProcessMemoryContext = { mm: k.mm, vm: k.vm, faults };
    const page = base + 0x2000;
    k.vm.free(as, page, 0x1000, 0x4000 /* MEM_DECOMMIT */);
    k.vm.alloc(as, page, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    const data = new Uint8Array([1, 2, 3]);
    expect(copyToProcess(ctx, as, page, data)).toBe('retry');
    expect(copyToProcess(ctx, as, page, data)).toBe('done');
    const back = new Uint8Array(3);
    expect(copyFromProcess(k, as, page, back)).toBe('done');
    expect([...back]).toEqual([1, 2, 3]);
  });
});
