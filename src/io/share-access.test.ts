/**
 * Unit tests of the share-access rule (NT's IoCheckShareAccess) and of CreateFile's access
 * mapping, against the rule Wine's test_file_sharing states for real Windows.
 */
import { describe, expect, it } from 'vitest';
import {
  DELETE,
  FILE_ALL_ACCESS,
  FILE_APPEND_DATA,
  FILE_EXECUTE,
  FILE_GENERIC_READ,
  FILE_GENERIC_WRITE,
  FILE_READ_ATTRIBUTES,
  FILE_READ_DATA,
  FILE_WRITE_DATA,
  GENERIC_ALL,
  GENERIC_EXECUTE,
  GENERIC_READ,
  GENERIC_WRITE,
  MAXIMUM_ALLOWED,
  SYNCHRONIZE,
} from '../win32/constants.js';
import { grantedFileAccess, mapGenericFileAccess } from './file-access.js';
import { ShareAccess } from './share-access.js';

const ACCESS = [
  0,
  GENERIC_READ,
  GENERIC_WRITE,
  GENERIC_READ | GENERIC_WRITE,
  DELETE,
  GENERIC_EXECUTE,
  FILE_READ_DATA,
  FILE_WRITE_DATA,
  FILE_APPEND_DATA,
  FILE_EXECUTE,
  FILE_READ_ATTRIBUTES,
  GENERIC_READ | DELETE,
].map((a) => a >>> 0);
const SHARE = [0, 1, 2, 3, 4, 5, 6, 7];

/** Wine's is_sharing_compatible, the reference. */
function compatible(a1: number, s1: number, a2: number, s2: number): boolean {
  const data = FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_EXECUTE | DELETE;
  a1 = mapGenericFileAccess(a1) & data;
  a2 = mapGenericFileAccess(a2) & data;
  if (!a1) s1 = 7;
  if (!a2) s2 = 7;
  if (a1 & (FILE_READ_DATA | FILE_EXECUTE) && !(s2 & 1)) return false;
  if (a1 & (FILE_WRITE_DATA | FILE_APPEND_DATA) && !(s2 & 2)) return false;
  if (a1 & DELETE && !(s2 & 4)) return false;
  if (a2 & (FILE_READ_DATA | FILE_EXECUTE) && !(s1 & 1)) return false;
  if (a2 & (FILE_WRITE_DATA | FILE_APPEND_DATA) && !(s1 & 2)) return false;
  if (a2 & DELETE && !(s1 & 4)) return false;
  return true;
}

describe('ShareAccess', () => {
  it('admits a second open exactly when Windows does', () => {
    for (const a1 of ACCESS)
      for (const s1 of SHARE)
        for (const a2 of ACCESS)
          for (const s2 of SHARE) {
            const sa = new ShareAccess();
            const g1 = mapGenericFileAccess(a1);
            expect(sa.allows(g1, s1)).toBe(true);
            sa.add(g1, s1);
            expect([a1, s1, a2, s2, sa.allows(mapGenericFileAccess(a2), s2)]).toEqual([
              a1,
              s1,
              a2,
              s2,
              compatible(a1, s1, a2, s2),
            ]);
          }
  });

  it('every open must agree: a third open is checked against both', () => {
    const sa = new ShareAccess();
    sa.add(FILE_GENERIC_READ, 3); // reader sharing read and write
    sa.add(FILE_GENERIC_WRITE, 1 | 2); // writer sharing read and write
    expect(sa.allows(FILE_GENERIC_READ, 1)).toBe(false); // does not share write with the writer
    expect(sa.allows(FILE_GENERIC_READ, 3)).toBe(true);
    expect(sa.allows(DELETE, 7)).toBe(false); // nobody shares delete
  });

  it('removing an open gives its share back', () => {
    const sa = new ShareAccess();
    sa.add(FILE_GENERIC_WRITE, 0);
    expect(sa.allows(FILE_GENERIC_READ, 7)).toBe(false);
    sa.remove(FILE_GENERIC_WRITE, 0);
    expect(sa.allows(FILE_GENERIC_READ, 0)).toBe(true);
    expect(sa.openCount).toBe(0);
    sa.checkInvariants();
  });

  it('opens without data access neither check nor count', () => {
    const sa = new ShareAccess();
    sa.add(FILE_READ_ATTRIBUTES | SYNCHRONIZE, 0);
    expect(sa.openCount).toBe(0);
    sa.add(FILE_GENERIC_READ | FILE_GENERIC_WRITE, 0);
    expect(sa.allows(FILE_READ_ATTRIBUTES, 0)).toBe(true);
    expect(() => new ShareAccess().remove(FILE_READ_DATA, 0)).toThrow();
  });
});

describe('file access mapping', () => {
  it('maps generic rights to FILE_GENERIC_* and FILE_ALL_ACCESS', () => {
    expect(mapGenericFileAccess(GENERIC_READ)).toBe(FILE_GENERIC_READ);
    expect(mapGenericFileAccess(GENERIC_WRITE)).toBe(FILE_GENERIC_WRITE);
    expect(mapGenericFileAccess(GENERIC_EXECUTE)).toBe(0x001200a0);
    expect(mapGenericFileAccess(GENERIC_ALL)).toBe(FILE_ALL_ACCESS);
    expect(mapGenericFileAccess(FILE_READ_DATA | DELETE)).toBe(FILE_READ_DATA | DELETE);
  });

  it('grants what kernel32 adds, and MAXIMUM_ALLOWED without write on a read-only file', () => {
    expect(grantedFileAccess(0, { deleteOnClose: false, readOnly: false })).toBe(SYNCHRONIZE | FILE_READ_ATTRIBUTES);
    expect(grantedFileAccess(FILE_READ_DATA, { deleteOnClose: true, readOnly: false })).toBe(
      FILE_READ_DATA | DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES,
    );
    expect(grantedFileAccess(MAXIMUM_ALLOWED, { deleteOnClose: false, readOnly: false })).toBe(FILE_ALL_ACCESS);
    const ro = grantedFileAccess(MAXIMUM_ALLOWED, { deleteOnClose: false, readOnly: true });
    expect(ro & (FILE_WRITE_DATA | FILE_APPEND_DATA)).toBe(0);
    expect(ro & FILE_READ_DATA).toBe(FILE_READ_DATA);
  });
});
