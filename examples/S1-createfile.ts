// S1: CreateFile on a 1 GiB file costs only the kernel object's pool: no virtual, no commit
/*
 * Seed experiment S1 (SPEC section 4), the seed's "试图打开一个1G的文件": open a 1 GiB
 * file with CreateFile and print how GlobalMemoryStatus moved.
 *
 * What to look for: avail virtual and avail pagefile do not move at all. avail phys moves
 * only by the nonpaged pool the FILE_OBJECT takes (0x200 bytes); pool is charged by the
 * page, so it drops by one page (4096) when the object starts a new pool page and by 0
 * when it fits in one already taken: "a small drop, different every run" as the seed says.
 * Opening the file reads none of it: 1 GiB or 1 byte costs the same.
 *
 * Run:  mmlab examples S1 [size]      size of C:\<size>.bin, default 1G (made sparse if missing)
 */
import {
  CloseHandle,
  CreateFile,
  CREATE_NEW,
  ERROR_FILE_EXISTS,
  ExitProcess,
  FILE_ATTRIBUTE_NORMAL,
  FILE_BEGIN,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  GENERIC_READ,
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
} from 'mmlab/win32';

const size = sizeArg(1, 1 << 30);
const path = `C:\\${sizeName(size)}.bin`;
makeSparseFile(path, size);

const hFile = step(`CreateFile(${path})`, () =>
  CreateFile(
    path,
    GENERIC_READ | GENERIC_WRITE,
    FILE_SHARE_READ | FILE_SHARE_WRITE,
    null,
    OPEN_EXISTING,
    FILE_ATTRIBUTE_NORMAL,
    null,
  ),
);
if (hFile === INVALID_HANDLE_VALUE) fail('CreateFile');
console.log(`hFile = ${hFile}`);

step('CloseHandle(hFile)', () => CloseHandle(hFile));

// ---- helpers (the same in every seed example) ------------------------------------------

/** Runs `call` between two GlobalMemoryStatus calls and prints what moved, as the seeds do. */
function step<T>(what: string, call: () => T): T {
  const before = status();
  const result = call();
  const after = status();
  console.log(
    `${what}: avail phys ${signed(after.dwAvailPhys - before.dwAvailPhys)}, ` +
      `avail pagefile ${signed(after.dwAvailPageFile - before.dwAvailPageFile)}, ` +
      `avail virtual ${signed(after.dwAvailVirtual - before.dwAvailVirtual)}`,
  );
  return result;
}

function status(): MEMORYSTATUS {
  const s = new MEMORYSTATUS();
  GlobalMemoryStatus(s);
  return s;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** Command-line argument `i` (0 is the program) as a size: 65536, 64K, 100M, 1G; else `fallback`. */
function sizeArg(i: number, fallback: number): number {
  const word = (GetCommandLine().match(/"[^"]*"|\S+/g) ?? [])[i];
  if (word === undefined) return fallback;
  const m = /^(\d+)([KMG]?)$/i.exec(word);
  if (!m) throw new Error(`not a size: ${word} (say e.g. 65536, 64K, 100M or 1G)`);
  return Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase());
}

/** 1G, 64M, 100K or the byte count: the seeds call their file "1G". */
function sizeName(n: number): string {
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
function makeSparseFile(path: string, size: number): void {
  const h = CreateFile(path, GENERIC_WRITE, 0, null, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, null);
  if (h !== INVALID_HANDLE_VALUE) {
    if (!SetFilePointerEx(h, size, null, FILE_BEGIN) || !SetEndOfFile(h)) fail(`making ${path}`);
    CloseHandle(h);
    console.log(`made ${path}: ${size} bytes, sparse`);
    return;
  }
  if (GetLastError() !== ERROR_FILE_EXISTS) fail(`CreateFile(${path})`);
  const existing = CreateFile(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, null);
  const actual = { value: 0 };
  if (existing === INVALID_HANDLE_VALUE || !GetFileSizeEx(existing, actual)) fail(`opening ${path}`);
  CloseHandle(existing);
  if (actual.value !== size) {
    console.log(`${path} exists with ${actual.value} bytes, not ${size}: delete it or ask for that size`);
    ExitProcess(1);
  }
}

function fail(what: string): never {
  console.log(`${what} failed: GetLastError() = ${GetLastError()}`);
  ExitProcess(1);
}
