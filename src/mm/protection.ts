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
