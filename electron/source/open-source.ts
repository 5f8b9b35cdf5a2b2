// Opens whatever the user named as an evidence source. Every source is read-only.

import { DiskReader, IMAGE_SECTOR_SIZES } from '../../native-bridge';
import { SectorscopeError } from '../shared/contract';
import type { EvidenceSource, SourceSpec } from './evidence-source';
import { RawSource } from './raw-source';

/** Sector sizes an image file may be viewed with (block devices use the kernel's). */
export const SOURCE_SECTOR_SIZES: readonly number[] = IMAGE_SECTOR_SIZES;

export async function openSource(spec: SourceSpec): Promise<EvidenceSource> {
  if (spec.sectorSize !== undefined && !SOURCE_SECTOR_SIZES.includes(spec.sectorSize)) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      `The sector size must be one of ${SOURCE_SECTOR_SIZES.join(', ')} bytes; got ${spec.sectorSize}.`,
    );
  }
  return RawSource.open(spec);
}

/**
 * Reads of this thread's sources that the kernel has not answered yet: a disk that stopped
 * answering keeps them, and the process cannot end before they return.
 */
export function readsInProgress(): number {
  return DiskReader.preadsRunning;
}

/** What a source is, as the job it is handed to must find it again. */
export function specOf(source: EvidenceSource): SourceSpec {
  return source.identity.kind === 'file'
    ? { path: source.identity.path, sectorSize: source.geometry.logicalSectorSize }
    : { path: source.identity.path };
}
