/**
 * Win32 sync functions (kernel32): argument marshalling to the kernel's services.
 */
export {};
