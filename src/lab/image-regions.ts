/**
 * Image regions for the address-space snapshot: VirtualQuery gives one region per run of
 * pages with the same protection, which for an image view can run across PE sections (a
 * .data page made private reads PAGE_READWRITE like a Shared page next to it; .rdata after
 * the headers reads PAGE_READONLY like them). VMMap shows an image per section; so does the
 * lab: each image region is cut at its section boundaries and told which module and
 * section it is, and, page by page, whether the process still maps the image's own frame
 * (shared with every process that runs the image) or has its private copy.
 *
 *   image view (Image VAD)   headers │ .text │ .data          │ Shared │ .rdata │ .bss
 *   VirtualQuery runs        R       │ ER    │ RW │ WC        │ RW     │ R      │ WC
 *   lab regions              R       │ ER    │ RW │ WC        │ RW     │ R      │ WC
 *                                              └ .data cut by the private copy's protection,
 *                                                then .data | Shared cut at the section line
 *
 * Module names come from the loader (modulesOf); a SEC_IMAGE view a program mapped itself
 * is named after its file.
 */
import type { ImageRegionInfo, MemoryRegion } from '../api/snapshots.js';
import type { Kernel } from '../ke/kernel.js';
import type { AddressSpace } from '../mm/address-space.js';
import { ImageControlArea } from '../mm/image/image-sections.js';
import { IMAGE_SCN_MEM_SHARED } from '../mm/image/pe-headers.js';
import type { MappedView } from '../mm/section/mapped-view.js';
import { VadType, type Vad } from '../mm/vad.js';
import { modulesOf } from '../ps/loader.js';
import { PAGE_SIZE } from '../shared/layout.js';
import { controlAreaFile } from './section-files.js';

/** The section name shown for page runs outside the section table. */
const HEADERS = 'headers';
const PAST_SECTIONS = '(past the sections)';

const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);

/** The image view behind `vad`, with its control area, or undefined for other VADs. */
function imageView(vad: Vad | undefined): { view: MappedView; ca: ImageControlArea } | undefined {
  if (!vad || vad.type !== VadType.Image || !vad.view) return undefined;
  const ca = vad.view.controlArea;
  return ca instanceof ImageControlArea ? { view: vad.view, ca } : undefined;
}

/**
 * Cuts `region` (one VirtualQuery run inside an image VAD) at section boundaries and
 * describes each piece. Returns the region unchanged when `vad` is not an image view.
 */
export function splitImageRegion(
  k: Kernel,
  as: AddressSpace,
  vad: Vad | undefined,
  region: MemoryRegion,
): MemoryRegion[] {
  const image = imageView(vad);
  if (!image || !vad) return [region];
  const { view, ca } = image;
  const { layout } = ca;
  const path = controlAreaFile(ca) ?? '';
  const process = k.processes.get(as.pid);
  const module = (process && modulesOf(process).find((m) => m.vad === vad)?.baseName) ?? baseName(path);
  const out: MemoryRegion[] = [];
  const firstVpn = region.base / PAGE_SIZE;
  const endVpn = firstVpn + region.size / PAGE_SIZE;
  const vadVpn = vad.start / PAGE_SIZE;
  for (let vpn = firstVpn; vpn < endVpn;) {
    const section = layout.sectionOf[vpn - vadVpn] ?? -2;
    let end = vpn + 1;
    while (end < endVpn && (layout.sectionOf[end - vadVpn] ?? -2) === section) end++;
    out.push(describeRun(region, view, { module, path, moduleBase: vad.start, layout, section }, vpn, end));
    vpn = end;
  }
  return out;
}

interface RunContext {
  module: string;
  path: string;
  moduleBase: number;
  layout: ImageControlArea['layout'];
  section: number;
}

function describeRun(region: MemoryRegion, view: MappedView, c: RunContext, first: number, end: number): MemoryRegion {
  const s = c.section >= 0 ? c.layout.sections[c.section] : undefined;
  let pages = '';
  let privatePages = 0;
  let sharedPages = 0;
  for (let vpn = first; vpn < end; vpn++) {
    if (view.isPrivateCopy(vpn)) {
      pages += 'p';
      privatePages++;
    } else if (view.isShared(vpn)) {
      pages += 's';
      sharedPages++;
    } else pages += '-';
  }
  const characteristics = s?.characteristics ?? 0;
  const image: ImageRegionInfo = {
    module: c.module,
    path: c.path,
    moduleBase: c.moduleBase,
    section: s?.name || (c.section === -1 ? HEADERS : PAST_SECTIONS),
    sectionIndex: c.section,
    characteristics: characteristics >>> 0,
    sectionProtect: s?.protection ?? c.layout.protection[first - c.moduleBase / PAGE_SIZE] ?? 0,
    sharedSection: (characteristics & IMAGE_SCN_MEM_SHARED) !== 0,
    privatePages,
    sharedPages,
    pages,
  };
  const size = (end - first) * PAGE_SIZE;
  return {
    ...region,
    base: first * PAGE_SIZE,
    size,
    committedPages: region.state === 'committed' ? size / PAGE_SIZE : 0,
    image,
  };
}
