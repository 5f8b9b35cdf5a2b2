import { DiskReader } from '../../native-bridge';
import { UsageError } from './cli-error';

const SECTOR_SIZES = [512, 1024, 2048, 4096];

/** Opens PATH read-only, with --sector-size applying to image files. */
export async function openDisk(path: string | undefined, sectorSize?: string): Promise<DiskReader> {
  if (!path) throw new UsageError('Missing PATH: name a block device (/dev/sdb) or an image file.');
  if (sectorSize === undefined) return DiskReader.open(path);
  const size = Number(sectorSize);
  if (!SECTOR_SIZES.includes(size)) {
    throw new UsageError(
      `--sector-size must be one of ${SECTOR_SIZES.join(', ')}; got ${sectorSize}.`,
    );
  }
  return DiskReader.open(path, { logicalSectorSize: size });
}
