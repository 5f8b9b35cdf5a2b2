// Turns a request for logical sectors into one unit-aligned read and back: widens the byte range
// to the I/O unit (which can exceed the sector size, e.g. a 512-sector image on a filesystem that
// wants 4096-byte direct I/O), reads it, and names the sectors that stayed unreadable.

import { allocateAligned } from './aligned-buffer';
import { readAlignedRange, type ByteRange, type RangeSource } from './aligned-range-reader';

export interface SectorSource extends RangeSource {
  sectorSize: number;
}

export interface SectorSpan {
  /** count * sectorSize bytes: a view into `target` when it could be used, else a fresh buffer. */
  data: Uint8Array;
  unreadable: bigint[];
}

function lbasOverlapping(
  failures: ByteRange[],
  first: bigint,
  end: bigint,
  sectorSize: bigint,
): bigint[] {
  const lbas: bigint[] = [];
  for (const failure of failures) {
    const from = failure.start > first ? failure.start : first;
    const to = failure.end < end ? failure.end : end;
    for (let lba = from / sectorSize; lba * sectorSize < to; lba++) lbas.push(lba);
  }
  return lbas;
}

export interface SpanBuffers {
  /** Where the caller wants the bytes: used when the request needs no widening at its start. */
  target?: Uint8Array;
  /** A buffer the read may use for its I/O when it is long enough, instead of a new one. */
  scratch?: Uint8Array;
}

/**
 * Reads sectors [lba, lba + count). Buffers must be aligned (see readAlignedRange). The bytes
 * land in `target` when they can, else in `scratch` or a new buffer; `data` is a view into
 * whichever was used.
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
        : allocateAligned(ioLength);
  const failures = await readAlignedRange(source, ioStart, ioEnd, buffer, retries);
  const offset = Number(first - ioStart);
  return {
    data: buffer.subarray(offset, offset + count * source.sectorSize),
    unreadable: lbasOverlapping(failures, first, end, sectorSize),
  };
}
