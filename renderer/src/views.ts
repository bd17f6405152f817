/** The lab's views, in tab order; Alt+1 … Alt+5 switch to them. */
export const VIEWS = [
  { id: 'dashboard', label: 'Dashboard', hint: 'GlobalMemoryStatus, page lists, faults and commit over time' },
  { id: 'processes', label: 'Processes', hint: 'Processes, their address spaces (VMMap-style) and handles' },
  { id: 'physical', label: 'Physical memory', hint: 'Every page frame by list and use (RAMMap-style)' },
  { id: 'objects', label: 'Objects', hint: 'Named kernel objects and their handle and reference counts' },
  { id: 'experiments', label: 'Experiments', hint: 'Run, stop and step programs; their consoles and step tables' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function isViewId(value: string): value is ViewId {
  return VIEWS.some((v) => v.id === value);
}
