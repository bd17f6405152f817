/**
 * Which file a section's pages come from, for the lab's views: a data section's file (its
 * control area's FCB, page n at byte n × 4096), or an image section's EXE/DLL (the image
 * control area's file object, each page at the file offset the PE layout gives it).
 * Pagefile-backed sections have no file.
 */
import type { Kernel } from '../ke/kernel.js';
import { ImageControlArea } from '../mm/image/image-sections.js';
import type { ControlArea } from '../mm/section/control-area.js';
import { PAGE_SIZE } from '../shared/layout.js';

/** The Win32 path of the file behind a control area, or null. */
export function controlAreaFile(ca: ControlArea): string | null {
  if (ca instanceof ImageControlArea) return ca.file.fcb.win32Path;
  return ca.fcb?.win32Path ?? null;
}

/** For a section page (frame owner = segment id, vpn = page index): its file and byte offset. */
export function sectionPageFile(k: Kernel, segmentId: number, page: number): { name: string; offset: number } | null {
  const ca = k.sections.controlAreas().find((c) => c.segment.id === segmentId);
  if (!ca) return null;
  const name = controlAreaFile(ca);
  if (name === null) return null;
  const offset = ca instanceof ImageControlArea ? (ca.layout.fileOffset[page] ?? 0) : page * PAGE_SIZE;
  return { name, offset };
}
