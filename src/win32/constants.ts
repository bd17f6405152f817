/*
 * constants.ts: Win32 constants with their exact Windows names and values (winnt.h,
 * winbase.h, processthreadsapi.h, memoryapi.h, fileapi.h, psapi.h), for user programs and
 * the Win32 layer. Pure data, host-agnostic. Re-exported by 'mmlab/win32'.
 *
 * Values are written as Windows' unsigned DWORDs (0x80000000, not -2147483648). The one
 * deliberate exception is INVALID_HANDLE_VALUE, which is -1 as in C ((HANDLE)-1); the layer
 * also accepts 0xFFFFFFFF for it (isInvalidHandle). Error codes and NTSTATUS values live in
 * errors.ts; the STATUS_* values that programs see as exception and exit codes are
 * re-exported from there at the end of this file.
 */

// ---------------------------------------------------------------------------------------
// Basics
// ---------------------------------------------------------------------------------------

export const TRUE = 1;
export const FALSE = 0;
export const NULL = 0;
export const MAX_PATH = 260;

/** (HANDLE)-1. Also the value of the GetCurrentProcess() pseudo-handle, as on Windows. */
export const INVALID_HANDLE_VALUE = -1;

/**
 * True for INVALID_HANDLE_VALUE however a program spells it: -1, 0xFFFFFFFF (a DWORD), or
 * 0xFFFFFFFFFFFFFFFF (which a double rounds to 2^64). NULL (0) is not INVALID_HANDLE_VALUE.
 */
export function isInvalidHandle(h: number | null | undefined): boolean {
  return h === -1 || h === 0xffffffff || h === 18446744073709551616;
}

// ---------------------------------------------------------------------------------------
// Waits and process exit (winbase.h, winerror.h)
// ---------------------------------------------------------------------------------------

export const INFINITE = 0xffffffff;
export const WAIT_OBJECT_0 = 0x00000000;
export const WAIT_ABANDONED = 0x00000080;
export const WAIT_ABANDONED_0 = 0x00000080;
export const WAIT_IO_COMPLETION = 0x000000c0;
export const WAIT_TIMEOUT = 258;
export const WAIT_FAILED = 0xffffffff;
export const MAXIMUM_WAIT_OBJECTS = 64;
/** GetExitCodeProcess result while the process runs (= STATUS_PENDING). */
export const STILL_ACTIVE = 259;

// ---------------------------------------------------------------------------------------
// Virtual memory: allocation types, region states and types (winnt.h)
// ---------------------------------------------------------------------------------------

export const MEM_COMMIT = 0x00001000;
export const MEM_RESERVE = 0x00002000;
export const MEM_REPLACE_PLACEHOLDER = 0x00004000;
export const MEM_DECOMMIT = 0x00004000;
export const MEM_RELEASE = 0x00008000;
export const MEM_FREE = 0x00010000;
export const MEM_PRIVATE = 0x00020000;
export const MEM_RESERVE_PLACEHOLDER = 0x00040000;
export const MEM_MAPPED = 0x00040000;
export const MEM_RESET = 0x00080000;
export const MEM_TOP_DOWN = 0x00100000;
export const MEM_WRITE_WATCH = 0x00200000;
export const MEM_PHYSICAL = 0x00400000;
export const MEM_ROTATE = 0x00800000;
export const MEM_DIFFERENT_IMAGE_BASE_OK = 0x00800000;
export const MEM_RESET_UNDO = 0x01000000;
/** MEMORY_BASIC_INFORMATION.Type of an image view (= SEC_IMAGE). */
export const MEM_IMAGE = 0x01000000;
export const MEM_LARGE_PAGES = 0x20000000;
export const MEM_4MB_PAGES = 0x80000000;
/** VirtualFree dwFreeType modifiers (with MEM_RELEASE). */
export const MEM_COALESCE_PLACEHOLDERS = 0x00000001;
export const MEM_PRESERVE_PLACEHOLDER = 0x00000002;
/** UnmapViewOfFileEx flag. */
export const MEM_UNMAP_WITH_TRANSIENT_BOOST = 0x00000001;

