import { u8 } from './bytes';

function hexByte(bytes: Uint8Array, offset: number): string {
  return u8(bytes, offset).toString(16).padStart(2, '0');
}

function hexRun(bytes: Uint8Array, offset: number, order: readonly number[]): string {
  return order.map((i) => hexByte(bytes, offset + i)).join('');
}

/**
 * A GUID as Windows, sgdisk and sfdisk print it: the first three groups are stored little-endian
 * ("mixed-endian"), upper case, no braces. Needs 16 bytes at `offset`.
 */
export function formatGuid(bytes: Uint8Array, offset = 0): string {
  return [
    hexRun(bytes, offset, [3, 2, 1, 0]),
    hexRun(bytes, offset, [5, 4]),
    hexRun(bytes, offset, [7, 6]),
    hexRun(bytes, offset, [8, 9]),
    hexRun(bytes, offset, [10, 11, 12, 13, 14, 15]),
  ]
    .join('-')
    .toUpperCase();
}

/** An RFC 4122 UUID stored big-endian (ext2/3/4, swap), lower case as blkid prints it. */
export function formatUuid(bytes: Uint8Array, offset = 0): string {
  const all = hexRun(bytes, offset, [...Array(16).keys()]);
  return `${all.slice(0, 8)}-${all.slice(8, 12)}-${all.slice(12, 16)}-${all.slice(16, 20)}-${all.slice(20)}`;
}

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
