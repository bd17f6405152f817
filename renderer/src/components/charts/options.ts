/**
 * ECharts options for the dashboard, built from the counter samples and service events:
 *   memory status  the three GlobalMemoryStatus "available" figures, with a marker for each
 *                  call that moved one of them, placed on the line it moved
 *   page lists     zeroed / free / standby / modified / active, stacked
 *   fault rates    page faults per second by kind, summed over processes
 *   commit         commit charge and peak against the commit limit
 * All sizes in MiB, time in seconds since boot.
 */
import type { CounterSample } from '../../../../src/api/counters.js';
import type { ServiceEvent } from '../../../../src/api/events.js';
import { FAULT_KINDS, FAULT_LABELS } from '../../explanations.js';
import { formatArgs, formatDelta } from '../../format.js';

const MiB = 1024 * 1024;
type Option = Record<string, unknown>;
type Point = [number, number];

export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function base(samples: CounterSample[], yName: string): Option {
  const first = Math.floor((samples[0]?.system.t ?? 0) / 1000);
  const last = Math.max(first + 10, Math.ceil((samples.at(-1)?.system.t ?? 0) / 1000));
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 60, right: 20, top: 44, bottom: 26 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: {
      type: 'value',
      min: first,
      max: last,
      minInterval: 1,
      axisLabel: { formatter: (v: number) => clock(v), showMinLabel: false, showMaxLabel: false },
    },
    yAxis: { type: 'value', name: yName, min: 0, nameGap: 10 },
  };
}

const line = (name: string, data: Point[], extra: Option = {}): Option => ({
  name,
  type: 'line',
  showSymbol: false,
  data,
  ...extra,
});

/** The first sample at or after `t` (ms), or the last one. */
function sampleAt(samples: CounterSample[], t: number): CounterSample | undefined {
  let lo = 0;
  let hi = samples.length - 1;
  if (hi < 0) return undefined;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (samples[mid]!.system.t < t) lo = mid + 1;
    else hi = mid;
  }
  return samples[lo];
}

/**
 * Markers per line: the newest calls that moved it. A program calling in a loop moves the
 * counters thousands of times a second; more diamonds would only cover the line, and
 * redrawing them all ten times a second would hold the page.
 */
export const MAX_MARKERS = 200;

export interface Marker {
  value: Point;
  event: ServiceEvent;
}

const COUNTERS = [
  { key: 'availPhys', name: 'Available physical' },
  { key: 'availPageFile', name: 'Available pagefile (commit left)' },
  { key: 'availVirtual', name: 'Available virtual' },
] as const;

function valueOf(s: CounterSample, key: (typeof COUNTERS)[number]['key'], pid: number | null): number | null {
  if (key === 'availVirtual') {
    const p = s.processes.find((x) => x.pid === pid);
    return p ? p.availVirtual : null;
  }
  return s.system[key];
}

export function describeEvent(e: ServiceEvent): string {
  const d = e.deltas;
  return (
    `<b>${escapeHtml(e.call)}(${escapeHtml(formatArgs(e.args))})</b> → ${escapeHtml(formatArgs([e.result]))}` +
    `<br>pid ${e.pid} · last error ${e.lastError}` +
    `<br>avail phys ${formatDelta(d.availPhys)}, avail pagefile ${formatDelta(d.availPageFile)}, ` +
    `avail virtual ${formatDelta(d.availVirtual)}`
  );
}

/** The three "available" lines and one marker series per line for the calls that moved it. */
export function memoryStatusOption(
  samples: CounterSample[],
  events: ServiceEvent[],
  pid: number | null,
  dark: boolean,
): Option {
  const option = base(samples, 'MiB');
  const t0 = samples[0]?.system.t ?? 0;
  const series: Option[] = [];
  const markerSeries: Option[] = [];
  for (const c of COUNTERS) {
    const data: Point[] = [];
    for (const s of samples) {
      const v = valueOf(s, c.key, pid);
      if (v !== null) data.push([s.system.t / 1000, v / MiB]);
    }
    // Available virtual (GiB-sized in every profile) gets the right-hand axis, so the
    // physical and commit lines of a small machine do not lie flat along the bottom.
    const axis = c.key === 'availVirtual' ? { yAxisIndex: 1 } : {};
    series.push(line(c.name, data, axis));
    const markers: Marker[] = [];
    for (let i = events.length - 1; i >= 0 && markers.length < MAX_MARKERS; i--) {
      const e = events[i]!;
      if (e.t < t0) break;
      if (e.deltas[c.key] === 0) continue;
      if (c.key === 'availVirtual' && e.pid !== pid) continue;
      const s = sampleAt(samples, e.t);
      const v = s ? valueOf(s, c.key, pid) : null;
      if (v !== null) markers.push({ value: [e.t / 1000, v / MiB], event: e });
    }
    markers.reverse();
    markerSeries.push({
      name: `${c.name}: calls`,
      type: 'scatter',
      ...axis,
      symbol: 'diamond',
      symbolSize: 9,
      data: markers,
      z: 5,
    });
  }
  const palette = dark ? ['#5b9cf5', '#f0a04b', '#5ac48a'] : ['#2f6fd0', '#d9822b', '#2e9a5c'];
  option['color'] = [...palette, ...palette];
  option['series'] = [...series, ...markerSeries];
  option['legend'] = { top: 0, type: 'scroll', data: COUNTERS.map((c) => c.name) };
  option['yAxis'] = [
    { type: 'value', name: 'MiB (physical, pagefile)', min: 0, nameGap: 10, nameTextStyle: { align: 'left' } },
    {
      type: 'value',
      name: 'MiB (virtual)',
      nameGap: 10,
      scale: true,
      splitLine: { show: false },
      nameTextStyle: { align: 'right' },
    },
  ];
  option['grid'] = { left: 60, right: 70, top: 48, bottom: 26 };
  option['tooltip'] = {
    trigger: 'axis',
    confine: true,
    formatter: (params: { seriesName: string; data: Point | Marker; axisValue: number }[]) => {
      const x = params[0]?.axisValue ?? 0;
      const rows: string[] = [clock(Number(x))];
      for (const p of params) {
        if (Array.isArray(p.data)) rows.push(`${escapeHtml(p.seriesName)}: ${p.data[1].toFixed(1)} MiB`);
      }
      const seen = new Set<number>();
      for (const p of params) {
        // Axis tooltips pick every series' nearest point: show only calls close to the cursor.
        if (!Array.isArray(p.data) && Math.abs(p.data.value[0] - Number(x)) < 0.5 && !seen.has(p.data.event.seq)) {
          seen.add(p.data.event.seq);
          rows.push(`<hr style="margin:4px 0">${describeEvent(p.data.event)}`);
        }
      }
      return rows.join('<br>');
    },
  };
  return option;
}

