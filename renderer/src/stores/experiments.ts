/**
 * useExperimentsStore: the Experiments view — the bundled examples (listed by the lab from
 * its examples/ folder), the program in the editor, the processes started from it, and
 * their step-mode state (held before which call).
 */
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import type { ProgramInput } from '../../../src/api/lab-api.js';
import type { ExampleInfo, SampleInstall, StepState } from '../../../src/api/snapshots.js';
import { useCountersStore } from './counters.js';
import { errorMessage, useLabStore } from './lab.js';

export const STARTER_PROGRAM = `// A first experiment: reserve and commit memory, touch it, and watch the counters.
import { VirtualAlloc, VirtualFree, GlobalMemoryStatus, MEMORYSTATUS, Sleep, mem,
         MEM_RESERVE, MEM_COMMIT, MEM_RELEASE, PAGE_READWRITE } from 'mmlab/win32';

const status = new MEMORYSTATUS();
GlobalMemoryStatus(status);
console.log(\`available physical: \${status.dwAvailPhys}\`);

const size = 16 * 1024 * 1024;
const p = VirtualAlloc(0, size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
console.log(\`committed 16 MiB at 0x\${p.toString(16)}\`);
Sleep(500);

const bytes = mem.uint8(p);
for (let i = 0; i < size; i += 4096) bytes.set(i, 1); // one touch per page: demand-zero faults
console.log('touched every page');
Sleep(500);

VirtualFree(p, 0, MEM_RELEASE);
console.log('released');
`;

/** One program run from the editor. */
export interface Run {
  pid: number;
  fileName: string;
  startedPaused: boolean;
}

export const useExperimentsStore = defineStore('experiments', () => {
  const examples = shallowRef<ExampleInfo[]>([]);
  const examplesError = ref<string | null>(null);
  const fileName = ref('experiment.ts');
  const source = ref(STARTER_PROGRAM);
  /** Command line seen by GetCommandLine (the file name when empty); examples read sizes from it. */
  const commandLine = ref('');
  /** The example the editor was loaded from, if any. */
  const exampleName = ref<string | null>(null);
  const runs = ref<Run[]>([]);
  const selectedPid = ref<number | null>(null);
  const steps = reactive(new Map<number, StepState>());
  const error = ref<string | null>(null);
  const busy = ref(false);
  /** "Run an EXE": the image's Win32 path and command line (its companion program reads it). */
  const imagePath = ref('C:\\app.exe');
  const imageCommandLine = ref('app.exe --stay 60000');
  /** What the last installSamples did, for the Images panel. */
  const samples = ref<SampleInstall | null>(null);

  const selectedStep = computed(() => (selectedPid.value === null ? null : (steps.get(selectedPid.value) ?? null)));

  /**
   * What Stop (Shift+F5, the desktop menu's Stop) ends: the selected process if it runs, else
   * the newest running process started here, else the newest running process of the machine.
   */
  const stopTarget = computed<number | null>(() => {
    const counters = useCountersStore();
    if (!counters.live) return null; // a saved session's processes are a recording
    const alive = counters.processes.filter((p) => p.state !== 'exited').map((p) => p.pid);
    if (selectedPid.value !== null && alive.includes(selectedPid.value)) return selectedPid.value;
    const mine = runs.value.map((r) => r.pid).filter((pid) => alive.includes(pid));
    return mine.at(-1) ?? alive.at(-1) ?? null;
  });

  async function loadExamples(): Promise<void> {
    try {
      examples.value = await useLabStore().lab().examples();
      examplesError.value = null;
    } catch (e) {
      examplesError.value = errorMessage(e);
    }
  }

  async function openExample(name: string): Promise<void> {
    try {
      const ex = await useLabStore().lab().example(name);
      fileName.value = ex.fileName;
      source.value = ex.source;
      exampleName.value = ex.name;
      commandLine.value = '';
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  function newProgram(): void {
    fileName.value = 'experiment.ts';
    source.value = STARTER_PROGRAM;
    exampleName.value = null;
    commandLine.value = '';
  }

  async function run(paused: boolean): Promise<void> {
    busy.value = true;
    try {
      const program: ProgramInput = { fileName: fileName.value.trim() || 'experiment.ts', source: source.value };
      if (commandLine.value.trim()) program.commandLine = commandLine.value.trim();
      if (paused) program.startPaused = true;
      const p = await useLabStore().lab().run(program);
      runs.value = [...runs.value, { pid: p.pid, fileName: program.fileName, startedPaused: paused }];
      selectedPid.value = p.pid;
      if (paused) steps.set(p.pid, steps.get(p.pid) ?? { pid: p.pid, stepping: true, paused: null });
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      busy.value = false;
    }
  }

  /** Starts a process from an executable image in the machine (its companion program runs). */
  async function runImage(): Promise<void> {
    busy.value = true;
    try {
      const image = imagePath.value.trim();
      const fileName = image.slice(Math.max(image.lastIndexOf('\\'), image.lastIndexOf('/')) + 1) || image;
      const program: ProgramInput = { fileName, source: '', image };
      if (imageCommandLine.value.trim()) program.commandLine = imageCommandLine.value.trim();
      const p = await useLabStore().lab().run(program);
      runs.value = [...runs.value, { pid: p.pid, fileName: image, startedPaused: false }];
      selectedPid.value = p.pid;
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      busy.value = false;
    }
  }

  /** Copies the sample images (app.exe, its companion, the DLLs) into the workspace. */
  const installSamples = () =>
    act(async () => {
      samples.value = await useLabStore().lab().installSamples();
    });

  async function act(what: () => Promise<unknown>): Promise<void> {
    try {
      await what();
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  const stop = (pid: number) => act(() => useLabStore().lab().terminate(pid));
  const step = (pid: number) => act(async () => stepChanged(await useLabStore().lab().step(pid)));
  const setStepping = (pid: number, on: boolean) =>
    act(async () => stepChanged(await useLabStore().lab().setStepping(pid, on)));

  function stepChanged(s: StepState): void {
    steps.set(s.pid, s);
  }

  /** The machine was rebooted: its processes are gone, and the new one numbers its own from the start. */
  function machineRebooted(): void {
    runs.value = [];
    steps.clear();
    selectedPid.value = null;
  }

  /** Programs of this session (for saving it). */
  function programs(): ProgramInput[] {
    const program: ProgramInput = { fileName: fileName.value, source: source.value };
    if (commandLine.value.trim()) program.commandLine = commandLine.value.trim();
    return [program];
  }

  return {
    examples,
    examplesError,
    fileName,
    source,
    commandLine,
    exampleName,
    runs,
    selectedPid,
    steps,
    selectedStep,
    stopTarget,
    error,
    busy,
    imagePath,
    imageCommandLine,
    samples,
    runImage,
    installSamples,
    loadExamples,
    openExample,
    newProgram,
    run,
    stop,
    step,
    setStepping,
    stepChanged,
    machineRebooted,
    programs,
  };
});
