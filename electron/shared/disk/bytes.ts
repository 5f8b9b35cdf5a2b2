// Bounds-checked readers over Uint8Array. Callers check lengths first: an out-of-range read is a
// programming error and throws RangeError (the fuzz tests prove no parser gets there).

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function u8(bytes: Uint8Array, offset: number): number {
  return dataView(bytes).getUint8(offset);
}

export function i8(bytes: Uint8Array, offset: number): number {
  return dataView(bytes).getInt8(offset);
}

export function u16le(bytes: Uint8Array, offset: number): number {
  return dataView(bytes).getUint16(offset, true);
}

export function u16be(bytes: Uint8Array, offset: number): number {
  return dataView(bytes).getUint16(offset, false);
}

export function u32le(bytes: Uint8Array, offset: number): number {
  return dataView(bytes).getUint32(offset, true);
}

export function u32be(bytes: Uint8Array, offset: number): number {
  return dataView(bytes).getUint32(offset, false);
}

export function u64le(bytes: Uint8Array, offset: number): bigint {
  return dataView(bytes).getBigUint64(offset, true);
}

/** Bytes as Latin-1 characters (one char per byte), for signatures and OEM names. */
export function latin1(bytes: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(u8(bytes, offset + i));
  return text;
}

export function hasSignature(bytes: Uint8Array, offset: number, signature: string): boolean {
  if (offset < 0 || offset + signature.length > bytes.length) return false;
  return latin1(bytes, offset, signature.length) === signature;
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
  return dataView(bytes).getBigUint64(offset, false);
}

/** The bytes of `length` at `offset` when they lie inside `bytes`, else null. */
export function sliceIn(bytes: Uint8Array, offset: number, length: number): Uint8Array | null {
  if (offset < 0 || length < 0 || offset + length > bytes.length) return null;
  return bytes.subarray(offset, offset + length);
}
