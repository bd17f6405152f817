/**
 * JSON payloads in a mailbox's data area: system-call requests and replies. Used by both
 * sides. The text is UTF-8; its length goes in the Length slot.
 */
import { MAILBOX_DATA_BYTES, MAILBOX_DATA_OFFSET, Mb } from './layout.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes `value` as JSON; throws RangeError if it does not fit. */
export function writeJson(mailbox: Int32Array, bytes: Uint8Array, value: unknown): void {
  const text = JSON.stringify(value);
  const dest = bytes.subarray(MAILBOX_DATA_OFFSET, MAILBOX_DATA_OFFSET + MAILBOX_DATA_BYTES);
  const { read, written } = encoder.encodeInto(text, dest);
  if (read < text.length) throw new RangeError(`system call payload larger than ${MAILBOX_DATA_BYTES} bytes`);
  mailbox[Mb.Length] = written;
}

export function readJson(mailbox: Int32Array, bytes: Uint8Array): unknown {
  const n = mailbox[Mb.Length]!;
  // slice(): TextDecoder refuses views of shared memory.
  return JSON.parse(decoder.decode(bytes.slice(MAILBOX_DATA_OFFSET, MAILBOX_DATA_OFFSET + n)));
}
