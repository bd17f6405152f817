/**
 * npm run bench [-- <case>...]: runs the bench cases one after another (each on a machine
 * of its own) and prints one table. A case is a file in bench/cases/ exporting a BenchCase;
 * add it to CASES below. Not part of `npm test`: it needs a few GiB of memory and a minute.
 */
import { cpus, loadavg } from 'node:os';
import type { BenchCase, BenchRow } from './bench-case.js';
import { mmuLoop } from './cases/mmu-loop.js';
import { faultTimes } from './cases/fault-times.js';
import { mappedFile } from './cases/mapped-file.js';
import { samplingOverhead } from './cases/sampling-overhead.js';

const CASES: BenchCase[] = [mmuLoop, faultTimes, mappedFile, samplingOverhead];

function format(v: number, unit: string): string {
  const digits = unit === 'x' || Math.abs(v) < 100 ? 1 : 0;
  return `${v.toFixed(digits)} ${unit}`;
}

function printTable(rows: Array<BenchRow & { case: string }>): void {
  const lines = rows.map((r) => [
    r.case,
    r.measure,
    format(r.value, r.unit),
    r.max === undefined ? '' : `<= ${format(r.max, r.unit)}`,
    r.max === undefined ? '' : r.value <= r.max ? 'met' : 'MISSED',
    r.note ?? '',
  ]);
  const head = ['case', 'measure', 'value', 'target', '', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(row(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(row(l));
}

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => !CASES.some((c) => c.name === a));
  if (unknown.length) {
    console.error(`unknown bench case ${unknown.join(', ')}; cases: ${CASES.map((c) => c.name).join(', ')}`);
    return 2;
  }
  const chosen = args.length ? CASES.filter((c) => args.includes(c.name)) : CASES;
  const rows: Array<BenchRow & { case: string }> = [];
  let failed = 0;
  for (const c of chosen) {
    process.stderr.write(`${c.name}: ${c.about} ...\n`);
    try {
      for (const r of await c.run()) rows.push({ ...r, case: c.name });
    } catch (e) {
      failed++;
      console.error(`${c.name} failed: ${(e as Error).stack ?? e}`);
    }
  }
  // Fault round trips are thread wake-ups: on a host busy with other work they take longer.
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(`host: ${cpus().length} CPUs, load average ${load} (1/5/15 min) at the end, Node ${process.version}`);
  printTable(rows);
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
