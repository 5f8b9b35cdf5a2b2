import { openSource, SOURCE_SECTOR_SIZES, type EvidenceSource } from '../source';
import { UsageError } from './cli-error';

/** --sector-size N as a number, or a usage error naming the sizes allowed. */
export function sectorSizeOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const size = Number(text);
  if (!SOURCE_SECTOR_SIZES.includes(size)) {
    throw new UsageError(
      `--sector-size must be one of ${SOURCE_SECTOR_SIZES.join(', ')}; got ${text}.`,
    );
  }
  return size;
}

/** Opens PATH read-only, with --sector-size applying to image files. */
export async function openPathOption(
  path: string | undefined,
  sectorSize?: string,
): Promise<EvidenceSource> {
  if (!path) throw new UsageError('Missing PATH: name a block device (/dev/sdb) or an image file.');
  return openSource({ path, sectorSize: sectorSizeOption(sectorSize) });
}
