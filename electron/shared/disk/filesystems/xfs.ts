import { hasSignature, u16be, u32be, u64be, u8 } from '../bytes';
import { rawLabel, uuidOrNull } from './blkid-text';
import { backupOf, type DetectedFilesystem, type FilesystemStructure } from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

const XFS_SUPERBLOCK_BYTES = 512;

export interface XfsSuperblock {
  blockSize: number;
  dataBlocks: bigint;
  agBlocks: number;
  agCount: number;
}

/** The superblock's geometry when it passes blkid's checks (xfs_verify_sb), else null. */
export function parseXfsSuperblock(bytes: Uint8Array): XfsSuperblock | null {
  if (bytes.length < XFS_SUPERBLOCK_BYTES || !hasSignature(bytes, 0, 'XFSB')) return null;
  const blockSize = u32be(bytes, 4);
  const dataBlocks = u64be(bytes, 8);
  const rtExtentSize = u32be(bytes, 80);
  const agBlocks = u32be(bytes, 84);
  const agCount = u32be(bytes, 88);
  const sectorSize = u16be(bytes, 102);
  const inodeSize = u16be(bytes, 104);
  const [blockLog, sectorLog, inodeLog, inodesPerBlockLog] = [120, 121, 122, 123].map((at) =>
    u8(bytes, at),
  ) as [number, number, number, number];
  const maxPercent = u8(bytes, 127);
  const valid =
    agCount > 0 &&
    sectorLog >= 9 &&
    sectorLog <= 15 &&
    sectorSize === 2 ** sectorLog &&
    blockLog >= 9 &&
    blockLog <= 16 &&
    blockSize === 2 ** blockLog &&
    inodeLog >= 8 &&
    inodeLog <= 11 &&
    inodeSize === 2 ** inodeLog &&
    blockLog - inodeLog === inodesPerBlockLog &&
    rtExtentSize * blockSize <= 1024 * 1024 * 1024 &&
    rtExtentSize * blockSize >= 4096 &&
    maxPercent <= 100 &&
    dataBlocks > 0n &&
    dataBlocks <= BigInt(agCount) * BigInt(agBlocks) &&
    dataBlocks >= BigInt(agCount - 1) * BigInt(agBlocks) + 64n;
  return valid ? { blockSize, dataBlocks, agBlocks, agCount } : null;
}

export function detectXfs(volume: VolumeBytes): DetectedFilesystem | null {
  const bytes = volume.head;
  const sb = parseXfsSuperblock(bytes);
  if (sb === null) return null;
  const superblock: FilesystemStructure = {
    id: 'superblock',
    template: 'xfs-superblock',
    offset: 0n,
    label: 'XFS superblock',
  };
  const structures = [superblock];
  // Every allocation group starts with a copy of the superblock; that of group 1 is compared.
  const group1 = BigInt(sb.agBlocks) * BigInt(sb.blockSize);
  if (sb.agCount > 1 && group1 + BigInt(XFS_SUPERBLOCK_BYTES) <= volume.size) {
    structures.push(backupOf(superblock, group1, 'XFS superblock of allocation group 1'));
  }
  return {
    type: 'xfs',
    name: 'XFS',
    usage: 'filesystem',
    label: rawLabel(bytes, 108, 12),
    uuid: uuidOrNull(bytes, 32),
    size: sb.dataBlocks * BigInt(sb.blockSize),
    structures,
  };
}
