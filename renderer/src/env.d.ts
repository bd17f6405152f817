import type { LabApi } from '../../src/api/lab-api.js';

declare global {
  interface Window {
    /** Set by the Electron preload (main/preload.ts); absent in the browser host. */
    readonly mmlab?: LabApi;
  }
}

export {};
