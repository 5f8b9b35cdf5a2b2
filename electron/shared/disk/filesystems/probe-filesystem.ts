import type { FindingCollector } from '../findings';
import { readBytesAt } from '../read-sectors';
import type { SectorSource } from '../sector-source';
import { detectFilesystem } from './detect-filesystem';
import { FILESYSTEM_PROBE_BYTES, type DetectedFilesystem } from './filesystem-types';

/** Filesystems whose first sector ends in 0x55AA, like an MBR. */
export const BOOT_SECTOR_FILESYSTEMS: ReadonlySet<string> = new Set([
  'fat12',
  'fat16',
  'fat32',
  'ntfs',
  'exfat',
]);

/** Reads the first sectors of a volume and recognises its filesystem; `what` names it in findings. */
export async function probeFilesystem(
  source: SectorSource,
  start: bigint,
  sectors: bigint,
  findings: FindingCollector,
  what: string,
): Promise<DetectedFilesystem | null> {
  const available = source.sectorCount - start;
  const volumeSectors = sectors < available ? sectors : available;
  if (start < 0n || volumeSectors <= 0n) return null;
  const volumeBytes = volumeSectors * BigInt(source.sectorSize);
  const probe = BigInt(FILESYSTEM_PROBE_BYTES);
  const read = await readBytesAt(source, start, Number(volumeBytes < probe ? volumeBytes : probe));
  if (!read.ok) {
    findings.add(
      'warning',
      'READ_FAILED',
      `The first sectors of ${what} could not be read (${read.message}), so its filesystem is unknown.`,
      start,
    );
    return null;
  }
  // Backup structures past the end of a truncated image are not offered.
  return detectFilesystem(read.bytes, volumeBytes);
}
