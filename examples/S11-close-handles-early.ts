// S11: close the file and mapping handles early: the view keeps working until the last unmap
/*
 * Seed experiment S11 (SPEC section 4), the seed's advice "在CreateFileMapping后马上关闭文件句柄;
 * 在MapViewOfFile后马上关闭内存映射句柄;最后再撤销映射" (close the file handle right after
 * CreateFileMapping, the mapping handle right after MapViewOfFile, and unmap last).
 *
 * What to look for: the two CloseHandle calls free nothing that the view needs (the view
 * holds the section, the section holds the file), so the view still reads and writes the file.
 * While the view exists the file is still open, with the access it was opened with: a
 * CreateFile that asks for exclusive use fails with ERROR_SHARING_VIOLATION (32).
 * UnmapViewOfFile, the last reference, frees everything: the address space, the section,
 * the file object and its pool (the step table adds up to what the page tables took, the only
 * thing a process keeps until it exits), and it closes the file: the same exclusive
 * CreateFile now succeeds, and ReadFile shows the view's writes.
 *
 * Run:  mmlab examples S11 [size]     size of C:\S11-<size>.bin, default 1M (made sparse if missing)
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
  FILE_MAP_WRITE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  GENERIC_READ,
  GENERIC_WRITE,
  GetCommandLine,
  GetFileSizeEx,
  GetLastError,
  GlobalMemoryStatus,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  MEMORYSTATUS,
  mem,
  MEM_COMMIT,
  MEM_RELEASE,
  MEM_RESERVE,
  OPEN_EXISTING,
  PAGE_READWRITE,
  ReadFile,
  SetEndOfFile,
  SetFilePointerEx,
  UnmapViewOfFile,
  VirtualAlloc,
  VirtualFree,
} from 'mmlab/win32';

const size = sizeArg(1, 1 << 20);
const path = `C:\\S11-${sizeName(size)}.bin`;
makeSparseFile(path, size);

const hFile = step(`CreateFile(${path}, GENERIC_READ | GENERIC_WRITE, 0)`, () =>
  CreateFile(path, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, null),
);
if (hFile === INVALID_HANDLE_VALUE) fail('CreateFile');
const hMap = step('CreateFileMapping(hFile, PAGE_READWRITE, 0, 0, NULL)', () =>
  CreateFileMapping(hFile, null, PAGE_READWRITE, 0, 0, null),
);
if (!hMap) fail('CreateFileMapping');
step('CloseHandle(hFile), right after CreateFileMapping', () => CloseHandle(hFile));
const pMap = step('MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0)', () => MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, 0));
if (!pMap) fail('MapViewOfFile');
step('CloseHandle(hMap), right after MapViewOfFile', () => CloseHandle(hMap));

// Both handles are gone; the view still works. Number every page: int32 0 of page k = k + 1.
const pages = Math.ceil(size / 4096);
step(`write the first int32 of each of the ${pages} pages`, () => {
  for (let k = 0; k < pages; k++) mem.setInt32(pMap + k * 4096, k + 1);
});
console.log(
  `read back: page 0 = ${mem.getInt32(pMap)}, page ${pages - 1} = ${mem.getInt32(pMap + (pages - 1) * 4096)}`,
);

const exclusive = () =>
  CreateFile(path, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, null);
const early = exclusive();
console.log(
  `CreateFile(${path}, no sharing) while the view exists: ${early === INVALID_HANDLE_VALUE ? `INVALID_HANDLE_VALUE, GetLastError() = ${GetLastError()}` : early}`,
);
if (early !== INVALID_HANDLE_VALUE) CloseHandle(early);

step('UnmapViewOfFile(pMap), the last reference', () => UnmapViewOfFile(pMap));

const hAgain = exclusive();
if (hAgain === INVALID_HANDLE_VALUE) fail(`CreateFile(${path}, no sharing) after the unmap`);
console.log(`CreateFile(${path}, no sharing) after the unmap: handle ${hAgain}`);
const buf = VirtualAlloc(0, 4, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
const got = { value: 0 };
SetFilePointerEx(hAgain, (pages - 1) * 4096, null, FILE_BEGIN);
if (!ReadFile(hAgain, buf, 4, got, null)) fail('ReadFile');
console.log(`ReadFile: page ${pages - 1} = ${mem.getInt32(buf)}`);
VirtualFree(buf, 0, MEM_RELEASE);
CloseHandle(hAgain);

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
