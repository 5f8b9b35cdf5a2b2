import type { FindingCollector } from '../findings';
import { readBytesAt } from '../read-sectors';
import type { SectorSource } from '../sector-source';
import { type DetectOptions, detectVolume } from './detect-filesystem';
import type { DetectedFilesystem, FilesystemType } from './filesystem-types';
import { FILESYSTEM_HEAD_BYTES, sourceVolume } from './volume-bytes';

const FIRST_PROBE_BYTES = 8192;

/** Filesystems whose first sector ends in 0x55AA, like an MBR. */
export const BOOT_SECTOR_FILESYSTEMS: ReadonlySet<FilesystemType> = new Set([
  'fat12',
  'fat16',
  'fat32',
  'ntfs',
  'exfat',
  'BitLocker',
]);

/**
 * Reads the head of a volume and recognises what it holds, with a few bounded reads more;
 * `what` names it in findings (null: say nothing when the head cannot be read).
 */
export async function probeFilesystem(
  source: SectorSource,
  start: bigint,
  sectors: bigint,
  findings: FindingCollector,
  what: string | null,
  options: DetectOptions = {},
): Promise<DetectedFilesystem | null> {
  const available = source.sectorCount - start;
  const volumeSectors = sectors < available ? sectors : available;
  if (start < 0n || volumeSectors <= 0n) return null;
  const volumeBytes = volumeSectors * BigInt(source.sectorSize);
  const headBytes = BigInt(FILESYSTEM_HEAD_BYTES);
  const wanted = Number(volumeBytes < headBytes ? volumeBytes : headBytes);
  // The first 8 KiB hold most signatures: a bad sector further in costs only the others.
  const first = Math.min(wanted, FIRST_PROBE_BYTES);
  const read = await readBytesAt(source, start, first);
  if (!read.ok) {
    if (what !== null) {
      findings.add(
        'warning',
        'READ_FAILED',
        `The first sectors of ${what} could not be read (${read.message}), so its filesystem is unknown.`,
        start,
      );
    }
    return null;
  }
  let head = read.bytes.subarray(0, first);
  const sectorSize = BigInt(source.sectorSize);
  const firstSectors = BigInt(read.bytes.length) / sectorSize;
  if (wanted > read.bytes.length) {
    const rest = await readBytesAt(source, start + firstSectors, wanted - read.bytes.length);
    if (rest.ok) {
      const whole = new Uint8Array(wanted);
      whole.set(read.bytes);
      whole.set(rest.bytes.subarray(0, wanted - read.bytes.length), read.bytes.length);
      head = whole;
    }
  }
  // Backup structures past the end of a truncated image are not offered.
  return detectVolume(sourceVolume(source, start, volumeBytes, head), options);
}
