/**
 * Conformance: 'mmlab/win32' exports the handle and synchronisation constants under their Win32
 * names with the Windows SDK values of sync-values.ts (written independently of src/win32).
 */
import { describe, expect, it } from 'vitest';
import { labCases } from './cases.js';
import { S } from './sync-values.js';

describe("'mmlab/win32' sync constants", () => {
  const r = labCases(
    { profile: 'x86' },
    `
for (const name of ${JSON.stringify(Object.keys(S))}) c(name, () => (name in W ? W[name] : 'missing'));
`,
  );

  for (const [name, value] of Object.entries(S)) {
    it(`${name} = 0x${value.toString(16)}`, () => {
      expect(r.get(name)).toBe(value);
    });
  }
});
