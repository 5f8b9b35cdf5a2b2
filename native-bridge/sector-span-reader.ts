// Turns a request for logical sectors into one unit-aligned read and back: widens the byte range
// to the I/O unit (which can exceed the sector size, e.g. a 512-sector image on a filesystem that
// wants 4096-byte direct I/O), reads it, and names the sectors that stayed unreadable.

import { allocateAlignedShared } from './aligned-buffer';
import { readAlignedRange, type FailedRange, type RangeSource } from './aligned-range-reader';
import type { UnreadableSectors } from './types';

export interface SectorSource extends RangeSource {
  sectorSize: number;
}

export interface SectorSpan extends UnreadableSectors {
  /** count * sectorSize bytes: a view into `target` when it could be used, else a fresh buffer. */
  data: Uint8Array;
}

function sectorsOverlapping(
  failures: FailedRange[],
  first: bigint,
  end: bigint,
  sectorSize: bigint,
): UnreadableSectors {
  const unreadable: bigint[] = [];
  const unreadableErrnos: number[] = [];
  for (const failure of failures) {
    const from = failure.start > first ? failure.start : first;
    const to = failure.end < end ? failure.end : end;
    for (let lba = from / sectorSize; lba * sectorSize < to; lba++) {
      unreadable.push(lba);
      unreadableErrnos.push(failure.errno);
    }
  }
  return { unreadable, unreadableErrnos };
}

export interface SpanBuffers {
  /** Where the caller wants the bytes: used when the request needs no widening at its start. */
  target?: Uint8Array;
  /** A buffer the read may use for its I/O when it is long enough, instead of a new one. */
  scratch?: Uint8Array;
}

/**
 * Reads sectors [lba, lba + count). Buffers must be aligned (see readAlignedRange). The bytes
 * land in `target` when they can, else in `scratch` or a new shared buffer (which a read thread
 * fills in place); `data` is a view into whichever was used.
 */
export async function readSectorSpan(
  source: SectorSource,
  lba: bigint,
  count: number,
  retries: number,
  { target, scratch }: SpanBuffers = {},
): Promise<SectorSpan> {
  const sectorSize = BigInt(source.sectorSize);
  const unit = BigInt(source.unit);
  const first = lba * sectorSize;
  const end = first + BigInt(count) * sectorSize;
  const ioStart = first - (first % unit);
  const ioEnd = end % unit === 0n ? end : end + unit - (end % unit);
  const ioLength = Number(ioEnd - ioStart);
  const buffer =
    target && ioStart === first && target.length >= ioLength
      ? target
      : scratch && scratch.length >= ioLength
        ? scratch
        : allocateAlignedShared(ioLength);
  const failures = await readAlignedRange(source, ioStart, ioEnd, buffer, retries);
  const offset = Number(first - ioStart);
  return {
    data: buffer.subarray(offset, offset + count * source.sectorSize),
    ...sectorsOverlapping(failures, first, end, sectorSize),
  };
}
