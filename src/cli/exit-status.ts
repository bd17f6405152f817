/**
 * How the CLI shows an emulated process's exit code, and which host exit code it becomes.
 *
 * Windows exit codes are 32-bit and a crashed process exits with its NTSTATUS
 * (0xC0000005 for an uncaught access violation). A POSIX exit status holds 0–255, and
 * the low byte of 0xC0000005 would read as an innocent 5, so codes that do not fit
 * become 255; the exact code is in the `[pid N] exited …` line and in --json output.
 */

const STATUS_NAMES: Readonly<Record<number, string>> = {
  0x80000003: 'EXCEPTION_BREAKPOINT',
  0xc0000005: 'EXCEPTION_ACCESS_VIOLATION',
  0xc0000006: 'EXCEPTION_IN_PAGE_ERROR',
  0xc0000017: 'STATUS_NO_MEMORY',
  0xc0000094: 'EXCEPTION_INT_DIVIDE_BY_ZERO',
  0xc00000fd: 'EXCEPTION_STACK_OVERFLOW',
  0xc000013a: 'STATUS_CONTROL_C_EXIT',
};

/** Exit code given to processes terminated because of Ctrl-C, as Windows does. */
export const STATUS_CONTROL_C_EXIT = 0xc000013a;

/** The exit code as an unsigned 32-bit DWORD, as GetExitCodeProcess reports it. */
export function exitDword(code: number): number {
  return code >>> 0;
}

/** "0", "3", "259", or "0xC0000005 (EXCEPTION_ACCESS_VIOLATION)". */
export function formatExitCode(code: number): string {
  const dword = exitDword(code);
  if (dword < 0x10000) return String(dword);
  const hex = `0x${dword.toString(16).toUpperCase().padStart(8, '0')}`;
  const name = STATUS_NAMES[dword];
  return name ? `${hex} (${name})` : hex;
}

/** The host process exit status for an emulated exit code: itself if 0–255, else 255. */
export function hostExitStatus(code: number): number {
  const dword = exitDword(code);
  return dword <= 255 ? dword : 255;
}
