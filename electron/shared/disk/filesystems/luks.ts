import { hasSignature, u16be, u64be } from '../bytes';
import { rawLabel, textId } from './blkid-text';
import { backupOf, type DetectedFilesystem, type FilesystemStructure } from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

const MAGIC = 'LUKS\xba\xbe';
const SECONDARY_MAGIC = 'SKUL\xba\xbe';
/** Where LUKS2 may keep its secondary header (cryptsetup's LUKS2_HDR2_OFFSETS). */
export const LUKS2_SECONDARY_OFFSETS = [
  0x4000, 0x8000, 0x10000, 0x20000, 0x40000, 0x80000, 0x100000, 0x200000, 0x400000,
];
const HEADER_BYTES = 512;

function luksFromHeader(
  header: Uint8Array,
  at: number,
  volume: VolumeBytes,
): DetectedFilesystem | null {
  const version = u16be(header, 6);
  if (version !== 1 && version !== 2) return null;
  const structures: FilesystemStructure[] = [];
  if (version === 1) {
    structures.push({ id: 'header', template: 'luks1-header', offset: 0n, label: 'LUKS1 header' });
  } else {
    const primary: FilesystemStructure = {
      id: 'header',
      template: 'luks2-header',
      offset: 0n,
      label: 'LUKS2 primary header',
    };
    if (at !== 0) {
      const label = 'LUKS2 secondary header (the primary header is gone)';
      structures.push({
        id: 'secondary-header',
        template: 'luks2-header',
        offset: BigInt(at),
        label,
      });
    } else {
      structures.push(primary);
      // hdr_size: the primary header area, which the secondary header follows.
      const secondaryAt = u64be(header, 8);
      if (secondaryAt > 0n && secondaryAt + 4096n <= volume.size) {
        structures.push(backupOf(primary, secondaryAt, 'LUKS2 secondary header'));
      }
    }
  }
  return {
    type: 'crypto_LUKS',
    name: `LUKS${version}`,
    usage: 'crypto',
    label: version === 2 ? rawLabel(header, 24, 48) : null,
    uuid: textId(header, 168, 40),
    size: null,
    structures,
  };
}

export function detectLuks(volume: VolumeBytes): DetectedFilesystem | null {
  const bytes = volume.head;
  if (bytes.length < HEADER_BYTES || !hasSignature(bytes, 0, MAGIC)) return null;
  return luksFromHeader(bytes, 0, volume);
}

/**
 * A LUKS2 volume whose primary header is gone, found by its secondary header (as blkid does).
 * Run last: it reads at up to nine places.
 */
export async function detectLuksSecondary(volume: VolumeBytes): Promise<DetectedFilesystem | null> {
  for (const at of LUKS2_SECONDARY_OFFSETS) {
    const header = await volume.read(BigInt(at), HEADER_BYTES);
    if (header !== null && hasSignature(header, 0, SECONDARY_MAGIC)) {
      return luksFromHeader(header, at, volume);
    }
  }
  return null;
}
