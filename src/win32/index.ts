/**
 * mmlab/win32: the module user programs import. Win32 names, values and conventions
 * (SPEC section 2). Functions that need the kernel call it through the process's
 * mailbox; memory access goes through the process's software MMU (`mem`).
 */
export * from './constants.js';
export * from './errors.js';
export * from './structures.js';
export { Win32Exception } from './exception.js';
export {
  mem,
  InterlockedIncrement,
  InterlockedDecrement,
  InterlockedExchange,
  InterlockedCompareExchange,
  InterlockedExchangeAdd,
} from './mem.js';
export type { TypedPointer } from './mem.js';
export { getLastError as GetLastError, setLastError as SetLastError } from './runtime.js';
export * from './api-memory.js';
export * from './api-process.js';
export * from './api-sync.js';
export * from './api-file.js';
export * from './api-section.js';
export * from './api-module.js';
