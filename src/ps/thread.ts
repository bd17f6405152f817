/**
 * Thread: each emulated process has exactly one thread (its worker). The object exists
 * so that CreateProcess can return hThread as Windows does; it is signaled with its
 * process.
 */
import { KernelObject } from '../ob/object.js';
import type { Process } from './process.js';

export class Thread extends KernelObject {
  readonly typeName = 'Thread';
  readonly poolBytes = 0x400;
  constructor(readonly process: Process) {
    super();
  }
  override isSignaled(): boolean {
    return this.process.isSignaled();
  }
}
