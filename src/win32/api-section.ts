/**
 * Win32 section functions (kernel32): argument marshalling to the kernel's services.
 */
export {};
