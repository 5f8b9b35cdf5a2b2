// Opens whatever the user named as an evidence source, by what its bytes say it is (detect-
// format.ts): a raw disk or image, split raw, an E01, AFF, VMDK, VHD or VHDX. Every source is
// read-only.

import { DiskReader, IMAGE_SECTOR_SIZES } from '../../native-bridge';
import { SectorscopeError } from '../shared/contract';
import { detectFormat } from './detect-format';
import type { EvidenceSource, SourceSpec } from './evidence-source';
import { ImageSource } from './image-source';
import { RawSource } from './raw-source';
import { SplitRawSource } from './split-raw-source';

/** Sector sizes an image file may be viewed with (block devices use the kernel's). */
export const SOURCE_SECTOR_SIZES: readonly number[] = IMAGE_SECTOR_SIZES;

export async function openSource(spec: SourceSpec): Promise<EvidenceSource> {
  if (spec.sectorSize !== undefined && !SOURCE_SECTOR_SIZES.includes(spec.sectorSize)) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      `The sector size must be one of ${SOURCE_SECTOR_SIZES.join(', ')} bytes; got ${spec.sectorSize}.`,
    );
  }
  const detected = await detectFormat(spec.path);
  if ('unsupported' in detected) {
    throw new SectorscopeError('UNSUPPORTED', `${spec.path} is a ${detected.unsupported}`);
  }
  switch (detected.format) {
    case 'raw':
      return RawSource.open(spec);
    case 'split':
      return SplitRawSource.open(detected.segments, spec.sectorSize, detected.warnings);
    default: {
      const image = await ImageSource.open(spec.path, detected.format);
      const own = image.geometry.logicalSectorSize;
      if (spec.sectorSize !== undefined && spec.sectorSize !== own) {
        await image.close();
        throw new SectorscopeError(
          'INVALID_ARGUMENT',
          `${spec.path} is a ${image.identity.format.toUpperCase()} image with ${own}-byte ` +
            'sectors of its own; a sector size can be chosen for raw images only.',
        );
      }
      return image;
    }
  }
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
