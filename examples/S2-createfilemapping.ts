// S2: CreateFileMapping of the 1 GiB file makes only an object: no physical, commit or virtual
/*
 * Seed experiment S2 (SPEC section 4), the seed's "建立内存映射文件后的空间": after S1's
 * CreateFile, CreateFileMapping(hFile, NULL, PAGE_READWRITE, 0, 0, "Yeming-Map").
 *
 * What to look for: CreateFileMapping moves none of the three counters. A mapping object
 * backed by a data file reserves no address space (that is MapViewOfFile's job), commits
 * nothing (the file itself is the backing store, so nothing needs pagefile space) and reads
 * nothing. The only memory it takes is the section object's pool (0x180 bytes), which is
 * charged by the page: avail phys moves by 0, or by one page when a new pool page starts.
 *
 * Run:  mmlab examples S2 [size]      size of C:\<size>.bin, default 1G (made sparse if missing)
 */
import {
  CloseHandle,
  CreateFile,
  CreateFileMapping,
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
  PAGE_READWRITE,
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

// Size 0, 0: the mapping is as large as the file.
const hMap = step('CreateFileMapping(hFile, PAGE_READWRITE, 0, 0, "Yeming-Map")', () =>
  CreateFileMapping(hFile, null, PAGE_READWRITE, 0, 0, 'Yeming-Map'),
);
if (!hMap) fail('CreateFileMapping');
console.log(`hMap = ${hMap}`);

step('CloseHandle(hMap)', () => CloseHandle(hMap));
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
