/**
 * InPageError: the host could not read a page's backing store (the pagefile or a mapped
 * file) during a page fault. The fault handler turns it into STATUS_IN_PAGE_ERROR
 * (0xC0000006, EXCEPTION_IN_PAGE_ERROR) in the faulting program, as NT does; whoever
 * throws it has already given back the frames it took, so the kernel stays consistent.
 */
export class InPageError extends Error {
  override name = 'InPageError';

  constructor(override readonly cause: unknown) {
    super(`in-page I/O error: ${(cause as Error)?.message ?? String(cause)}`);
  }
}
