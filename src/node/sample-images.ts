/**
 * The sample images (fixtures/images: app.exe and its companion program app.exe.ts, the
 * DLLs) put into a machine's workspace, so that examples S15–S17 and "Run an EXE" find them
 * on drive C:. A file already in the workspace is kept as it is — the user may have edited
 * app.exe.ts, and an image that is mapped must not change under the machine — and is
 * reported as kept.
 */
import { constants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SampleInstall } from '../api/snapshots.js';

export const SAMPLE_IMAGES_DIR = fileURLToPath(new URL('../../fixtures/images/', import.meta.url));

/** What is copied: the images and the companion program of the EXE (not the C sources or build script). */
export const SAMPLE_IMAGE_FILES = ['app.exe', 'app.exe.ts', 'liba.dll', 'libb.dll', 'fixed.dll', 'app64.dll'] as const;

/** Copies the sample images into the root of `workspace` (drive C:), never overwriting a file. */
export async function installSampleImages(workspace: string, from = SAMPLE_IMAGES_DIR): Promise<SampleInstall> {
  const result: SampleInstall = { copied: [], kept: [] };
  for (const name of SAMPLE_IMAGE_FILES) {
    try {
      await copyFile(join(from, name), join(workspace, name), constants.COPYFILE_EXCL);
      result.copied.push(`C:\\${name}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      result.kept.push(`C:\\${name}`);
    }
  }
  return result;
}
