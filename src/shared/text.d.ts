// TextEncoder/TextDecoder exist in every host the kernel and workers run in (Node,
// Electron, browsers) but are web APIs, not ECMAScript; declare just what we use so the
// host-free tsconfig (no DOM, no Node types) accepts them.
declare class TextEncoder {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}