export const PAGE_LISTS = ['zeroed', 'free', 'standby', 'modified', 'active'] as const;

export function pageListsOption(samples: CounterSample[], dark: boolean): Option {
  const option = base(samples, 'MiB');
  const pageMiB = 4096 / MiB;
  option['color'] = dark
    ? ['#c8d1dc', '#8793a1', '#5b9cf5', '#f0a04b', '#5ac48a']
    : ['#aab4c0', '#6f7b88', '#2f6fd0', '#d9822b', '#2e9a5c'];
  option['series'] = PAGE_LISTS.map((list) =>
    line(
      list,
      samples.map((s) => [s.system.t / 1000, s.system.lists[list] * pageMiB] as Point),
      { stack: 'lists', areaStyle: { opacity: 0.55 }, lineStyle: { width: 1 } },
    ),
  );
  option['tooltip'] = { trigger: 'axis', confine: true, valueFormatter: (v: number) => `${Number(v).toFixed(1)} MiB` };
  return option;
}

export function faultRateOption(samples: CounterSample[]): Option {
  const option = base(samples, 'faults/s');
  const totals = samples.map((s) => {
    const sum: Record<string, number> = {};
    for (const k of FAULT_KINDS) sum[k] = s.processes.reduce((n, p) => n + p.faults[k], 0);
    return sum;
  });
  option['series'] = FAULT_KINDS.map((k) => {
    const data: Point[] = [];
    for (let i = 1; i < samples.length; i++) {
      const dt = (samples[i]!.system.t - samples[i - 1]!.system.t) / 1000;
      if (dt <= 0) continue;
      // A process that exits takes its counts with it: never show a negative rate.
      const d = Math.max(0, totals[i]![k]! - totals[i - 1]![k]!);
      data.push([samples[i]!.system.t / 1000, d / dt]);
    }
    return line(FAULT_LABELS[k], data);
  });
  // Six kinds: a legend in two rows instead of a paged one, so every kind stays visible.
  option['legend'] = { top: 0, type: 'plain', itemGap: 8, itemWidth: 14, textStyle: { fontSize: 11 } };
  option['grid'] = { left: 60, right: 20, top: 66, bottom: 26 };
  option['tooltip'] = { trigger: 'axis', confine: true, valueFormatter: (v: number) => `${Math.round(Number(v))}/s` };
  return option;
}

export function commitOption(samples: CounterSample[], dark: boolean): Option {
  const option = base(samples, 'MiB');
  const pageMiB = 4096 / MiB;
  const pick = (f: (s: CounterSample) => number): Point[] => samples.map((s) => [s.system.t / 1000, f(s) * pageMiB]);
  option['color'] = dark ? ['#f0a04b', '#c07ad8', '#f07067'] : ['#d9822b', '#8e4fb0', '#c0362c'];
  option['series'] = [
    line(
      'Commit charge',
      pick((s) => s.system.commitCharge),
      { areaStyle: { opacity: 0.25 } },
    ),
    line(
      'Peak',
      pick((s) => s.system.commitPeak),
      { lineStyle: { type: 'dotted' } },
    ),
    line(
      'Commit limit',
      pick((s) => s.system.commitLimit),
      { lineStyle: { type: 'dashed' } },
    ),
  ];
  option['tooltip'] = { trigger: 'axis', confine: true, valueFormatter: (v: number) => `${Number(v).toFixed(1)} MiB` };
  return option;
}
