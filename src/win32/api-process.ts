/**
 * Win32 process functions: CreateProcess and friends, time. (CloseHandle and the waits
 * are in api-sync.ts.)
 */
import { runtimeInfo, syscall } from './runtime.js';
import type { PROCESS_INFORMATION, SECURITY_ATTRIBUTES, STARTUPINFO, Out } from './structures.js';

export function GetCurrentProcess(): number {
  return -1;
}

/** The pseudo handle (HANDLE)-2: the calling thread, all access, nothing to close. */
export function GetCurrentThread(): number {
  return -2;
}

export function GetCurrentProcessId(): number {
  return runtimeInfo().pid;
}

export function GetCurrentThreadId(): number {
  return runtimeInfo().pid + 1;
}

export function GetCommandLine(): string {
  return runtimeInfo().commandLine;
}
export const GetCommandLineA = GetCommandLine;
export const GetCommandLineW = GetCommandLine;

export function CreateProcess(
  lpApplicationName: string | null,
  lpCommandLine: string | null,
  lpProcessAttributes: SECURITY_ATTRIBUTES | null,
  lpThreadAttributes: SECURITY_ATTRIBUTES | null,
  bInheritHandles: boolean | number,
  dwCreationFlags: number,
  lpEnvironment: unknown,
  lpCurrentDirectory: string | null,
  lpStartupInfo: STARTUPINFO | null,
  lpProcessInformation: PROCESS_INFORMATION,
): number {
  void lpEnvironment;
  void lpCurrentDirectory;
  void lpStartupInfo;
  const { ret, out } = syscall('CreateProcess', [
    lpApplicationName,
    lpCommandLine,
    bInheritHandles === true || bInheritHandles === 1,
    dwCreationFlags >>> 0,
    // Whether hProcess / hThread are inheritable handles.
    !!lpProcessAttributes?.bInheritHandle,
    !!lpThreadAttributes?.bInheritHandle,
  ]);
  if (ret) Object.assign(lpProcessInformation, out);
  return ret;
}
export const CreateProcessA = CreateProcess;
export const CreateProcessW = CreateProcess;

/** Never returns: the process ends with uExitCode. */
export function ExitProcess(uExitCode: number): never {
  syscall('ExitProcess', [uExitCode >>> 0]);
  throw new Error('ExitProcess returned');
}

export function TerminateProcess(hProcess: number, uExitCode: number): number {
  return syscall('TerminateProcess', [hProcess, uExitCode >>> 0]).ret;
}

export function GetExitCodeProcess(hProcess: number, lpExitCode: Out<number>): number {
  const { ret, out } = syscall('GetExitCodeProcess', [hProcess]);
  if (ret) lpExitCode.value = out.exitCode as number;
  return ret;
}

export function OpenProcess(dwDesiredAccess: number, bInheritHandle: boolean | number, dwProcessId: number): number {
  return syscall('OpenProcess', [dwDesiredAccess, bInheritHandle === true || bInheritHandle === 1, dwProcessId]).ret;
}

export function Sleep(dwMilliseconds: number): void {
  syscall('Sleep', [dwMilliseconds >>> 0]);
}

export function GetTickCount(): number {
  return syscall('GetTickCount', []).ret;
}
