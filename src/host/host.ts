/**
 * HostServices: everything the host-agnostic kernel needs from the world, injected at
 * boot (clock, timers, the pagefile as a block file, worker threads, the transpiler).
 * The Node host (src/node) implements it for the CLI, the browser host, Electron main and
 * tests; nothing in the kernel imports Node, Electron or the DOM.
 */

/** A file addressed by byte offsets, used synchronously by the kernel thread. */
export interface BlockFile {
  readonly path: string;
  /** Reads up to buf.length bytes at offset; returns bytes read (short at end of file). */
  read(buf: Uint8Array, offset: number): number;
  write(buf: Uint8Array, offset: number): void;
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
}
