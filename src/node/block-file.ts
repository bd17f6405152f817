/**
 * NodeBlockFile: a host file addressed by byte offsets, with synchronous I/O, for the
 * kernel's pagefile. Created sparse (ftruncate), so a 512 MiB pagefile costs no disk
 * until pages are written to it.
 */
import { closeSync, fsyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import type { BlockFile } from '../host/host.js';

export class NodeBlockFile implements BlockFile {
  private fd: number | null;

  constructor(
    readonly path: string,
    bytes: number,
  ) {
    this.fd = openSync(path, 'w+');
    ftruncateSync(this.fd, bytes);
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

  flush(): void {
    fsyncSync(this.handle);
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
