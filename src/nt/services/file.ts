/**
 * File services: CreateFile, ReadFile, WriteFile, SetFilePointer(Ex), SetEndOfFile,
 * GetFileSize(Ex), FlushFileBuffers, DeleteFile, GetFileType. Name resolution, opens,
 * sharing and deletion live in the file system (src/io/file-system.ts, `k.io`); data
 * moves through src/io/file-io.ts, which goes through the file's data section when one
 * exists so that ReadFile/WriteFile and mapped views see the same bytes.
 */
import { ERROR_ALREADY_EXISTS, ERROR_SUCCESS } from '../../win32/errors.js';
import { CREATE_ALWAYS, OPEN_ALWAYS } from '../../win32/constants.js';
import type { Service } from '../service.js';

const n = (v: unknown): number => (typeof v === 'number' ? v : NaN);

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
      const lastError = existed && (d === OPEN_ALWAYS || d === CREATE_ALWAYS) ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS;
      return { ret: h, lastError };
    },
  },
};