// ---------------------------------------------------------------------------------------
// Page protection (winnt.h)
// ---------------------------------------------------------------------------------------

export const PAGE_NOACCESS = 0x01;
export const PAGE_READONLY = 0x02;
export const PAGE_READWRITE = 0x04;
export const PAGE_WRITECOPY = 0x08;
export const PAGE_EXECUTE = 0x10;
export const PAGE_EXECUTE_READ = 0x20;
export const PAGE_EXECUTE_READWRITE = 0x40;
export const PAGE_EXECUTE_WRITECOPY = 0x80;
export const PAGE_GUARD = 0x100;
export const PAGE_NOCACHE = 0x200;
export const PAGE_WRITECOMBINE = 0x400;
export const PAGE_TARGETS_INVALID = 0x40000000;
export const PAGE_TARGETS_NO_UPDATE = 0x40000000;
export const PAGE_REVERT_TO_FILE_MAP = 0x80000000;

// ---------------------------------------------------------------------------------------
// Sections (CreateFileMapping flProtect attributes, winnt.h)
// ---------------------------------------------------------------------------------------

export const SEC_PARTITION_OWNER_HANDLE = 0x00040000;
export const SEC_64K_PAGES = 0x00080000;
export const SEC_FILE = 0x00800000;
export const SEC_IMAGE = 0x01000000;
export const SEC_PROTECTED_IMAGE = 0x02000000;
export const SEC_RESERVE = 0x04000000;
export const SEC_COMMIT = 0x08000000;
export const SEC_NOCACHE = 0x10000000;
export const SEC_WRITECOMBINE = 0x40000000;
export const SEC_LARGE_PAGES = 0x80000000;
/** SEC_IMAGE | SEC_NOCACHE. */
export const SEC_IMAGE_NO_EXECUTE = 0x11000000;

// ---------------------------------------------------------------------------------------
// Standard and generic access rights (winnt.h)
// ---------------------------------------------------------------------------------------

export const DELETE = 0x00010000;
export const READ_CONTROL = 0x00020000;
export const WRITE_DAC = 0x00040000;
export const WRITE_OWNER = 0x00080000;
export const SYNCHRONIZE = 0x00100000;
export const STANDARD_RIGHTS_REQUIRED = 0x000f0000;
export const STANDARD_RIGHTS_READ = 0x00020000;
export const STANDARD_RIGHTS_WRITE = 0x00020000;
export const STANDARD_RIGHTS_EXECUTE = 0x00020000;
export const STANDARD_RIGHTS_ALL = 0x001f0000;
export const SPECIFIC_RIGHTS_ALL = 0x0000ffff;
export const ACCESS_SYSTEM_SECURITY = 0x01000000;
export const MAXIMUM_ALLOWED = 0x02000000;
export const GENERIC_READ = 0x80000000;
export const GENERIC_WRITE = 0x40000000;
export const GENERIC_EXECUTE = 0x20000000;
export const GENERIC_ALL = 0x10000000;

// ---------------------------------------------------------------------------------------
// Section and file-mapping access (winnt.h, memoryapi.h)
// ---------------------------------------------------------------------------------------

export const SECTION_QUERY = 0x0001;
export const SECTION_MAP_WRITE = 0x0002;
export const SECTION_MAP_READ = 0x0004;
export const SECTION_MAP_EXECUTE = 0x0008;
export const SECTION_EXTEND_SIZE = 0x0010;
export const SECTION_MAP_EXECUTE_EXPLICIT = 0x0020;
/** STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | MAP_WRITE | MAP_READ | MAP_EXECUTE | EXTEND_SIZE. */
export const SECTION_ALL_ACCESS = 0x000f001f;

export const FILE_MAP_COPY = 0x00000001;
export const FILE_MAP_WRITE = 0x00000002;
export const FILE_MAP_READ = 0x00000004;
/** = SECTION_ALL_ACCESS. */
export const FILE_MAP_ALL_ACCESS = 0x000f001f;
/** = SECTION_MAP_EXECUTE_EXPLICIT (not SECTION_MAP_EXECUTE). */
export const FILE_MAP_EXECUTE = 0x00000020;
export const FILE_MAP_LARGE_PAGES = 0x20000000;
export const FILE_MAP_TARGETS_INVALID = 0x40000000;
export const FILE_MAP_RESERVE = 0x80000000;

