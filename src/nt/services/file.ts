/**
 * File services: CreateFile, ReadFile, WriteFile, SetFilePointer(Ex), SetEndOfFile, GetFileSize(Ex), FlushFileBuffers, DeleteFile (filled in by the file-system work).
 */
import type { Service } from '../service.js';

export const fileServices: Record<string, Service> = {};
