/**
 * Conformance: 'mmlab/win32' exports the constants this suite uses under their Win32 names with the Windows
 * SDK values (SPEC section 2: "Constants keep their Win32 names and values"). The reference values are those of
 * win32-values.ts (winnt.h, winerror.h, winbase.h), written independently of src/win32.
 */
import { describe, expect, it } from 'vitest';
import { labCases } from './cases.js';
import { ERR, MEM, PAGE, PROCESSOR } from './win32-values.js';

/** The names a Win32 program of this family writes; AT_ROUND_TO_PAGE (a kernel-mode flag) is left out. */
const EXPECTED: Record<string, number> = {
  ...Object.fromEntries(Object.entries(MEM).filter(([k]) => k !== 'AT_ROUND_TO_PAGE')),
  ...PAGE,
  ...PROCESSOR,
  ...ERR,
  // winbase.h / minwinbase.h: the exception codes programs see (SPEC section 2).
  EXCEPTION_ACCESS_VIOLATION: 0xc0000005,
  EXCEPTION_GUARD_PAGE: 0x80000001,
};

describe("'mmlab/win32' constants", () => {
  const r = labCases(
    { profile: 'x86' },
    `
for (const name of ${JSON.stringify(Object.keys(EXPECTED))}) c(name, () => (name in W ? W[name] : 'missing'));
`,
  );

  for (const [name, value] of Object.entries(EXPECTED)) {
    it(`${name} = 0x${value.toString(16)}`, () => {
      expect(r.get(name)).toBe(value);
    });
  }
});