// ---------------------------------------------------------------------------------------
// Files (winnt.h, fileapi.h, winbase.h)
// ---------------------------------------------------------------------------------------

export const FILE_READ_DATA = 0x0001;
export const FILE_LIST_DIRECTORY = 0x0001;
export const FILE_WRITE_DATA = 0x0002;
export const FILE_ADD_FILE = 0x0002;
export const FILE_APPEND_DATA = 0x0004;
export const FILE_ADD_SUBDIRECTORY = 0x0004;
export const FILE_READ_EA = 0x0008;
export const FILE_WRITE_EA = 0x0010;
export const FILE_EXECUTE = 0x0020;
export const FILE_TRAVERSE = 0x0020;
export const FILE_DELETE_CHILD = 0x0040;
export const FILE_READ_ATTRIBUTES = 0x0080;
export const FILE_WRITE_ATTRIBUTES = 0x0100;
/** STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FF. */
export const FILE_ALL_ACCESS = 0x001f01ff;
/** STANDARD_RIGHTS_READ | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE. */
export const FILE_GENERIC_READ = 0x00120089;
/** STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | FILE_APPEND_DATA | SYNCHRONIZE. */
export const FILE_GENERIC_WRITE = 0x00120116;
/** STANDARD_RIGHTS_EXECUTE | FILE_READ_ATTRIBUTES | FILE_EXECUTE | SYNCHRONIZE. */
export const FILE_GENERIC_EXECUTE = 0x001200a0;

export const FILE_SHARE_READ = 0x00000001;
export const FILE_SHARE_WRITE = 0x00000002;
export const FILE_SHARE_DELETE = 0x00000004;

export const CREATE_NEW = 1;
export const CREATE_ALWAYS = 2;
export const OPEN_EXISTING = 3;
export const OPEN_ALWAYS = 4;
export const TRUNCATE_EXISTING = 5;

export const FILE_ATTRIBUTE_READONLY = 0x00000001;
export const FILE_ATTRIBUTE_HIDDEN = 0x00000002;
export const FILE_ATTRIBUTE_SYSTEM = 0x00000004;
export const FILE_ATTRIBUTE_DIRECTORY = 0x00000010;
export const FILE_ATTRIBUTE_ARCHIVE = 0x00000020;
export const FILE_ATTRIBUTE_DEVICE = 0x00000040;
export const FILE_ATTRIBUTE_NORMAL = 0x00000080;
export const FILE_ATTRIBUTE_TEMPORARY = 0x00000100;
export const FILE_ATTRIBUTE_SPARSE_FILE = 0x00000200;
export const FILE_ATTRIBUTE_REPARSE_POINT = 0x00000400;
export const FILE_ATTRIBUTE_COMPRESSED = 0x00000800;
export const FILE_ATTRIBUTE_OFFLINE = 0x00001000;
export const FILE_ATTRIBUTE_NOT_CONTENT_INDEXED = 0x00002000;
export const FILE_ATTRIBUTE_ENCRYPTED = 0x00004000;
export const INVALID_FILE_ATTRIBUTES = 0xffffffff;

export const FILE_FLAG_WRITE_THROUGH = 0x80000000;
export const FILE_FLAG_OVERLAPPED = 0x40000000;
export const FILE_FLAG_NO_BUFFERING = 0x20000000;
export const FILE_FLAG_RANDOM_ACCESS = 0x10000000;
export const FILE_FLAG_SEQUENTIAL_SCAN = 0x08000000;
export const FILE_FLAG_DELETE_ON_CLOSE = 0x04000000;
export const FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;
export const FILE_FLAG_POSIX_SEMANTICS = 0x01000000;
export const FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000;
export const FILE_FLAG_OPEN_NO_RECALL = 0x00100000;

