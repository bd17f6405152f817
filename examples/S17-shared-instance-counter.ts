// S17: a Shared section (/SECTION:Shared,RWS) instance counter: a second instance refuses to run
/*
 * Seed experiment S17 (SPEC section 4): app.c puts g_instances in a section named Shared
 * marked shared read-write (#pragma data_seg("Shared") and /SECTION:Shared,RWS in Visual
 * C++; __attribute__((section("Shared"), shared)) with GCC). Every process that runs
 * app.exe maps that page of the image read-write onto one frame, so g_instances is one
 * variable for all of them. app.exe --single increments it and refuses to run when it
 * was already non-zero.
 *
 * What to look for: the first instance starts (instance 1); the second, started while the
 * first runs, prints that another instance is running and exits with code 1; a third,
 * started after the first has ended, runs again as instance 1.
 *
 * Needs the sample images on drive C:\ (the workspace). In the desktop lab: the Experiments
 * view's Images panel, "Copy sample images to C:\" (files already there are kept). From the
 * command line: copy them from the mmlab checkout into the workspace folder and run there:
 *
 *   cp fixtures/images/{app.exe,app.exe.ts,liba.dll,libb.dll,fixed.dll,app64.dll} ~/lab/
 *   mmlab examples S17 --workspace ~/lab
 */
import {
  CloseHandle,
  CreateProcess,
  ExitProcess,
  GetExitCodeProcess,
  INFINITE,
  PROCESS_INFORMATION,
  Sleep,
  WaitForSingleObject,
  CreateFile,
  GENERIC_READ,
  FILE_SHARE_READ,
  OPEN_EXISTING,
  INVALID_HANDLE_VALUE,
} from 'mmlab/win32';

const sample = CreateFile('C:\\app.exe', GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
if (sample === INVALID_HANDLE_VALUE) {
  console.log(
    'C:\\app.exe is missing: copy the sample images to C:\\ first (desktop lab: Experiments, Images panel; CLI: copy fixtures/images/* of the mmlab checkout into the workspace).',
  );
  ExitProcess(1);
}
CloseHandle(sample);
const run = (args: string): PROCESS_INFORMATION => {
  const pi = new PROCESS_INFORMATION();
  CreateProcess('C:\\app.exe', `app.exe ${args}`, null, null, false, 0, null, null, null, pi);
  return pi;
};
const finish = (pi: PROCESS_INFORMATION, what: string) => {
  WaitForSingleObject(pi.hProcess, INFINITE);
  const code = { value: 0 };
  GetExitCodeProcess(pi.hProcess, code);
  console.log(`${what}: exit code ${code.value}`);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
};
const first = run('--single --stay 1000');
Sleep(300);
finish(run('--single'), 'second instance (while the first runs)');
finish(first, 'first instance');
finish(run('--single'), 'third instance (after the first ended)');
