// S4: increment every int32 of a 1 GiB file through one view, with less RAM than the file
/*
 * Seed experiment S4 (SPEC section 4), the seed's "使用1G的文件": map the whole file (S1-S3),
 * then `for (i = 0; i < N - 1; i++) pInt[i]++;` and set pInt[N-1] = 10, pInt[100] = 90,
 * pInt[101] = 100, exactly as the seed's C++ does. The machine has 256 MiB of RAM by
 * default, a quarter of the file.
 *
 * What to look for: every first touch of a page is a page fault that reads the file; avail
 * phys falls as the view's pages come in, then stops falling: when it gets down to the
 * balance-set floor the kernel trims the working set and the modified page writer writes the
 * dirty pages back to the file (never to the pagefile), so the checkpoints below level off.
 * avail pagefile moves only by the page tables the view needs (one page per 4 MiB touched,
 * charged to commit as on Windows); the file's pages themselves charge no commit. After
 * UnmapViewOfFile the file holds the new values: ReadFile sees them at once (views and file
 * I/O share the file's pages), and the dirty pages reach the disk by the time the mapping
 * is closed.
 *
 * Run:  mmlab examples S4 [size] [--ram 256M]   size of C:\<size>.bin, default 1G (made sparse
 *       if missing; an existing file is used as it is, so each run adds 1 again)
 */
import {
  CloseHandle,
  CreateFile,
  CreateFileMapping,
  FILE_ATTRIBUTE_NORMAL,
  FILE_BEGIN,
  FILE_MAP_WRITE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  GENERIC_READ,
  GENERIC_WRITE,
  INVALID_HANDLE_VALUE,
  MapViewOfFile,
  mem,
  MEM_COMMIT,
  MEM_RELEASE,
  MEM_RESERVE,
  OPEN_EXISTING,
  PAGE_READWRITE,
  ReadFile,
  SetFilePointerEx,
  UnmapViewOfFile,
  VirtualAlloc,
  VirtualFree,
} from 'mmlab/win32';
import { step, status, sizeArg, sizeName, makeSparseFile, fail } from 'mmlab/lab';

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

const N = Math.floor(size / 4);
const pInt = mem.int32(pMap);
show('before the loop');
console.log(`pInt[N-1] before = ${pInt.get(N - 1)}`);

step('increment every int32 (pInt[i]++ for i < N-1)', () => {
  // Eight checkpoints: avail phys falls, then levels off at the balance-set floor.
  for (let part = 1, i = 0; part <= 8; part++) {
    const end = Math.floor(((N - 1) * part) / 8);
    for (; i < end; i++) pInt.set(i, pInt.get(i) + 1);
    console.log(`  ${part}/8 done: avail phys ${status().dwAvailPhys}`);
  }
});
pInt.set(N - 1, 10);
pInt.set(100, 90);
pInt.set(101, 100);
show('after the loop');

step('UnmapViewOfFile(pMap)', () => UnmapViewOfFile(pMap));

// ReadFile sees what the view wrote: file I/O and views share one set of pages.
const buf = VirtualAlloc(0, 4, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
const read = (i: number): number => {
  const got = { value: 0 };
  if (!SetFilePointerEx(hFile, i * 4, null, FILE_BEGIN) || !ReadFile(hFile, buf, 4, got, null) || got.value !== 4)
    fail('ReadFile');
  return mem.getInt32(buf);
};
console.log(
  `the file after unmap: [0] = ${read(0)}, [100] = ${read(100)}, [101] = ${read(101)}, [N-1] = ${read(N - 1)}`,
);
VirtualFree(buf, 0, MEM_RELEASE);

step('CloseHandle(hMap)', () => CloseHandle(hMap));
step('CloseHandle(hFile)', () => CloseHandle(hFile));

/** The seed's absolute figures ("可用物理内存=…"). */
function show(when: string): void {
  const s = status();
  console.log(
    `${when}: avail phys ${s.dwAvailPhys}, avail pagefile ${s.dwAvailPageFile}, avail virtual ${s.dwAvailVirtual}`,
  );
}
