/**
 * The body of an emulated process: a worker thread that attaches the Win32 layer to the
 * shared frame pool and its mailbox, routes console output to the kernel, and runs the
 * user's program. An uncaught Win32Exception ends the process with its code (as an
 * unhandled SEH exception does); any other uncaught error ends it with exit code 1 after
 * printing the error on its stderr.
 */
import { format } from 'node:util';
import { runInThisContext } from 'node:vm';
import { workerData } from 'node:worker_threads';
import type { ProcessWorkerInit } from '../host/host.js';
import * as win32 from '../win32/index.js';
import * as lab from '../win32/lab.js';
import { Win32Exception } from '../win32/exception.js';
import { KernelPort } from '../win32/kernel-port.js';
import { attachMmu } from '../win32/mem.js';
import { Mmu } from '../win32/mmu.js';
import { attachPort, syscall } from '../win32/runtime.js';

const init = workerData as ProcessWorkerInit;
const port = new KernelPort(init.mailbox, init.doorbell);
attachMmu(new Mmu(init.pool, init.topDirectory, port));
attachPort(port, { pid: init.pid, commandLine: init.commandLine, is64Bit: init.is64Bit });

const write = (stream: 'stdout' | 'stderr') => (...args: unknown[]) => {
  syscall('WriteConsole', [stream, format(...args)]);
};
console.log = write('stdout');
console.info = write('stdout');
console.debug = write('stdout');
console.error = write('stderr');
console.warn = write('stderr');

function requireFor(id: string): unknown {
  if (id === 'mmlab/win32') return win32;
  if (id === 'mmlab/lab') return lab;
  throw new Error(`Cannot find module '${id}': programs run inside the lab machine and can import only 'mmlab/win32' and 'mmlab/lab'`);
}

function fatal(code: number, reason: string): never {
  syscall('RaiseFatal', [code, reason]);
  throw new Error('unreachable');
}

try {
  const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${init.code}\n})`, {
    filename: init.fileName,
  }) as (e: unknown, r: unknown, m: unknown, f: string, d: string) => void;
  const module = { exports: {} };
  wrapper(module.exports, requireFor, module, init.fileName, '');
  syscall('ExitProcess', [0]);
} catch (e) {
  if (e instanceof Win32Exception) {
    syscall('WriteConsole', ['stderr', `Unhandled exception: ${e.message}`]);
    fatal(e.code, `unhandled ${e.message}`);
  }
  const err = e as Error;
  syscall('WriteConsole', ['stderr', err?.stack ?? String(e)]);
  fatal(1, `uncaught ${err?.name ?? 'error'}: ${err?.message ?? String(e)}`);
}
