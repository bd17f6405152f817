/**
 * Machine settings: what a lab machine is booted with (SPEC section 1).
 * Crosses every process boundary (CLI, Electron main, browser host, renderer), so it
 * lives in the contract module and carries its own validation.
 */

export type AddressSpaceProfile = 'x86' | 'x86-3gb' | 'x64';

export interface MachineSettings {
  /** Physical memory in bytes; a multiple of the page size, 16 MiB – 4 GiB. */
  ramBytes: number;
  /** Pagefile size in bytes; a multiple of the page size, 0 – 16 GiB. */
  pagefileBytes: number;
  /** User address-space layout of every process. */
  profile: AddressSpaceProfile;
  /** Host folder that appears to programs as drive C:\ . */
  workspace: string;
  /** Host folder for the pagefile and other lab data (defaults to a temp folder chosen by the host). */
  dataDir?: string;
  /** Counter sampling period in milliseconds (default 100 = 10 Hz). */
  sampleMs: number;
}

export const PAGE_SIZE = 4096;
export const ALLOCATION_GRANULARITY = 65536;
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export const DEFAULT_SETTINGS: Readonly<Omit<MachineSettings, 'workspace'>> = Object.freeze({
  ramBytes: 256 * MiB,
  pagefileBytes: 512 * MiB,
  profile: 'x86',
  sampleMs: 100,
});

export const SETTINGS_LIMITS = Object.freeze({
  ramBytes: { min: 16 * MiB, max: 4 * GiB },
  pagefileBytes: { min: 0, max: 16 * GiB },
  sampleMs: { min: 1, max: 60_000 },
});

const PROFILES: readonly AddressSpaceProfile[] = ['x86', 'x86-3gb', 'x64'];

/** Thrown for settings a user gave wrong; the message is meant to be shown as is. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/**
 * Fills defaults and checks ranges. Throws SettingsError with a one-line message naming
 * the bad field, so every host can print it unchanged.
 */
export function resolveSettings(input: Partial<MachineSettings> & { workspace: string }): MachineSettings {
  const s: MachineSettings = { ...DEFAULT_SETTINGS, ...stripUndefined(input) } as MachineSettings;
  for (const key of ['ramBytes', 'pagefileBytes', 'sampleMs'] as const) {
    const v = s[key];
    const { min, max } = SETTINGS_LIMITS[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new SettingsError(`${key} must be an integer from ${min} to ${max}, got ${String(v)}`);
    }
  }
  if (s.ramBytes % PAGE_SIZE !== 0) throw new SettingsError(`ramBytes must be a multiple of ${PAGE_SIZE}`);
  if (s.pagefileBytes % PAGE_SIZE !== 0) throw new SettingsError(`pagefileBytes must be a multiple of ${PAGE_SIZE}`);
  if (!PROFILES.includes(s.profile)) {
    throw new SettingsError(`profile must be one of ${PROFILES.join(', ')}, got ${String(s.profile)}`);
  }
  if (typeof s.workspace !== 'string' || s.workspace.length === 0) throw new SettingsError('workspace folder is required');
  return s;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
