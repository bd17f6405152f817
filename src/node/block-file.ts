/**
 * NodeBlockFile: a host file addressed by byte offsets, with synchronous positional I/O —
 * the kernel's pagefile (created sparse with ftruncate, so a 512 MiB pagefile costs no disk
 * until pages are written to it) and every workspace file the kernel opens
 * (src/node/workspace-file.ts opens those without truncating). Growing is ftruncate, never
 * written zeros, so files stay sparse.
 */
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, readvSync, writeSync, writevSync } from 'node:fs';
import type { BlockFile } from '../host/host.js';

export class NodeBlockFile implements BlockFile {
  private fd: number | null;

  constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Creates (or truncates) `path` as a sparse file of `bytes` bytes: the pagefile. */
  static create(path: string, bytes: number): NodeBlockFile {
    const fd = openSync(path, 'w+');
    ftruncateSync(fd, bytes);
    return new NodeBlockFile(path, fd);
  }

  private get handle(): number {
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    return this.fd;
  }

  read(buf: Uint8Array, offset: number): number {
    let done = 0;
    while (done < buf.length) {
      const n = readSync(this.handle, buf, done, buf.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  write(buf: Uint8Array, offset: number): void {
    let done = 0;
    while (done < buf.length) done += writeSync(this.handle, buf, done, buf.length - done, offset + done);
  }

  readv(bufs: Uint8Array[], offset: number): number {
    return transferAll(bufs, (rest, done) => readvSync(this.handle, rest, offset + done));
  }

  writev(bufs: Uint8Array[], offset: number): void {
    transferAll(bufs, (rest, done) => writevSync(this.handle, rest, offset + done));
  }

  flush(): void {
    // Data and the size (fdatasync includes the metadata needed to read the data back).
    fdatasyncSync(this.handle);
  }

  size(): number {
    return fstatSync(this.handle).size;
  }

  setSize(bytes: number): void {
    ftruncateSync(this.handle, bytes);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * Repeats a scatter/gather call until every buffer is done or it moves nothing (end of
 * file); `call` gets the buffers still to do and the bytes done so far. Returns bytes done.
 */
function transferAll(bufs: Uint8Array[], call: (rest: Uint8Array[], done: number) => number): number {
  let done = 0;
  let rest = bufs.filter((b) => b.length > 0);
  while (rest.length > 0) {
    const n = call(rest, done);
    if (n === 0) break;
    done += n;
    let skip = n;
    while (rest.length > 0 && skip >= rest[0]!.length) {
      skip -= rest[0]!.length;
      rest = rest.slice(1);
    }
    if (skip > 0) rest = [rest[0]!.subarray(skip), ...rest.slice(1)];
  }
  return done;
}
