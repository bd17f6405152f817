/**
 * File services: CreateFile, ReadFile, WriteFile, SetFilePointer(Ex), SetEndOfFile,
 * GetFileSize(Ex), FlushFileBuffers, DeleteFile, GetFileType. Names, opens, sharing and
 * deletion live in the file system (src/io/file-system.ts, `k.io`); data moves through
 * src/io/file-io.ts, which goes through the file's data section when one exists so that
 * ReadFile/WriteFile and mapped views see the same bytes.
 *
 * Checks come in NT's order: the handle (ERROR_INVALID_HANDLE, also for a handle to
 * another kind of object), then the access granted to the handle (ERROR_ACCESS_DENIED),
 * then the buffer (ERROR_NOACCESS for ReadFile, ERROR_INVALID_USER_BUFFER for WriteFile,
 * probed over the whole length asked for, before any byte moves), then the operation.
 */
import type { Kernel } from '../../ke/kernel.js';
import type { Process } from '../../ps/process.js';
import { FileObject } from '../../io/file-object.js';
import { Event } from '../../ke/event.js';
import { FileTransfer, hostIoError } from '../../io/file-io.js';
import { probeProcessMemory } from '../../mm/process-memory.js';
import {
  CREATE_ALWAYS,
  FILE_APPEND_DATA,
  FILE_BEGIN,
  FILE_CURRENT,
  FILE_END,
  FILE_READ_DATA,
  FILE_TYPE_DISK,
  FILE_WRITE_DATA,
  OPEN_ALWAYS,
} from '../../win32/constants.js';
import {
  ERROR_ACCESS_DENIED,
  ERROR_ALREADY_EXISTS,
  ERROR_INVALID_FUNCTION,
  ERROR_INTERNAL_ERROR,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  ERROR_INVALID_USER_BUFFER,
  ERROR_NEGATIVE_SEEK,
  ERROR_NOACCESS,
  ERROR_SUCCESS,
  ERROR_USER_MAPPED_FILE,
} from '../../win32/errors.js';
import type { Blocked, Service, ServiceReply } from '../service.js';
import { objectFor } from '../handles.js';
import { fail, Win32Error } from '../win32-error.js';

const n = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const TWO_32 = 0x1_0000_0000;

/** The file object behind a handle, with at least one of the rights in `anyOf` granted (0: none needed). */
function fileFor(k: Kernel, p: Process, h: unknown, anyOf = 0): FileObject {
  const o = objectFor(k, p, h, 0);
  // Type before access, as ObReferenceObjectByHandle checks them.
  if (!(o instanceof FileObject)) fail(ERROR_INVALID_HANDLE);
  const granted = p.handles.get(h as number)!.access;
  if (anyOf !== 0 && (granted & anyOf) === 0) fail(ERROR_ACCESS_DENIED);
  return o;
}

/** What ReadFile/WriteFile were given in an OVERLAPPED ({offset, hEvent} from the Win32 layer). */
interface Overlapped {
  offset: number;
  event: Event | null;
}

/**
 * The OVERLAPPED of a call, or null for the file pointer. Its event, if any, is reset now
 * and set when the I/O completes, as NtReadFile/NtWriteFile do. An asynchronous handle
 * (FILE_FLAG_OVERLAPPED) has no file pointer to use: it needs an OVERLAPPED.
 */
function overlappedOf(k: Kernel, p: Process, f: FileObject, v: unknown): Overlapped | null {
  if (v === null || v === undefined) {
    if (f.flags.overlapped) fail(ERROR_INVALID_PARAMETER);
    return null;
  }
  const o = v as { offset?: unknown; hEvent?: unknown };
  const offset = n(o.offset);
  if (!Number.isSafeInteger(offset) || offset < 0) fail(ERROR_INVALID_PARAMETER);
  let event: Event | null = null;
  if (o.hEvent) {
    const e = objectFor(k, p, o.hEvent, 0);
    if (!(e instanceof Event)) fail(ERROR_INVALID_HANDLE);
    event = e;
    event.reset();
  }
  return { offset, event };
}

/** The I/O is done: the file pointer moves (synchronous handles only) and the event is set. */
function complete(f: FileObject, ov: Overlapped | null, end: number): void {
  if (!f.flags.overlapped) f.position = end;
  ov?.event?.set();
}

/**
 * Runs a transfer to the end, or parks the call while a fault waits for memory. A parked
 * call keeps a reference on its file object, so that closing the handle meanwhile (another
 * process can, with DuplicateHandle and DUPLICATE_CLOSE_SOURCE) cannot close the file under it.
 */