export const FILE_BEGIN = 0;
export const FILE_CURRENT = 1;
export const FILE_END = 2;
/** GetFileSize failure value ((DWORD)0xFFFFFFFF); check GetLastError() too. */
export const INVALID_FILE_SIZE = 0xffffffff;
/** SetFilePointer failure value ((DWORD)-1); check GetLastError() too. */
export const INVALID_SET_FILE_POINTER = 0xffffffff;

export const FILE_TYPE_UNKNOWN = 0x0000;
export const FILE_TYPE_DISK = 0x0001;
export const FILE_TYPE_CHAR = 0x0002;
export const FILE_TYPE_PIPE = 0x0003;

// ---------------------------------------------------------------------------------------
// Handles (handleapi.h, winnt.h)
// ---------------------------------------------------------------------------------------

export const HANDLE_FLAG_INHERIT = 0x00000001;
export const HANDLE_FLAG_PROTECT_FROM_CLOSE = 0x00000002;
export const DUPLICATE_CLOSE_SOURCE = 0x00000001;
export const DUPLICATE_SAME_ACCESS = 0x00000002;

// ---------------------------------------------------------------------------------------
// Processes, threads and synchronisation objects (winnt.h, winbase.h)
// ---------------------------------------------------------------------------------------

export const PROCESS_TERMINATE = 0x0001;
export const PROCESS_CREATE_THREAD = 0x0002;
export const PROCESS_SET_SESSIONID = 0x0004;
export const PROCESS_VM_OPERATION = 0x0008;
export const PROCESS_VM_READ = 0x0010;
export const PROCESS_VM_WRITE = 0x0020;
export const PROCESS_DUP_HANDLE = 0x0040;
export const PROCESS_CREATE_PROCESS = 0x0080;
export const PROCESS_SET_QUOTA = 0x0100;
export const PROCESS_SET_INFORMATION = 0x0200;
export const PROCESS_QUERY_INFORMATION = 0x0400;
export const PROCESS_SUSPEND_RESUME = 0x0800;
export const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
export const PROCESS_SET_LIMITED_INFORMATION = 0x2000;
/** Vista and later: STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF (XP used 0x1F0FFF). */
export const PROCESS_ALL_ACCESS = 0x001fffff;

export const THREAD_TERMINATE = 0x0001;
export const THREAD_SUSPEND_RESUME = 0x0002;
export const THREAD_GET_CONTEXT = 0x0008;
export const THREAD_SET_CONTEXT = 0x0010;
export const THREAD_SET_INFORMATION = 0x0020;
export const THREAD_QUERY_INFORMATION = 0x0040;
export const THREAD_QUERY_LIMITED_INFORMATION = 0x0800;
/** Vista and later: STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF. */
export const THREAD_ALL_ACCESS = 0x001fffff;

export const EVENT_MODIFY_STATE = 0x0002;
/** STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3. */
export const EVENT_ALL_ACCESS = 0x001f0003;
export const MUTANT_QUERY_STATE = 0x0001;
/** = MUTANT_QUERY_STATE. */
export const MUTEX_MODIFY_STATE = 0x0001;
/** = MUTANT_ALL_ACCESS: STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | MUTANT_QUERY_STATE. */
export const MUTEX_ALL_ACCESS = 0x001f0001;
export const SEMAPHORE_MODIFY_STATE = 0x0002;
/** STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3. */
export const SEMAPHORE_ALL_ACCESS = 0x001f0003;

/** CreateProcess dwCreationFlags. */
export const DEBUG_PROCESS = 0x00000001;
export const DEBUG_ONLY_THIS_PROCESS = 0x00000002;
export const CREATE_SUSPENDED = 0x00000004;
export const DETACHED_PROCESS = 0x00000008;
export const CREATE_NEW_CONSOLE = 0x00000010;
export const NORMAL_PRIORITY_CLASS = 0x00000020;
export const IDLE_PRIORITY_CLASS = 0x00000040;
export const HIGH_PRIORITY_CLASS = 0x00000080;
export const REALTIME_PRIORITY_CLASS = 0x00000100;
export const CREATE_NEW_PROCESS_GROUP = 0x00000200;
export const CREATE_UNICODE_ENVIRONMENT = 0x00000400;
export const CREATE_NO_WINDOW = 0x08000000;

