// How emulated exit codes are shown and what host exit status they become.
import { describe, it, expect } from 'vitest';
import { formatExitCode, hostExitStatus } from '../../src/cli/exit-status.js';

describe('exit codes', () => {
  it('shows small codes in decimal and NTSTATUS codes in hex with their name', () => {
    expect(formatExitCode(0)).toBe('0');
    expect(formatExitCode(259)).toBe('259');
    expect(formatExitCode(0xc0000005)).toBe('0xC0000005 (EXCEPTION_ACCESS_VIOLATION)');
    expect(formatExitCode(-1073741819)).toBe('0xC0000005 (EXCEPTION_ACCESS_VIOLATION)'); // same DWORD, signed
    expect(formatExitCode(0xc0000006)).toBe('0xC0000006 (EXCEPTION_IN_PAGE_ERROR)');
    expect(formatExitCode(0xdeadbeef)).toBe('0xDEADBEEF');
  });

  it('passes 0-255 through and turns anything else into 255', () => {
    expect(hostExitStatus(0)).toBe(0);
    expect(hostExitStatus(3)).toBe(3);
    expect(hostExitStatus(255)).toBe(255);
    expect(hostExitStatus(256)).toBe(255);
    expect(hostExitStatus(0xc0000005)).toBe(255);
    expect(hostExitStatus(-1)).toBe(255);
  });
});
