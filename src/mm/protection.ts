/**
 * Page protections (PAGE_*): which combinations are valid, and what they allow.
 * NT encodes protection in 5 bits; Win32 callers pass PAGE_* flags, exactly one base
 * protection optionally with PAGE_GUARD, PAGE_NOCACHE or PAGE_WRITECOMBINE.
 */

export const PAGE_NOACCESS = 0x01;
export const PAGE_READONLY = 0x02;
export const PAGE_READWRITE = 0x04;
export const PAGE_WRITECOPY = 0x08;
export const PAGE_EXECUTE = 0x10;
export const PAGE_EXECUTE_READ = 0x20;
export const PAGE_EXECUTE_READWRITE = 0x40;
export const PAGE_EXECUTE_WRITECOPY = 0x80;
export const PAGE_GUARD = 0x100;
export const PAGE_NOCACHE = 0x200;
export const PAGE_WRITECOMBINE = 0x400;

const BASE_MASK = 0xff;
const MODIFIER_MASK = PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE;

export function baseProtection(p: number): number {
  return p & BASE_MASK;
}

/** True if `p` is exactly one base protection plus allowed modifiers (NT's MiMakeProtectionMask). */
export function isValidProtection(p: number): boolean {
  if (!Number.isInteger(p) || p < 0 || p > 0xffff) return false;
  if (p & ~(BASE_MASK | MODIFIER_MASK)) return false;
  const base = p & BASE_MASK;
  if (base === 0 || (base & (base - 1)) !== 0) return false;
  // NOCACHE and WRITECOMBINE exclude each other; neither combines with GUARD.
  const mods = p & MODIFIER_MASK;
  if (mods & PAGE_NOCACHE && mods & (PAGE_WRITECOMBINE | PAGE_GUARD)) return false;
  if (mods & PAGE_WRITECOMBINE && mods & PAGE_GUARD) return false;
  // Modifiers make no sense on NOACCESS.
  if (base === PAGE_NOACCESS && mods) return false;
  return true;
}

export function isWritable(p: number): boolean {
  const b = p & BASE_MASK;
  return b === PAGE_READWRITE || b === PAGE_EXECUTE_READWRITE;
}

export function isCopyOnWrite(p: number): boolean {
  const b = p & BASE_MASK;
  return b === PAGE_WRITECOPY || b === PAGE_EXECUTE_WRITECOPY;
}

export function isReadable(p: number): boolean {
  const b = p & BASE_MASK;
  return b !== 0 && b !== PAGE_NOACCESS;
}

export function isGuard(p: number): boolean {
  return (p & PAGE_GUARD) !== 0;
}

const ACCESS_R = 1;
const ACCESS_W = 2;
const ACCESS_X = 4;

/** The accesses a protection grants as a set of bits (copy-on-write counts as read only). */
function accessSet(p: number): number {
  switch (p & BASE_MASK) {
    case PAGE_READONLY:
    case PAGE_WRITECOPY:
      return ACCESS_R;
    case PAGE_READWRITE:
      return ACCESS_R | ACCESS_W;
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_WRITECOPY:
      return ACCESS_R | ACCESS_X;
    case PAGE_EXECUTE_READWRITE:
      return ACCESS_R | ACCESS_W | ACCESS_X;
    default:
      return 0;
  }
}

/**
 * True if pages of a view mapped with `viewProtection` may be given `requested` (by
 * VirtualProtect or VirtualAlloc(MEM_COMMIT)): it may grant nothing the view's own
 * protection does not. Copy-on-write asks only for read access, so it is allowed in any
 * readable view (Windows 7+, as Wine's test_mapping records).
 */
export function isWithinViewProtection(viewProtection: number, requested: number): boolean {
  const want = accessSet(requested);
  return (accessSet(viewProtection) & want) === want;
}

/** What a copy-on-write protection becomes once the page has its private copy. */
export function afterCopyOnWrite(p: number): number {
  const base = p & BASE_MASK;
  if (base === PAGE_WRITECOPY) return (p & ~BASE_MASK) | PAGE_READWRITE;
  if (base === PAGE_EXECUTE_WRITECOPY) return (p & ~BASE_MASK) | PAGE_EXECUTE_READWRITE;
  return p;
}
