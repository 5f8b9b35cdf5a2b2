import { MAX_READ_BYTES } from '../../read-limits';
import { readSectors } from '../read-sectors';
import type { SectorSource } from '../sector-source';

/**
 * Bytes read from the start of a volume before any probe runs: they hold every signature the
 * probes look for at a fixed place (swap's page end up to 64 KiB, ISO 9660 and UDF descriptors
 * from 32 KiB, the btrfs superblock at 64 KiB).
 */
export const FILESYSTEM_HEAD_BYTES = 68 * 1024;

/** Reads a probe may make beyond the head, per volume, and the size of each. */
export const MAX_PROBE_READS = 24;
export const MAX_PROBE_READ_BYTES = 256 * 1024;

/** One volume (a partition, an unallocated range, the whole disk) as the probes see it. */
export interface VolumeBytes {
  /** Bytes the volume spans (what the partition table gives, clipped to the disk). */
  size: bigint;
  /** The disk's logical sector size. */
  sectorSize: number;
  /** The first FILESYSTEM_HEAD_BYTES bytes (all of a smaller volume). */
  head: Uint8Array;
  /**
   * `length` bytes at `offset` in the volume; null when they lie outside it, cannot be read, or
   * the volume's read budget (MAX_PROBE_READS of MAX_PROBE_READ_BYTES) is spent.
   */
  read(offset: bigint, length: number): Promise<Uint8Array | null>;
}

type RawRead = (offset: bigint, length: number) => Promise<Uint8Array | null>;

function boundedVolume(
  size: bigint,
  sectorSize: number,
  head: Uint8Array,
  raw: RawRead,
): VolumeBytes {
  let reads = 0;
  return {
    size,
    sectorSize,
    head,
    async read(offset, length) {
      if (!Number.isSafeInteger(length) || length < 0 || length > MAX_PROBE_READ_BYTES) {
        return null;
      }
      if (offset < 0n || offset + BigInt(length) > size) return null;
      if (offset + BigInt(length) <= BigInt(head.length)) {
        return head.subarray(Number(offset), Number(offset) + length);
      }
      if (reads >= MAX_PROBE_READS) return null;
      reads++;
      return raw(offset, length);
    },
  };
}

/** A volume held in memory (tests, or bytes already read); `size` may exceed the bytes held. */
export function bufferVolume(
  bytes: Uint8Array,
  size: bigint = BigInt(bytes.length),
  sectorSize = 512,
): VolumeBytes {
  const head = bytes.subarray(0, Math.min(bytes.length, FILESYSTEM_HEAD_BYTES));
  return boundedVolume(size, sectorSize, head, async (offset, length) => {
    const end = offset + BigInt(length);
    if (end > BigInt(bytes.length)) return null;
    return bytes.subarray(Number(offset), Number(end));
  });
}

/**
 * The volume of `size` bytes starting at sector `start` of a source, with its head already read.
 * Reads are whole sectors (split below MAX_READ_BYTES by readSectors).
 */
export function sourceVolume(
  source: SectorSource,
  start: bigint,
  size: bigint,
  head: Uint8Array,
): VolumeBytes {
  const sector = BigInt(source.sectorSize);
  return boundedVolume(size, source.sectorSize, head, async (offset, length) => {
    if (length === 0) return new Uint8Array(0);
    const first = offset / sector;
    const last = (offset + BigInt(length) - 1n) / sector;
    const count = last - first + 1n;
    if (count * sector > BigInt(MAX_READ_BYTES) * 4n) return null;
    const read = await readSectors(source, start + first, Number(count));
    if (!read.ok) return null;
    const from = Number(offset - first * sector);
    return read.bytes.subarray(from, from + length);
  });
}
