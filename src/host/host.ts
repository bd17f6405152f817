/**
 * HostServices: everything the host-agnostic kernel needs from the world, injected at
 * boot (clock, timers, the pagefile as a block file, worker threads, the transpiler).
 * The Node host (src/node) implements it for the CLI, the browser host, Electron main and
 * tests; nothing in the kernel imports Node, Electron or the DOM.
 */
import type { PeHeaderReader } from '../mm/image/pe-headers.js';

/** A file addressed by byte offsets, used synchronously by the kernel thread. */
export interface BlockFile {
  readonly path: string;
  /** Reads up to buf.length bytes at offset; returns bytes read (short at end of file). */
  read(buf: Uint8Array, offset: number): number;
  write(buf: Uint8Array, offset: number): void;
  /**
   * Reads into `bufs` one after another from offset on, in one host call where it can
   * (scatter: page-fault clusters land straight in their frames); returns bytes read.
   */
  readv(bufs: Uint8Array[], offset: number): number;
  /** Writes `bufs` one after another from offset on (gather: a cluster of frames). */
  writev(bufs: Uint8Array[], offset: number): void;
  /** Makes everything written so far durable. */
  flush(): void;
  size(): number;
  setSize(bytes: number): void;
  close(): void;
}

export interface TimerHandle {
  cancel(): void;
}

/** What a process worker is started with (all shared buffers and the compiled program). */
export interface ProcessWorkerInit {
  pid: number;
  pool: SharedArrayBuffer;
  topDirectory: SharedArrayBuffer;
  mailbox: SharedArrayBuffer;
  doorbell: SharedArrayBuffer;
  /** CommonJS code produced by HostServices.compile. */
  code: string;
  fileName: string;
  commandLine: string;
  /** Size of MEMORY_BASIC_INFORMATION etc.: 'x86' profiles are 32-bit processes. */
  is64Bit: boolean;
}

export interface WorkerHandle {
  /** Stops the worker thread at once (even inside an endless loop or a blocking wait). */
  terminate(): void;
}

export interface WorkerHooks {
  /** The thread is gone (for whatever reason); called exactly once. */
  onExit(threadExitCode: number): void;
  /** An error escaped the worker's own handlers (the bootstrap failed). */
  onError(error: Error): void;
}

export type CompileResult = { ok: true; code: string } | { ok: false; message: string };

/**
 * Why a Win32 path names nothing in the workspace (the kernel maps it to a Win32 error):
 * 'invalid-name' ERROR_INVALID_NAME, 'path-not-found' ERROR_PATH_NOT_FOUND, 'not-found'
 * ERROR_FILE_NOT_FOUND, 'bad-netpath' ERROR_BAD_NETPATH, 'access-denied' ERROR_ACCESS_DENIED
 * (a link leading out of the workspace).
 */
export type WorkspacePathError = 'invalid-name' | 'path-not-found' | 'not-found' | 'bad-netpath' | 'access-denied';

/** What a Win32 path names in the workspace (drive C:\). */
export interface WorkspaceEntry {
  /** Canonical host path: links resolved, case as on disk; the key of the kernel's FCB table. */
  hostPath: string;
  /** 'missing': the parent directory exists, the name does not. */
  kind: 'file' | 'directory' | 'missing';
  /** FILE_ATTRIBUTE_READONLY (on the host: no owner write permission). */
  readOnly: boolean;
  /** The Win32 path ended with a separator ("C:\dir\"): it may only name a directory. */
  trailingSeparator: boolean;
}

/** Why a workspace file operation failed on the host. */
export type WorkspaceFileError = 'not-found' | 'path-not-found' | 'exists' | 'is-directory' | 'access-denied' | 'disk-full' | 'io';

/** How to open a workspace file (the kernel has done the Win32 checks already). */
export interface WorkspaceOpen {
  /** 'never': open an existing file; 'new': create, failing if it exists; 'if-missing': either. */
  create: 'never' | 'new' | 'if-missing';
  /** Cut an existing file to 0 bytes (CREATE_ALWAYS, TRUNCATE_EXISTING). */
  truncate: boolean;
  /** Attributes to give a file this call creates or truncates. */
  readOnly: boolean;
}

export interface HostServices {
  /** Monotonic milliseconds. */
  now(): number;
  setTimer(ms: number, fn: () => void): TimerHandle;
  /** Runs fn soon, after pending I/O callbacks (setImmediate). */
  defer(fn: () => void): void;
  /** Creates (or truncates) the pagefile of `bytes` bytes in the lab's data folder. */
  createPagingFile(bytes: number): BlockFile;
  spawnWorker(init: ProcessWorkerInit, hooks: WorkerHooks): WorkerHandle;
  /** Transpiles a TypeScript or JavaScript program to CommonJS. */
  compile(source: string, fileName: string): CompileResult;
  /** Reads a program file named by a workspace path (C:\...) for CreateProcess; null if missing. */
  readWorkspaceProgram(win32Path: string): { source: string; fileName: string } | null;
  /** Resolves a Win32 path (C:\..., relative to C:\) inside the workspace; never leaves it. */
  lookupWorkspacePath(win32Path: string): WorkspaceEntry | { error: WorkspacePathError };
  /** Opens or creates a workspace file by canonical host path (from lookupWorkspacePath). */
  openWorkspaceFile(hostPath: string, how: WorkspaceOpen): BlockFile | { error: WorkspaceFileError };
  /** Removes a workspace file's name (open BlockFiles on it keep working, as with POSIX delete). */
  deleteWorkspaceFile(hostPath: string): WorkspaceFileError | null;
  /** Reads a PE file's headers with the host's PE library (the kernel validates them: mm/image). */
  readPeHeaders: PeHeaderReader;
}
