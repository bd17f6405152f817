/**
 * Names for the kernel's numeric enums (frame states, frame uses, page states) as the lab's
 * views show them. Built from the enum objects themselves, so a value another part of the
 * kernel adds later (a FrameUse for section pages, say) gets its own name here without an
 * edit, and a value with no name still shows as "use 7" instead of breaking a view.
 */
import { FrameState, FrameUse } from '../mm/pfn-database.js';
import { PageState } from '../mm/page-table.js';

/** `{ Zeroed: 0, PendingFlush: 4 }` → `['zeroed', …, 'pendingFlush']`, indexed by value. */
export function enumNames(values: Readonly<Record<string, unknown>>, fallback: string): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) continue;
    names[value] ??= key.charAt(0).toLowerCase() + key.slice(1);
  }
  for (let i = 0; i < names.length; i++) names[i] ??= `${fallback} ${i}`;
  return names;
}

export const FRAME_STATE_LABELS = enumNames(FrameState, 'state');
export const FRAME_USE_LABELS = enumNames(FrameUse, 'use');
export const PAGE_STATE_LABELS = enumNames(PageState, 'page state');

export function nameOf(names: readonly string[], value: number, fallback: string): string {
  return names[value] ?? `${fallback} ${value}`;
}
