import { hasSignature, u64le } from '../bytes';
import { rawLabel, uuidOrNull } from './blkid-text';
import { backupOf, type DetectedFilesystem, type FilesystemStructure } from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

/** The primary superblock; copies at 64 MiB, 256 GiB and 1 PiB where the device reaches. */
export const BTRFS_SUPERBLOCK_OFFSET = 0x10000;
export const BTRFS_SUPERBLOCK_COPIES = [0x4000000n, 0x4000000000n, 0x4000000000000n];
export const BTRFS_SUPERBLOCK_BYTES = 4096;
const MAGIC_OFFSET = 0x40;
const DEV_ITEM = 0xc9;

const sizeText = (offset: bigint): string =>
  offset >= 0x4000000000000n
    ? '1 PiB'
    : offset >= 0x4000000000n
      ? '256 GiB'
      : `${offset / 0x100000n} MiB`;

export function detectBtrfs(volume: VolumeBytes): DetectedFilesystem | null {
  const at = BTRFS_SUPERBLOCK_OFFSET;
  const bytes = volume.head;
  if (volume.size < 1024n * 1024n || bytes.length < at + BTRFS_SUPERBLOCK_BYTES) return null;
  if (!hasSignature(bytes, at + MAGIC_OFFSET, '_BHRfS_M')) return null;
  const superblock: FilesystemStructure = {
    id: 'superblock',
    template: 'btrfs-superblock',
    offset: BigInt(at),
    label: 'btrfs superblock',
  };
  const structures = [superblock];
  BTRFS_SUPERBLOCK_COPIES.forEach((offset, i) => {
    if (offset + BigInt(BTRFS_SUPERBLOCK_BYTES) > volume.size) return;
    const label = `btrfs superblock copy ${i + 1} (at ${sizeText(offset)})`;
    structures.push(backupOf(superblock, offset, label, i + 1));
  });
  return {
    type: 'btrfs',
    name: 'btrfs',
    usage: 'filesystem',
    label: rawLabel(bytes, at + 0x12b, 256),
    uuid: uuidOrNull(bytes, at + 0x20),
    // This device's part of the filesystem (dev_item.total_bytes); num_devices may be more.
    size: u64le(bytes, at + DEV_ITEM + 8),
    structures,
  };
}
