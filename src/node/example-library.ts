/**
 * The bundled example programs (examples/*.ts, the seeds' experiments) as the LabApi offers
 * them to the renderer: the same list `mmlab examples` prints, and one example's source by
 * name. Only names from that list are read, so a request cannot reach any other file.
 */
import { readFile } from 'node:fs/promises';
import type { ExampleInfo, ExampleProgram } from '../api/snapshots.js';
import { EXAMPLES_DIR, listExamples } from '../cli/examples-command.js';
import { RequestError, type ExampleLibrary } from './lab-service.js';

export function folderExamples(dir = EXAMPLES_DIR): ExampleLibrary {
  const list = async (): Promise<ExampleInfo[]> =>
    (await listExamples(dir)).map((e) => ({ name: e.name, fileName: `${e.name}.ts`, description: e.description }));
  return {
    list,
    async read(name: string): Promise<ExampleProgram> {
      const found = (await listExamples(dir)).find((e) => e.name === name);
      if (!found) throw new RequestError(`example: no example named ${JSON.stringify(name)}`);
      return {
        name: found.name,
        fileName: `${found.name}.ts`,
        description: found.description,
        source: await readFile(found.path, 'utf8'),
      };
    },
  };
}

/** Every name the Win32 layer exports, sorted (what a program may import from 'mmlab/win32'). */
export async function win32Names(): Promise<string[]> {
  const module = (await import('../win32/index.js')) as Record<string, unknown>;
  return Object.keys(module).sort();
}
