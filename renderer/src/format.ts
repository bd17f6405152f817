const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

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
  return `${Math.round(bytes / 1024).toLocaleString('en-US')} KiB`;
}
