/**
 * SectionObject: what a file-mapping handle refers to (NT's section object). It names a
 * control area and says how much of it this section covers and with which protection;
 * the memory itself belongs to the control area. A named section's name lives in the
 * object namespace until its last handle closes; the object itself lives while a handle
 * or a kernel reference holds it. Views reference the control area, not this object.
 */
import { KernelObject } from '../../ob/object.js';
import type { ControlArea } from './control-area.js';

/** NT's section object body and header, and the control area's share for a new one. */
const SECTION_POOL_BYTES = 0x180;

export class SectionObject extends KernelObject {
  readonly typeName = 'Section';
  readonly poolBytes = SECTION_POOL_BYTES;

  constructor(
    readonly controlArea: ControlArea,
    /** Size of this section in bytes (byte-exact for a file; page-rounded for the pagefile). */
    readonly sizeBytes: number,
    /** The page protection it was created with (PAGE_READONLY, PAGE_READWRITE, ...). */
    readonly protection: number,
    /** SEC_COMMIT, SEC_RESERVE, SEC_NOCACHE ... as given. */
    readonly attributes: number,
    /** Called once when the object is deleted (the section manager drops its control-area reference). */
    private readonly onLastReference: (s: SectionObject) => void,
  ) {
    super();
  }

  get fileBacked(): boolean {
    return this.controlArea.fcb !== null;
  }

  override onDelete(): void {
    this.onLastReference(this);
  }
}
