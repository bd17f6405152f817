/**
 * Process and thread services: CreateProcess, ExitProcess, TerminateProcess,
 * GetExitCodeProcess, OpenProcess, Sleep, the console. (CloseHandle and the waits are
 * in sync.ts with the other object services.)
 */
import { PROCESS_ALL_ACCESS, PROCESS_TERMINATE, PROCESS_QUERY_LIMITED_INFORMATION, STILL_ACTIVE, INFINITE, THREAD_ALL_ACCESS } from '../../win32/constants.js';
import { ERROR_BAD_EXE_FORMAT, ERROR_FILE_NOT_FOUND, ERROR_INVALID_PARAMETER, ERROR_ACCESS_DENIED } from '../../win32/errors.js';
import { Thread } from '../../ps/thread.js';
import type { Service } from '../service.js';
import { processFor, rememberThread } from '../handles.js';
import { longTimer } from '../../ke/wait.js';
import { fail } from '../win32-error.js';
import { createImageProcess, isImagePath } from '../../ps/loader-process.js';

const n = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/** Splits a command line's first token (quoted or not), as CreateProcess does with a NULL application name. */
export function firstToken(commandLine: string): string {
  const t = commandLine.trimStart();
  if (t.startsWith('"')) {
    const end = t.indexOf('"', 1);
    return end < 0 ? t.slice(1) : t.slice(1, end);
  }
  const m = /^\S+/.exec(t);
  return m ? m[0] : '';
}

export const processServices: Record<string, Service> = {
  CreateProcess: {
    failValue: 0,
    run: (k, p, [applicationName, commandLine, inheritHandles, , processInherit, threadInherit]) => {
      const app = typeof applicationName === 'string' && applicationName ? applicationName : null;
      const cmd = typeof commandLine === 'string' ? commandLine : '';
      const file = app ?? firstToken(cmd);
      if (!file) fail(ERROR_INVALID_PARAMETER);
      const inherit = inheritHandles === true || inheritHandles === 1;
      let child;
      // An EXE runs from its image, with its companion program (ps/loader-process.ts).
      if (isImagePath(file)) child = createImageProcess(k, file, cmd || file, p, inherit);
      else {
        const program = k.host.readWorkspaceProgram(file);
        if (!program) fail(ERROR_FILE_NOT_FOUND);
        const compiled = k.host.compile(program.source, program.fileName);
        if (!compiled.ok) fail(ERROR_BAD_EXE_FORMAT);
        child = k.createProcess({ code: compiled.code, fileName: program.fileName }, cmd || file, p, inherit);
      }
      const thread = new Thread(child);
      k.objects.register(thread);
      // The child's GetCurrentThread() is this object; the child holds it until it exits.
      rememberThread(k, thread);
      // lpProcessAttributes / lpThreadAttributes->bInheritHandle make these inheritable.
      const hProcess = k.objects.openHandle(p.handles, child, PROCESS_ALL_ACCESS, processInherit === true);
      const hThread = k.objects.openHandle(p.handles, thread, THREAD_ALL_ACCESS, threadInherit === true);
      // Handles now hold the objects; drop the creation references. The lab keeps its
      // own reference on top-level processes only.
      k.objects.dereference(thread);
      k.objects.dereference(child);
      return { ret: 1, out: { hProcess, hThread, dwProcessId: child.pid, dwThreadId: child.pid + 1 } };
    },
  },
  ExitProcess: {
    failValue: null,
    run: (k, p, [code]) => {
      k.terminate(p, n(code) >>> 0);
      // Never answered: the thread ends.
      return { blocked: true, poll: () => null, dispose: () => {} };
    },
  },
  TerminateProcess: {
    failValue: 0,
    run: (k, p, [h, code]) => {
      const target = processFor(k, p, h, PROCESS_TERMINATE);
      if (target.state === 'exited') fail(ERROR_ACCESS_DENIED);
      k.terminate(target, n(code) >>> 0, `terminated by process ${p.pid}`);
      if (target === p) return { blocked: true, poll: () => null, dispose: () => {} };
      return { ret: 1 };
    },
  },
  GetExitCodeProcess: {
    failValue: 0,
    quiet: true,
    run: (k, p, [h]) => {
      const target = processFor(k, p, h, 0);
      void PROCESS_QUERY_LIMITED_INFORMATION;
      return { ret: 1, out: { exitCode: target.state === 'exited' ? target.exitCode : STILL_ACTIVE } };
    },
  },
  OpenProcess: {
    failValue: 0,
    run: (k, p, [access, inherit, pid]) => {
      const target = k.processes.get(n(pid));
      if (!target || target.state === 'exited') fail(ERROR_INVALID_PARAMETER);
      return { ret: k.objects.openHandle(p.handles, target, n(access) >>> 0, inherit === true || inherit === 1) };
    },
  },
  Sleep: {
    failValue: null,
    quiet: true,
    run: (k, _p, [ms]) => {
      const t = n(ms) >>> 0;
      if (t === 0) return { ret: null };
      let done = false;
      const timer = t === INFINITE ? null : longTimer(k.host, t, () => {
        done = true;
        k.ring();
      });
      return { blocked: true, poll: () => (done ? { ret: null } : null), dispose: () => timer?.cancel() };
    },
  },
  GetTickCount: {
    failValue: 0,
    quiet: true,
    run: (k) => ({ ret: Math.floor(k.uptime()) >>> 0 }),
  },
  WriteConsole: {
    failValue: 0,
    quiet: true,
    run: (k, p, [stream, text]) => {
      const s = stream === 'stderr' ? 'stderr' : 'stdout';
      const t = String(text);
      (s === 'stderr' ? p.stderr : p.stdout).push(t);
      k.emit({ kind: 'output', pid: p.pid, stream: s, text: t });
      return { ret: 1 };
    },
  },
  /** The program's uncaught exception: the process dies with its code, reported with a reason. */
  RaiseFatal: {
    failValue: null,
    quiet: true,
    run: (k, p, [code, reason]) => {
      k.terminate(p, n(code) >>> 0, typeof reason === 'string' ? reason : undefined);
      return { blocked: true, poll: () => null, dispose: () => {} };
    },
  },
};
