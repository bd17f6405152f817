// Unit tests for errors.ts: RtlNtStatusToDosError rows (checked against Wine's
// dlls/ntdll/error.h table) and the name lookups.
import { describe, expect, it } from 'vitest';
import * as errors from './errors.js';
import {
  ERROR_ACCESS_DENIED,
  ERROR_ALREADY_EXISTS,
  ERROR_COMMITMENT_LIMIT,
  ERROR_FILE_INVALID,
  ERROR_INVALID_ADDRESS,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  ERROR_MR_MID_NOT_FOUND,
  ERROR_NOACCESS,
  ERROR_NOT_ENOUGH_MEMORY,
  ERROR_SWAPERROR,
  STATUS_ACCESS_VIOLATION,
  STATUS_ALREADY_COMMITTED,
  STATUS_COMMITMENT_LIMIT,
  STATUS_CONFLICTING_ADDRESSES,
  STATUS_FREE_VM_NOT_AT_BASE,
  STATUS_GUARD_PAGE_VIOLATION,
  STATUS_IN_PAGE_ERROR,
  STATUS_INVALID_PAGE_PROTECTION,
  STATUS_MAPPED_FILE_SIZE_ZERO,
  STATUS_MEMORY_NOT_ALLOCATED,
  STATUS_NO_MEMORY,
  STATUS_OBJECT_NAME_COLLISION,
  STATUS_OBJECT_TYPE_MISMATCH,
  STATUS_SECTION_TOO_BIG,
  STATUS_SUCCESS,
  errorName,
  formatStatus,
  lookupErrorName,
  rtlNtStatusToDosError,
  statusName,
} from './errors.js';
import * as constants from './constants.js';

describe('rtlNtStatusToDosError', () => {
  it.each([
    [STATUS_CONFLICTING_ADDRESSES, ERROR_INVALID_ADDRESS],
    [STATUS_MEMORY_NOT_ALLOCATED, ERROR_INVALID_ADDRESS],
    [STATUS_FREE_VM_NOT_AT_BASE, ERROR_INVALID_ADDRESS],
    [STATUS_COMMITMENT_LIMIT, ERROR_COMMITMENT_LIMIT],
    [STATUS_NO_MEMORY, ERROR_NOT_ENOUGH_MEMORY],
    [STATUS_SECTION_TOO_BIG, ERROR_NOT_ENOUGH_MEMORY],
    [STATUS_INVALID_PAGE_PROTECTION, ERROR_INVALID_PARAMETER],
    [STATUS_OBJECT_NAME_COLLISION, ERROR_ALREADY_EXISTS],
    [STATUS_OBJECT_TYPE_MISMATCH, ERROR_INVALID_HANDLE],
    [STATUS_MAPPED_FILE_SIZE_ZERO, ERROR_FILE_INVALID],
    [STATUS_ALREADY_COMMITTED, ERROR_ACCESS_DENIED],
    [STATUS_ACCESS_VIOLATION, ERROR_NOACCESS],
    [STATUS_IN_PAGE_ERROR, ERROR_SWAPERROR],
  ])('maps status %i to error %i', (status, error) => {
    expect(rtlNtStatusToDosError(status)).toBe(error);
  });

  it('passes success and 1:1 exception codes through', () => {
    expect(rtlNtStatusToDosError(STATUS_SUCCESS)).toBe(0);
    expect(rtlNtStatusToDosError(STATUS_GUARD_PAGE_VIOLATION)).toBe(0x80000001);
  });

  it('accepts signed statuses and the 0xD... (HRESULT_FROM_NT) form', () => {
    expect(rtlNtStatusToDosError(STATUS_CONFLICTING_ADDRESSES | 0)).toBe(ERROR_INVALID_ADDRESS);
    expect(rtlNtStatusToDosError(0xd0000018)).toBe(ERROR_INVALID_ADDRESS);
  });

  it('unwraps Win32 errors carried in 0xC001xxxx / 0x8007xxxx', () => {
    expect(rtlNtStatusToDosError(0xc0010000 + 487)).toBe(487);
    expect(rtlNtStatusToDosError(0x80070005)).toBe(5);
  });

  it('returns customer codes unchanged and unknown codes as ERROR_MR_MID_NOT_FOUND', () => {
    expect(rtlNtStatusToDosError(0xe0001234)).toBe(0xe0001234);
    expect(rtlNtStatusToDosError(0xc0fe0001)).toBe(ERROR_MR_MID_NOT_FOUND);
  });
});

describe('names', () => {
  it('names errors', () => {
    expect(errorName(487)).toBe('ERROR_INVALID_ADDRESS');
    expect(errorName(0)).toBe('ERROR_SUCCESS');
    expect(errorName(1455)).toBe('ERROR_COMMITMENT_LIMIT');
    expect(errorName(99999)).toBe('error 99999');
  });

  it('names statuses, signed or not', () => {
    expect(statusName(0xc0000018)).toBe('STATUS_CONFLICTING_ADDRESSES');
    expect(statusName(0xc0000005 | 0)).toBe('STATUS_ACCESS_VIOLATION');
    expect(statusName(0)).toBe('STATUS_SUCCESS');
    expect(statusName(0x80)).toBe('STATUS_ABANDONED');
    expect(statusName(0xc0fe0001)).toBe('0xC0FE0001');
    expect(formatStatus(-1073741819)).toBe('0xC0000005');
  });

  it('gives every ERROR_ constant its own name (no two share a value)', () => {
    for (const [name, value] of Object.entries(errors)) {
      if (name.startsWith('ERROR_') && typeof value === 'number') {
        expect(lookupErrorName(value)).toBe(name);
      }
    }
  });

  it('maps every STATUS_ constant somewhere other than ERROR_MR_MID_NOT_FOUND', () => {
    for (const [name, value] of Object.entries(errors)) {
      if (name.startsWith('STATUS_') && typeof value === 'number' && value !== 0) {
        expect(rtlNtStatusToDosError(value), name).not.toBe(ERROR_MR_MID_NOT_FOUND);
      }
    }
  });
});

describe('constants re-exported from errors', () => {
  it('are the same values and agree with the EXCEPTION_ aliases', () => {
    expect(constants.STATUS_ACCESS_VIOLATION).toBe(0xc0000005);
    expect(constants.EXCEPTION_ACCESS_VIOLATION).toBe(constants.STATUS_ACCESS_VIOLATION);
    expect(constants.EXCEPTION_IN_PAGE_ERROR).toBe(constants.STATUS_IN_PAGE_ERROR);
    expect(constants.EXCEPTION_GUARD_PAGE).toBe(constants.STATUS_GUARD_PAGE_VIOLATION);
    expect(constants.CONTROL_C_EXIT).toBe(constants.STATUS_CONTROL_C_EXIT);
    expect(constants.STILL_ACTIVE).toBe(errors.STATUS_PENDING);
    expect(constants.WAIT_TIMEOUT).toBe(errors.STATUS_TIMEOUT);
    expect(constants.isInvalidHandle(-1)).toBe(true);
    expect(constants.isInvalidHandle(0xffffffff)).toBe(true);
    expect(constants.isInvalidHandle(0)).toBe(false);
  });
});