/** STARTUPINFO dwFlags. */
export const STARTF_USESHOWWINDOW = 0x00000001;
export const STARTF_USESIZE = 0x00000002;
export const STARTF_USEPOSITION = 0x00000004;
export const STARTF_USECOUNTCHARS = 0x00000008;
export const STARTF_USEFILLATTRIBUTE = 0x00000010;
export const STARTF_RUNFULLSCREEN = 0x00000020;
export const STARTF_FORCEONFEEDBACK = 0x00000040;
export const STARTF_FORCEOFFFEEDBACK = 0x00000080;
export const STARTF_USESTDHANDLES = 0x00000100;

/** SetProcessWorkingSetSizeEx / GetProcessWorkingSetSizeEx flags. */
export const QUOTA_LIMITS_HARDWS_MIN_ENABLE = 0x00000001;
export const QUOTA_LIMITS_HARDWS_MIN_DISABLE = 0x00000002;
export const QUOTA_LIMITS_HARDWS_MAX_ENABLE = 0x00000004;
export const QUOTA_LIMITS_HARDWS_MAX_DISABLE = 0x00000008;
export const QUOTA_LIMITS_USE_DEFAULT_LIMITS = 0x00000010;

// ---------------------------------------------------------------------------------------
// Modules (libloaderapi.h, winnt.h)
// ---------------------------------------------------------------------------------------

export const DONT_RESOLVE_DLL_REFERENCES = 0x00000001;
export const LOAD_LIBRARY_AS_DATAFILE = 0x00000002;
export const LOAD_WITH_ALTERED_SEARCH_PATH = 0x00000008;
/** DllMain fdwReason. */
export const DLL_PROCESS_DETACH = 0;
export const DLL_PROCESS_ATTACH = 1;
export const DLL_THREAD_ATTACH = 2;
export const DLL_THREAD_DETACH = 3;

// ---------------------------------------------------------------------------------------
// System information (winnt.h): SYSTEM_INFO.wProcessorArchitecture and dwProcessorType
// ---------------------------------------------------------------------------------------

export const PROCESSOR_ARCHITECTURE_INTEL = 0;
export const PROCESSOR_ARCHITECTURE_ARM = 5;
export const PROCESSOR_ARCHITECTURE_IA64 = 6;
export const PROCESSOR_ARCHITECTURE_AMD64 = 9;
export const PROCESSOR_ARCHITECTURE_ARM64 = 12;
export const PROCESSOR_ARCHITECTURE_UNKNOWN = 0xffff;
export const PROCESSOR_INTEL_386 = 386;
export const PROCESSOR_INTEL_486 = 486;
export const PROCESSOR_INTEL_PENTIUM = 586;
export const PROCESSOR_INTEL_IA64 = 2200;
export const PROCESSOR_AMD_X8664 = 8664;

// ---------------------------------------------------------------------------------------
// Exceptions (winbase.h, winnt.h, excpt.h)
// ---------------------------------------------------------------------------------------