function runTransfer(
  k: Kernel,
  f: FileObject,
  t: FileTransfer,
  onFault: number,
  finish: () => ServiceReply,
): ServiceReply | Blocked {
  const attempt = (): ServiceReply | null => {
    let r;
    try {
      r = t.step();
    } catch (e) {
      throw new Win32Error(hostIoError(e));
    }
    if (r === 'retry') return null;
    if (r === 'fault') fail(onFault);
    return finish();
  };
  const first = attempt();
  if (first) return first;
  k.objects.reference(f);
  let result: ServiceReply | null = null;
  return {
    blocked: true,
    poll: () => {
      if (result) return result;
      try {
        result = attempt();
      } catch (e) {
        // A parked call is retried outside the dispatcher's try: fail it as a reply instead.
        result = { ret: 0, lastError: e instanceof Win32Error ? e.code : ERROR_INTERNAL_ERROR };
      }
      return result;
    },
    dispose: () => k.objects.dereference(f),
  };
}

export const fileServices: Record<string, Service> = {
  CreateFile: {
    failValue: -1,
    run: (k, p, [fileName, desiredAccess, shareMode, inherit, disposition, flagsAndAttributes]) => {
      const { file, existed } = k.io.createFile({
        path: fileName as string,
        desiredAccess: n(desiredAccess) >>> 0,
        shareMode: n(shareMode) >>> 0,
        disposition: n(disposition) >>> 0,
        flagsAndAttributes: n(flagsAndAttributes) >>> 0,
      });
      const h = k.objects.openHandle(p.handles, file, file.access, inherit === true);
      // The handle holds the object now; drop the creation reference.
      k.objects.dereference(file);
      const d = n(disposition);
      // kernel32 sets the last error on every success: ERROR_ALREADY_EXISTS or 0.
      const lastError = existed && (d === OPEN_ALWAYS || d === CREATE_ALWAYS) ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS;
      return { ret: h, lastError };
    },
  },

  ReadFile: {
    failValue: 0,
    run: (k, p, [h, buffer, length, overlapped]) => {
      const f = fileFor(k, p, h);
      if (f.isDirectory) fail(ERROR_INVALID_FUNCTION);
      if (!(p.handles.get(h as number)!.access & FILE_READ_DATA)) fail(ERROR_ACCESS_DENIED);
      const want = n(length);
      if (!Number.isSafeInteger(want) || want < 0) fail(ERROR_INVALID_PARAMETER);
      const ov = overlappedOf(k, p, f, overlapped);
      if (want === 0) {
        complete(f, ov, ov?.offset ?? f.position);
        return { ret: 1, out: { bytes: 0 } };
      }
      if (!probeProcessMemory(k, p.addressSpace, n(buffer), want, true)) fail(ERROR_NOACCESS);
      const offset = ov?.offset ?? f.position;
      const count = Math.max(0, Math.min(want, f.fcb.size() - offset));
      const t = new FileTransfer(k, p.addressSpace, f.fcb, offset, n(buffer), count, 'to-process');
      return runTransfer(k, f, t, ERROR_NOACCESS, () => {
        complete(f, ov, offset + count);
        return { ret: 1, out: { bytes: count } };
      });
    },
  },

  WriteFile: {
    failValue: 0,
    run: (k, p, [h, buffer, length, overlapped]) => {
      const f = fileFor(k, p, h);
      if (f.isDirectory) fail(ERROR_INVALID_FUNCTION);
      const granted = p.handles.get(h as number)!.access;
      if (!(granted & (FILE_WRITE_DATA | FILE_APPEND_DATA))) fail(ERROR_ACCESS_DENIED);
      const want = n(length);
      if (!Number.isSafeInteger(want) || want < 0) fail(ERROR_INVALID_PARAMETER);
      const ov = overlappedOf(k, p, f, overlapped);
      if (want === 0) {
        complete(f, ov, ov?.offset ?? f.position);
        return { ret: 1, out: { bytes: 0 } };
      }
      if (!probeProcessMemory(k, p.addressSpace, n(buffer), want, false)) fail(ERROR_INVALID_USER_BUFFER);
      // An offset of 0xFFFFFFFF:FFFFFFFF, or a handle with append but no write access, appends.
      const append = ov?.offset === 0xffffffff * TWO_32 + 0xffffffff || !(granted & FILE_WRITE_DATA);
      const offset = append ? f.fcb.size() : (ov?.offset ?? f.position);
      if (!Number.isSafeInteger(offset + want)) fail(ERROR_INVALID_PARAMETER);
      const t = new FileTransfer(k, p.addressSpace, f.fcb, offset, n(buffer), want, 'from-process');
      return runTransfer(k, f, t, ERROR_INVALID_USER_BUFFER, () => {
        if (f.flags.writeThrough) {
          // FILE_FLAG_WRITE_THROUGH: what this call wrote is durable before WriteFile returns
          // (through the section's pages if the file is mapped, not the whole section).
          if (f.fcb.dataSection) f.fcb.dataSection.flush(offset, want);
          else f.fcb.file.flush();
        }
        complete(f, ov, offset + want);
        return { ret: 1, out: { bytes: want } };
      });
    },
  },

  /** SetFilePointer and SetFilePointerEx: `high` is null when SetFilePointer got no high part. */
  SetFilePointer: {
    failValue: 0xffffffff,
    run: (k, p, [h, low, high, method]) => {
      const f = fileFor(k, p, h);
      const distance = high === null ? n(low) | 0 : (n(high) | 0) * TWO_32 + (n(low) >>> 0);
      const pos = seek(f, distance, n(method));
      // Without a high part the new position must fit in 32 bits (kernel32 checks before moving).
      if (high === null && pos >= TWO_32) fail(ERROR_INVALID_PARAMETER);
      f.position = pos;
      const lowPart = pos % TWO_32;
      // 0xFFFFFFFF is also a valid low part: kernel32 clears the last error so callers can tell.
      return {
        ret: lowPart,
        out: { high: Math.floor(pos / TWO_32) },
        lastError: lowPart === 0xffffffff ? ERROR_SUCCESS : undefined,
      };
    },
  },
  SetFilePointerEx: {
    failValue: 0,
    run: (k, p, [h, distance, method]) => {
      const f = fileFor(k, p, h);
      const d = n(distance);
      if (!Number.isSafeInteger(d)) fail(ERROR_INVALID_PARAMETER);
      f.position = seek(f, d, n(method));
      return { ret: 1, out: { position: f.position } };
    },
  },

  SetEndOfFile: {
    failValue: 0,
    run: (k, p, [h]) => {
      const f = fileFor(k, p, h, FILE_WRITE_DATA);
      if (f.isDirectory) fail(ERROR_INVALID_PARAMETER);
      const size = f.position;
      // MmCanFileBeTruncated: not below the end of a live section.
      const s = f.fcb.dataSection;
      if (s && size < s.sectionBytes) fail(ERROR_USER_MAPPED_FILE);
      try {
        f.fcb.setSize(size);
      } catch (e) {
        fail(hostIoError(e));
      }
      return { ret: 1 };
    },
  },

  GetFileSizeEx: {
    failValue: 0,
    quiet: true,
    run: (k, p, [h]) => ({ ret: 1, out: { size: fileFor(k, p, h).fcb.size() } }),
  },

  FlushFileBuffers: {
    failValue: 0,
    run: (k, p, [h]) => {
      const f = fileFor(k, p, h, FILE_WRITE_DATA | FILE_APPEND_DATA);
      try {
        f.fcb.dataSection?.flush();
        f.fcb.file.flush();
      } catch (e) {
        fail(hostIoError(e));
      }
      return { ret: 1 };
    },
  },

  DeleteFile: {
    failValue: 0,
    run: (k, _p, [fileName]) => {
      k.io.deleteFile(fileName as string);
      return { ret: 1 };
    },
  },

  GetFileType: {
    failValue: 0, // FILE_TYPE_UNKNOWN
    quiet: true,
    run: (k, p, [h]) => {
      fileFor(k, p, h);
      return { ret: FILE_TYPE_DISK };
    },
  },
};

/** The new file position for a move, or the Win32 error SetFilePointer(Ex) gives. */
function seek(f: FileObject, distance: number, method: number): number {
  let base: number;
  if (method === FILE_BEGIN) base = 0;
  else if (method === FILE_CURRENT) base = f.position;
  else if (method === FILE_END) base = f.fcb.size();
  else fail(ERROR_INVALID_PARAMETER);
  const pos = base + distance;
  if (pos < 0) fail(ERROR_NEGATIVE_SEEK);
  if (!Number.isSafeInteger(pos)) fail(ERROR_INVALID_PARAMETER);
  return pos;
}
