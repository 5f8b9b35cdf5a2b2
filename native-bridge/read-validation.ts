// Checks of read requests, with messages that give the valid range.

import { BUFFER_ALIGNMENT, isAligned } from './aligned-buffer';
import { NativeDiskError } from './native-disk-error';
import type { DiskInfo } from './types';

/** The largest single read the bridge accepts, in bytes. */
export const MAX_NATIVE_READ_BYTES = 64 * 1024 * 1024;
export const DEFAULT_RETRIES = 1;
export const MAX_RETRIES = 16;

/** Bytes the block layer can reach: a block device's trailing partial sector is not readable. */
export function readableBytes(info: DiskInfo): bigint {
  return info.kind === 'file' ? info.size : info.sectorCount * BigInt(info.logicalSectorSize);
}

function lastLba(info: DiskInfo): bigint {
  return info.sectorCount - 1n;
}

export function checkSectorRange(info: DiskInfo, lba: unknown, count: unknown): void {
  if (typeof lba !== 'bigint') {
    throw new NativeDiskError(
      'INVALID_ARGUMENT',
      `The LBA must be a bigint; got ${typeof lba} ${String(lba)}.`,
    );
  }
  const maxCount = MAX_NATIVE_READ_BYTES / info.logicalSectorSize;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > maxCount) {
    throw new NativeDiskError(
      'INVALID_ARGUMENT',
      `The sector count must be a whole number from 1 to ${maxCount} ` +
        `(${MAX_NATIVE_READ_BYTES / 1048576} MiB of ${info.logicalSectorSize}-byte sectors ` +
        `per read); got ${String(count)}.`,
    );
  }
  if (lba < 0n || lba > lastLba(info)) {
    throw new NativeDiskError(
      'OUT_OF_RANGE',
      `LBA ${lba} is outside ${info.path}: valid LBAs are 0 to ${lastLba(info)}.`,
    );
  }
  if (lba + BigInt(count) > info.sectorCount) {
    throw new NativeDiskError(
      'OUT_OF_RANGE',
      `Sectors ${lba} to ${lba + BigInt(count) - 1n} run past the end of ${info.path}: valid ` +
        `LBAs are 0 to ${lastLba(info)}, so at most ${info.sectorCount - lba} sectors can be ` +
        `read from LBA ${lba}.`,
    );
  }
}

export function checkByteRange(info: DiskInfo, offset: unknown, length: unknown): void {
  if (typeof offset !== 'bigint') {
    throw new NativeDiskError(
      'INVALID_ARGUMENT',
      `The byte offset must be a bigint; got ${typeof offset} ${String(offset)}.`,
    );
  }
  if (
    typeof length !== 'number' ||
    !Number.isInteger(length) ||
    length < 1 ||
    length > MAX_NATIVE_READ_BYTES
  ) {
    throw new NativeDiskError(
      'INVALID_ARGUMENT',
      `The byte length must be a whole number from 1 to ${MAX_NATIVE_READ_BYTES}; ` +
        `got ${String(length)}.`,
    );
  }
  const end = readableBytes(info);
  if (offset < 0n || offset + BigInt(length) > end) {
    throw new NativeDiskError(
      'OUT_OF_RANGE',
      `Bytes ${offset} to ${offset + BigInt(length) - 1n} are outside ${info.path}: valid ` +
        `offsets are 0 to ${end - 1n}.`,
    );
  }
}

export function checkRetries(retries: unknown): number {
  if (retries === undefined) return DEFAULT_RETRIES;
  if (
    typeof retries !== 'number' ||
    !Number.isInteger(retries) ||
    retries < 0 ||
    retries > MAX_RETRIES
  ) {
    throw new NativeDiskError(
      'INVALID_ARGUMENT',
      `retries must be a whole number from 0 to ${MAX_RETRIES}; got ${String(retries)}.`,
    );
  }
  return retries;
}

export function checkTarget(target: unknown, neededBytes: number): asserts target is Uint8Array {
  if (!(target instanceof Uint8Array)) {
    throw new NativeDiskError('INVALID_ARGUMENT', 'The target of readInto must be a Uint8Array.');
  }
  if (target.length < neededBytes) {
    throw new NativeDiskError(
      'INVALID_ARGUMENT',
      `The target holds ${target.length} bytes; this read needs ${neededBytes}.`,
    );
  }
  if (!isAligned(target, BUFFER_ALIGNMENT)) {
    throw new NativeDiskError(
      'INVALID_ARGUMENT',
      `The target must start at a ${BUFFER_ALIGNMENT}-byte aligned address: ` +
        'allocate it with allocateAligned().',
    );
  }
}
