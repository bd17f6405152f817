/**
 * NodeHost: HostServices for Node (CLI, browser host, Electron main, tests) — the real
 * pagefile in the data folder, real worker threads, esbuild as the program transpiler.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { transformSync } from 'esbuild';
import type { BlockFile, CompileResult, HostServices, ProcessWorkerInit, WorkerHandle, WorkerHooks, WorkspaceFileError, WorkspaceOpen } from '../host/host.js';
import { NodeBlockFile } from './block-file.js';
import { readPeHeaders } from './pe-header-reader.js';
import { deleteWorkspaceFile, openWorkspaceFile } from './workspace-file.js';
import { lookupWorkspacePath, resolveWorkspacePath } from './workspace-path.js';

const WORKER_ENTRY = new URL('./process-worker-entry.mjs', import.meta.url);

export class NodeHost implements HostServices {
  constructor(
    readonly workspace: string,
    readonly dataDir: string,
  ) {}

  now(): number {
    return performance.now();
  }

  setTimer(ms: number, fn: () => void) {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  }

  defer(fn: () => void): void {
    setImmediate(fn);
  }

  createPagingFile(bytes: number) {
    return NodeBlockFile.create(join(this.dataDir, 'pagefile.sys'), bytes);
  }

  spawnWorker(init: ProcessWorkerInit, hooks: WorkerHooks): WorkerHandle {
    const worker = new Worker(WORKER_ENTRY, { workerData: init, stdout: false, stderr: false });
    let exited = false;
    worker.on('error', (e) => hooks.onError(e));
    worker.on('exit', (code) => {
      if (exited) return;
      exited = true;
      hooks.onExit(code);
    });
    return {
      terminate: () => {
        void worker.terminate();
      },
    };
  }

  compile(source: string, fileName: string): CompileResult {
    try {
      const r = transformSync(source, {
        loader: /\.m?tsx?$/i.test(fileName) ? 'ts' : 'js',
        format: 'cjs',
        target: 'node20',
        sourcefile: fileName,
        sourcemap: 'inline',
      });
      return { ok: true, code: r.code };
    } catch (e) {
      const errors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors;
      const first = errors?.[0];
      if (first) {
        const loc = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : '';
        return { ok: false, message: `${loc}${first.text}` };
      }
      return { ok: false, message: String((e as Error).message ?? e) };
    }
  }

  readWorkspaceProgram(win32Path: string) {
    const host = resolveWorkspacePath(this.workspace, win32Path);
    if (!host || !existsSync(host) || !statSync(host).isFile()) return null;
    return { source: readFileSync(host, 'utf8'), fileName: win32Path };
  }

  lookupWorkspacePath(win32Path: string) {
    return lookupWorkspacePath(this.workspace, win32Path);
  }

  openWorkspaceFile(hostPath: string, how: WorkspaceOpen): BlockFile | { error: WorkspaceFileError } {
    return openWorkspaceFile(hostPath, how);
  }

  deleteWorkspaceFile(hostPath: string) {
    return deleteWorkspaceFile(hostPath);
  }

  readPeHeaders = readPeHeaders;
}
