/**
 * mmlab/lab: the helpers the seed experiments share, for any program to import beside
 * mmlab/win32. They are not Win32: `step` runs a call between two GlobalMemoryStatus calls
 * and prints what moved in the seeds' form ("X: avail phys -4096, avail pagefile 0, avail
 * virtual 0"); `sizeArg` reads a size from the command line (64K, 100M, 1G); `sizeName`
 * names a size the seeds' way ("1G"); `makeSparseFile` makes a test file of a given length
 * without writing it (SetFilePointerEx + SetEndOfFile); `fail` prints the last error and
 * ends the process. Everything here goes through mmlab/win32, so it moves the counters
 * exactly as the same code in the program would.
 */
import {
  CloseHandle,
  CREATE_NEW,
  CreateFile,
  ERROR_FILE_EXISTS,
  ExitProcess,
  FILE_ATTRIBUTE_NORMAL,
  FILE_BEGIN,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  GENERIC_WRITE,
  GetCommandLine,
  GetFileSizeEx,
  GetLastError,
  GlobalMemoryStatus,
  INVALID_HANDLE_VALUE,
  MEMORYSTATUS,
  OPEN_EXISTING,
  SetEndOfFile,
  SetFilePointerEx,
} from './index.js';
import { syscall } from './runtime.js';

/** One line on the process's standard output (what console.log does in a program). */
export function print(line: string): void {
  syscall('WriteConsole', ['stdout', line]);
}

/** Runs `call` between two GlobalMemoryStatus calls and prints what moved, as the seeds do. */
export function step<T>(what: string, call: () => T): T {
  const before = status();
  const result = call();
  const after = status();
  print(
    `${what}: avail phys ${signed(after.dwAvailPhys - before.dwAvailPhys)}, ` +
      `avail pagefile ${signed(after.dwAvailPageFile - before.dwAvailPageFile)}, ` +
      `avail virtual ${signed(after.dwAvailVirtual - before.dwAvailVirtual)}`,
  );
  return result;
}

export function status(): MEMORYSTATUS {
  const s = new MEMORYSTATUS();
  GlobalMemoryStatus(s);
  return s;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** Command-line argument `i` (0 is the program) as a size: 65536, 64K, 100M, 1G; else `fallback`. */
export function sizeArg(i: number, fallback: number): number {
  const word = (GetCommandLine().match(/"[^"]*"|\S+/g) ?? [])[i];
  if (word === undefined) return fallback;
  const m = /^(\d+)([KMG]?)$/i.exec(word);
  if (!m) throw new Error(`not a size: ${word} (say e.g. 65536, 64K, 100M or 1G)`);
  return Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase());
}

/** 1G, 64M, 100K or the byte count: the seeds call their file "1G". */
export function sizeName(n: number): string {
  for (const [unit, bytes] of [
    ['G', 1 << 30],
    ['M', 1 << 20],
    ['K', 1 << 10],
  ] as const)
    if (n % bytes === 0) return `${n / bytes}${unit}`;
  return String(n);
}

/**
 * Makes `path` a file of `size` bytes if there is none: SetFilePointerEx + SetEndOfFile
 * give it its length without writing any data, so it stays sparse on disk. An existing
 * file is used as it is, if it has that size.
 */
export function makeSparseFile(path: string, size: number): void {
  const h = CreateFile(path, GENERIC_WRITE, 0, null, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, null);
  if (h !== INVALID_HANDLE_VALUE) {
    if (!SetFilePointerEx(h, size, null, FILE_BEGIN) || !SetEndOfFile(h)) fail(`making ${path}`);
    CloseHandle(h);
    print(`made ${path}: ${size} bytes, sparse`);
    return;
  }
  if (GetLastError() !== ERROR_FILE_EXISTS) fail(`CreateFile(${path})`);
  const existing = CreateFile(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, null);
  const actual = { value: 0 };
  if (existing === INVALID_HANDLE_VALUE || !GetFileSizeEx(existing, actual)) fail(`opening ${path}`);
  CloseHandle(existing);
  if (actual.value !== size) {
    print(`${path} exists with ${actual.value} bytes, not ${size}: delete it or ask for that size`);
    ExitProcess(1);
  }
}

export function fail(what: string): never {
  print(`${what} failed: GetLastError() = ${GetLastError()}`);
  ExitProcess(1);
}
