// S3: MapViewOfFile of the whole 1 GiB file: avail virtual drops by 1 GiB, nothing else moves
/*
 * Seed experiment S3 (SPEC section 4), the seed's "映射内存映射文件后的空间": after S1 and S2,
 * MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0) maps the whole file.
 *
 * What to look for: avail virtual drops by exactly the size of the view (1 GiB): the view is
 * a reserved region of the address space. avail phys and avail pagefile do not move: no page
 * of the file is read until it is touched, and a view of a data file is backed by the file,
 * so it charges no commit. Then the first touch of one page: a page fault reads it from the
 * file (avail phys drops by that page and by the page table the kernel makes for it; the page
 * table, and only it, is charged to commit). UnmapViewOfFile gives the address space back.
 *
 * Run:  mmlab examples S3 [size]      size of C:\<size>.bin, default 1G (made sparse if missing)
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
  FILE_MAP_WRITE,
  GetLastError,
  GlobalMemoryStatus,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  MEMORYSTATUS,
  mem,
  OPEN_EXISTING,
  PAGE_READWRITE,
  SetEndOfFile,
  SetFilePointerEx,
  UnmapViewOfFile,
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
const hMap = step('CreateFileMapping(hFile, PAGE_READWRITE, 0, 0, "Yeming-Map")', () =>
  CreateFileMapping(hFile, null, PAGE_READWRITE, 0, 0, 'Yeming-Map'),
);
if (!hMap) fail('CreateFileMapping');

const pMap = step('MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)', () => MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0));
if (!pMap) fail('MapViewOfFile');
console.log(`base address = 0x${pMap.toString(16)}`);

// The first touch: one page comes in from the file (a hard fault), not the whole view.
const first = step('read pMap[0] (first touch)', () => mem.getInt32(pMap));
console.log(`pMap[0] = ${first}`);

step('UnmapViewOfFile(pMap)', () => UnmapViewOfFile(pMap));
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
