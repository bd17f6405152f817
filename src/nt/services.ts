/**
 * The system-service table: Win32 function name -> kernel service. The worker's Win32
 * layer marshals arguments and calls these by name; everything else it does locally.
 */
import type { Service } from './service.js';
import { memoryServices } from './services/memory.js';
import { processServices } from './services/process.js';
import { syncServices } from './services/sync.js';
import { fileServices } from './services/file.js';
import { sectionServices } from './services/section.js';
import { moduleServices } from './services/module.js';
import { processMemoryServices } from './services/process-memory.js';

export const SERVICES: Record<string, Service> = {
  ...memoryServices,
  ...processServices,
  ...syncServices,
  ...fileServices,
  ...sectionServices,
  ...moduleServices,
  ...processMemoryServices,
};