export const EXCEPTION_ACCESS_VIOLATION = 0xc0000005;
export const EXCEPTION_DATATYPE_MISALIGNMENT = 0x80000002;
export const EXCEPTION_BREAKPOINT = 0x80000003;
export const EXCEPTION_SINGLE_STEP = 0x80000004;
export const EXCEPTION_ARRAY_BOUNDS_EXCEEDED = 0xc000008c;
export const EXCEPTION_FLT_DENORMAL_OPERAND = 0xc000008d;
export const EXCEPTION_FLT_DIVIDE_BY_ZERO = 0xc000008e;
export const EXCEPTION_FLT_INEXACT_RESULT = 0xc000008f;
export const EXCEPTION_FLT_INVALID_OPERATION = 0xc0000090;
export const EXCEPTION_FLT_OVERFLOW = 0xc0000091;
export const EXCEPTION_FLT_STACK_CHECK = 0xc0000092;
export const EXCEPTION_FLT_UNDERFLOW = 0xc0000093;
export const EXCEPTION_INT_DIVIDE_BY_ZERO = 0xc0000094;
export const EXCEPTION_INT_OVERFLOW = 0xc0000095;
export const EXCEPTION_PRIV_INSTRUCTION = 0xc0000096;
export const EXCEPTION_IN_PAGE_ERROR = 0xc0000006;
export const EXCEPTION_ILLEGAL_INSTRUCTION = 0xc000001d;
export const EXCEPTION_NONCONTINUABLE_EXCEPTION = 0xc0000025;
export const EXCEPTION_STACK_OVERFLOW = 0xc00000fd;
export const EXCEPTION_INVALID_DISPOSITION = 0xc0000026;
export const EXCEPTION_GUARD_PAGE = 0x80000001;
export const EXCEPTION_INVALID_HANDLE = 0xc0000008;
export const EXCEPTION_POSSIBLE_DEADLOCK = 0xc0000194;
/** = STATUS_CONTROL_C_EXIT. */
export const CONTROL_C_EXIT = 0xc000013a;

/** EXCEPTION_RECORD.ExceptionFlags. */
export const EXCEPTION_NONCONTINUABLE = 0x1;
export const EXCEPTION_MAXIMUM_PARAMETERS = 15;
/**
 * ExceptionInformation[0] of an access violation or in-page error: the kind of access
 * (ExceptionInformation[1] is the address).
 */
export const EXCEPTION_READ_FAULT = 0;
export const EXCEPTION_WRITE_FAULT = 1;
export const EXCEPTION_EXECUTE_FAULT = 8;

/** __except filter results. */
export const EXCEPTION_EXECUTE_HANDLER = 1;
export const EXCEPTION_CONTINUE_SEARCH = 0;
export const EXCEPTION_CONTINUE_EXECUTION = -1;

/**
 * The NTSTATUS values winnt.h itself exposes, which programs meet as exception codes and
 * process exit codes (GetExitCodeProcess of a process killed by an access violation is
 * STATUS_ACCESS_VIOLATION). Defined once, in errors.ts; re-exported here.
 */
export {
  STATUS_WAIT_0,
  STATUS_ABANDONED_WAIT_0,
  STATUS_USER_APC,
  STATUS_TIMEOUT,
  STATUS_PENDING,
  STATUS_GUARD_PAGE_VIOLATION,
  STATUS_DATATYPE_MISALIGNMENT,
  STATUS_BREAKPOINT,
  STATUS_SINGLE_STEP,
  STATUS_ACCESS_VIOLATION,
  STATUS_IN_PAGE_ERROR,
  STATUS_INVALID_HANDLE,
  STATUS_NO_MEMORY,
  STATUS_ILLEGAL_INSTRUCTION,
  STATUS_NONCONTINUABLE_EXCEPTION,
  STATUS_INVALID_DISPOSITION,
  STATUS_ARRAY_BOUNDS_EXCEEDED,
  STATUS_FLOAT_DENORMAL_OPERAND,
  STATUS_FLOAT_DIVIDE_BY_ZERO,
  STATUS_FLOAT_INEXACT_RESULT,
  STATUS_FLOAT_INVALID_OPERATION,
  STATUS_FLOAT_OVERFLOW,
  STATUS_FLOAT_STACK_CHECK,
  STATUS_FLOAT_UNDERFLOW,
  STATUS_INTEGER_DIVIDE_BY_ZERO,
  STATUS_INTEGER_OVERFLOW,
  STATUS_PRIVILEGED_INSTRUCTION,
  STATUS_STACK_OVERFLOW,
  STATUS_CONTROL_C_EXIT,
  STATUS_POSSIBLE_DEADLOCK,
} from './errors.js';

/** DuplicateHandle: the duplicate takes the source handle's attributes (inherit, protect from close). */
export const DUPLICATE_SAME_ATTRIBUTES = 0x00000004;
