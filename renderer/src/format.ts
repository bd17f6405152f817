const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * Thousands separators, "1,234,567". One formatter for all: Number.toLocaleString builds a
 * new one per call, which a step table of hundreds of rows redrawn under a flood of calls
 * pays thousands of times a second.
 */
const GROUPED = new Intl.NumberFormat('en-US');

/** 268435456 → "256 MiB", 1610612736 → "1.50 GiB" (binary units, as Windows counts memory). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || Number.isInteger(value) ? 0 : value < 10 ? 2 : 1;
  return `${bytes < 0 ? '−' : ''}${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)} %` : '—';
}

/** Exact figure in KiB, as Task Manager shows memory: 67104768 → "65,532 KiB". */
export function formatKiB(bytes: number): string {
  return `${GROUPED.format(Math.round(bytes / 1024))} KiB`;
}

/** 0x7FFE0000, uppercase, padded to 8 digits (16 for addresses above 4 GiB), as VMMap shows them. */
export function formatAddress(address: number): string {
  const digits = address > 0xffff_ffff ? 12 : 8;
  return `0x${address.toString(16).toUpperCase().padStart(digits, '0')}`;
}

/** A signed byte delta as the seeds print it: "−65,536", "+4,096", "0". */
export function formatDelta(bytes: number): string {
  if (bytes === 0) return '0';
  return `${bytes < 0 ? '−' : '+'}${GROUPED.format(Math.abs(bytes))}`;
}

const PROTECTIONS: Record<number, string> = {
  0x01: 'No access',
  0x02: 'Read',
  0x04: 'Read/Write',
  0x08: 'Copy on write',
  0x10: 'Execute',
  0x20: 'Execute/Read',
  0x40: 'Execute/Read/Write',
  0x80: 'Execute/Copy on write',
};

/** PAGE_* flags in words, as VMMap's Protection column: "Read/Write +Guard". */
export function formatProtection(protect: number): string {
  if (protect === 0) return '';
  const base = PROTECTIONS[protect & 0xff] ?? `0x${(protect & 0xff).toString(16)}`;
  const mods = [protect & 0x100 ? '+Guard' : '', protect & 0x200 ? '+No cache' : '', protect & 0x400 ? '+Write combine' : ''];
  return [base, ...mods.filter(Boolean)].join(' ');
}

/** Milliseconds since boot as m:ss.t */
export function formatUptime(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, '0')}`;
}

/** A JSON-ish rendering of call arguments for step tables: numbers ≥ 0x1000 (flags, sizes, addresses) in hex. */
export function formatArgs(args: readonly unknown[]): string {
  return args
    .map((a) =>
      typeof a === 'number' && Number.isInteger(a) && a >= 0x1000 ? `0x${a.toString(16).toUpperCase()}` : JSON.stringify(a) ?? 'undefined',
    )
    .join(', ');
}

/** A duration as a person reads it: "0.4 s", "12.4 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return GROUPED.format(Math.round(n));
}
