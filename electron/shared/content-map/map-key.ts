// What a kept content map is filed under, so that a case can reuse it for the same image: the
// image's identity (format, size, sector size, and the media hashes an E01 stores), the range
// mapped, the number of cells and the version of the rules. A full map of a key replaces a
// quick one. A raw image stores no hash of itself: a case files its maps under the hash it
// took at acquisition, or the key says only the format and geometry.

import type { MapImageIdentity, MapResult } from '../contract';

export function imageKey(image: MapImageIdentity, acquisitionHash?: string): string {
  const hashes = Object.entries({ ...image.storedHashes, acquired: acquisitionHash })
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${value}`);
  return [image.format, image.size, image.logicalSectorSize, ...hashes].join(':');
}

/** The key of a map: its image's, then what the map covers and under which rules. */
export function contentMapKey(
  map: Pick<MapResult, 'image' | 'lba' | 'count' | 'cells' | 'rules'>,
  acquisitionHash?: string,
): string {
  return (
    `${imageKey(map.image, acquisitionHash)}|lba=${map.lba}+${map.count}` +
    `|cells=${map.cells.length}|rules=${map.rules}`
  );
}
