/** VMMap's colour scheme, roughly: one colour per region type, lighter when only reserved. */
import type { MemoryRegion } from '../../../../src/api/snapshots.js';

const COMMITTED = { private: '#e0b020', mapped: '#3b82d6', image: '#9a5cd0' } as const;
const RESERVED = { private: '#f3dc8a', mapped: '#a9c9f0', image: '#d4bdea' } as const;

export function regionColor(r: Pick<MemoryRegion, 'state' | 'type'>): string | null {
  if (r.state === 'free' || r.type === null) return null;
  return (r.state === 'committed' ? COMMITTED : RESERVED)[r.type];
}

export const REGION_LEGEND = [
  { label: 'Private committed', color: COMMITTED.private },
  { label: 'Private reserved', color: RESERVED.private },
  { label: 'Mapped committed', color: COMMITTED.mapped },
  { label: 'Mapped reserved', color: RESERVED.mapped },
  { label: 'Image', color: COMMITTED.image },
] as const;
