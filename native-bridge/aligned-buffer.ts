// Buffers for O_DIRECT that live inside V8's heap. Electron's memory cage refuses ArrayBuffers
// that point outside it (koffi.view makes such buffers), so instead we over-allocate an ordinary
// Uint8Array and hand out the sub-array that starts at the first aligned address. Its backing
// store is allocated outside the moving GC heap (it is far larger than V8's on-heap limit for
// typed arrays), so the address stays put; the caller keeps the array referenced until the read
// that uses it has ended.

import koffi from 'koffi';

/** Covers every logical sector size and DMA alignment a Linux block device asks for. */
export const BUFFER_ALIGNMENT = 4096;

/** V8 keeps typed arrays up to 64 bytes inside its moving heap; stay well above that. */
const MIN_ALLOCATION = 512;

export function addressOf(array: Uint8Array): bigint {
  return koffi.address(array);
}

export function isAligned(array: Uint8Array, alignment: number = BUFFER_ALIGNMENT): boolean {
  return addressOf(array) % BigInt(alignment) === 0n;
}

/**
 * A zero-filled Uint8Array of exactly `length` bytes whose first byte sits at an address that is
 * a multiple of `alignment` (a power of two). Reusable across reads.
 */
export function allocateAligned(length: number, alignment: number = BUFFER_ALIGNMENT): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`Buffer length must be a non-negative integer, got ${length}`);
  }
  if (!Number.isInteger(alignment) || alignment < 1 || (alignment & (alignment - 1)) !== 0) {
    throw new RangeError(`Alignment must be a power of two, got ${alignment}`);
  }
  const backing = new Uint8Array(Math.max(length + alignment - 1, MIN_ALLOCATION));
  return alignedView(backing, length, alignment);
}

/**
 * Like allocateAligned, in a SharedArrayBuffer: a disk's read thread (read-thread/) reads
 * straight into such memory, where an ordinary buffer would need a copy out of its own slot.
 */
export function allocateAlignedShared(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`Buffer length must be a non-negative integer, got ${length}`);
  }
  const backing = new Uint8Array(new SharedArrayBuffer(length + BUFFER_ALIGNMENT));
  return alignedView(backing, length);
}

/** Whether the array's memory is a SharedArrayBuffer, which another thread can read into. */
export function isShared(array: Uint8Array): boolean {
  return array.buffer instanceof SharedArrayBuffer;
}

/**
 * The `length` bytes of `whole` that start at its first address that is a multiple of
 * `alignment`; `whole` must hold length + alignment - 1 bytes.
 */
export function alignedView(
  whole: Uint8Array,
  length: number,
  alignment: number = BUFFER_ALIGNMENT,
): Uint8Array {
  const misalignment = Number(addressOf(whole) % BigInt(alignment));
  const start = misalignment === 0 ? 0 : alignment - misalignment;
  return whole.subarray(start, start + length);
}
