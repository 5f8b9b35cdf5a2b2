// Bounds-checked readers over Uint8Array. Callers check lengths first: an out-of-range read is a
// programming error and throws RangeError (the fuzz tests prove no parser gets there).

/** Throws RangeError unless `size` bytes at `offset` lie inside `bytes`. */
function inBounds(bytes: Uint8Array, offset: number, size: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + size > bytes.length) {
    throw new RangeError(`${size} bytes at offset ${offset} lie outside ${bytes.length} bytes`);
  }
}

// Plain byte arithmetic: these run for every field of every probe, and a DataView per call cost
// more than the reads.
export function u8(bytes: Uint8Array, offset: number): number {
  inBounds(bytes, offset, 1);
  return bytes[offset] as number;
}

export function i8(bytes: Uint8Array, offset: number): number {
  return (u8(bytes, offset) << 24) >> 24;
}

export function u16le(bytes: Uint8Array, offset: number): number {
  inBounds(bytes, offset, 2);
  return (bytes[offset] as number) | ((bytes[offset + 1] as number) << 8);
}

export function u16be(bytes: Uint8Array, offset: number): number {
  inBounds(bytes, offset, 2);
  return ((bytes[offset] as number) << 8) | (bytes[offset + 1] as number);
}

export function u32le(bytes: Uint8Array, offset: number): number {
  return (u16le(bytes, offset) + u16le(bytes, offset + 2) * 0x10000) >>> 0;
}

export function u32be(bytes: Uint8Array, offset: number): number {
  return (u16be(bytes, offset) * 0x10000 + u16be(bytes, offset + 2)) >>> 0;
}

export function u64le(bytes: Uint8Array, offset: number): bigint {
  inBounds(bytes, offset, 8);
  return (BigInt(u32le(bytes, offset + 4)) << 32n) | BigInt(u32le(bytes, offset));
}

/** Bytes as Latin-1 characters (one char per byte), for signatures and OEM names. */
export function latin1(bytes: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(u8(bytes, offset + i));
  return text;
}

export function hasSignature(bytes: Uint8Array, offset: number, signature: string): boolean {
  if (offset < 0 || offset + signature.length > bytes.length) return false;
  for (let i = 0; i < signature.length; i++) {
    if (bytes[offset + i] !== signature.charCodeAt(i)) return false;
  }
  return true;
}

export function isAllZero(bytes: Uint8Array, offset = 0, length = bytes.length - offset): boolean {
  for (let i = offset; i < offset + length; i++) if (bytes[i] !== 0) return false;
  return true;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Upper-case hex with a 0x prefix, zero-padded to `digits`. */
export function hex(value: number | bigint, digits: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(digits, '0')}`;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** Text of a fixed-size field: stops at the first NUL, drops trailing spaces. */
export function fixedLatin1(bytes: Uint8Array, offset: number, length: number): string {
  const raw = latin1(bytes, offset, length);
  const nul = raw.indexOf('\0');
  return (nul >= 0 ? raw.slice(0, nul) : raw).replace(/ +$/, '');
}

export function u64be(bytes: Uint8Array, offset: number): bigint {
  inBounds(bytes, offset, 8);
  return (BigInt(u32be(bytes, offset)) << 32n) | BigInt(u32be(bytes, offset + 4));
}

/** The bytes of `length` at `offset` when they lie inside `bytes`, else null. */
export function sliceIn(bytes: Uint8Array, offset: number, length: number): Uint8Array | null {
  if (offset < 0 || length < 0 || offset + length > bytes.length) return null;
  return bytes.subarray(offset, offset + length);
}
