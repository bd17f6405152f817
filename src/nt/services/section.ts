/**
 * Section services: CreateFileMapping, OpenFileMapping, MapViewOfFile(Ex), FlushViewOfFile, UnmapViewOfFile (filled in by the section work).
 */
import type { Service } from '../service.js';

export const sectionServices: Record<string, Service> = {};
