/**
 * Synchronisation and handle services: events, mutexes, semaphores, waits, DuplicateHandle, handle information (filled in by the object-manager work).
 */
import type { Service } from '../service.js';

export const syncServices: Record<string, Service> = {};
