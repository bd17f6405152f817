/**
 * Win32Exception: what a program catches for a structured exception (like __except):
 * `code` is the NTSTATUS exception code (0xC0000005 access violation, 0xC0000006 in-page
 * error, 0x80000001 guard page), `address` the faulting address and `access` the kind of
 * access, as EXCEPTION_RECORD.ExceptionInformation[0] would say (0 read, 1 write).
 */
export class Win32Exception extends Error {
  override name = 'Win32Exception';
  constructor(
    readonly code: number,
    readonly address: number,
    readonly access: 'read' | 'write',
  ) {
    super(
      `${describeException(code)} ${access === 'write' ? 'writing' : 'reading'} 0x${address.toString(16).toUpperCase()}`,
    );
  }

  /** EXCEPTION_RECORD-style fields. */
  get ExceptionCode(): number {
    return this.code;
  }
  get ExceptionInformation(): [number, number] {
    return [this.access === 'write' ? 1 : 0, this.address];
  }
}

export function describeException(code: number): string {
  switch (code >>> 0) {
    case 0xc0000005:
      return 'EXCEPTION_ACCESS_VIOLATION (0xC0000005)';
    case 0xc0000006:
      return 'EXCEPTION_IN_PAGE_ERROR (0xC0000006)';
    case 0x80000001:
      return 'STATUS_GUARD_PAGE_VIOLATION (0x80000001)';
    default:
      return `exception 0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
  }
}
