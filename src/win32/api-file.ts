/**
 * Win32 file functions (kernel32): argument marshalling to the kernel's services.
 */
export {};
