/**
 * Win32Error: how a system service says "fail with this GetLastError code". The service
 * dispatcher turns it into the function's failure return value (0, FALSE,
 * INVALID_HANDLE_VALUE …) and the thread's last error.
 */
export class Win32Error extends Error {
  constructor(readonly code: number) {
    super(`Win32 error ${code}`);
  }
}

export function fail(code: number): never {
  throw new Win32Error(code);
}
