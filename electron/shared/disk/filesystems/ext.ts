import { u16le, u32le } from '../bytes';
import { rawLabel, uuidOrNull } from './blkid-text';
import {
  backupOf,
  type DetectedFilesystem,
  type FilesystemStructure,
  type FilesystemType,
} from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

/** The superblock sits 1024 bytes into the volume, whatever the block size. */
export const EXT_SUPERBLOCK_OFFSET = 1024;
export const EXT_MAGIC = 0xef53;

const COMPAT_HAS_JOURNAL = 0x4;
const COMPAT_SPARSE_SUPER2 = 0x200;
const INCOMPAT_JOURNAL_DEV = 0x8;
const INCOMPAT_64BIT = 0x80;
const FLAGS_TEST_FILESYS = 0x4;
// What ext3 drivers understand (blkid's EXT3_FEATURE_*_SUPP); anything beyond makes it ext4.
const EXT3_INCOMPAT = 0x2 | 0x4 | 0x10; // filetype, recover, meta_bg
const EXT3_RO_COMPAT = 0x1 | 0x2 | 0x4; // sparse_super, large_file, btree_dir

export interface ExtSuperblock {
  type: Extract<FilesystemType, 'ext2' | 'ext3' | 'ext4' | 'ext4dev' | 'jbd'>;
  blockSize: number;
  blocksCount: bigint;
  firstDataBlock: number;
  blocksPerGroup: number;
  compat: number;
  incompat: number;
  roCompat: number;
  uuid: string | null;
  label: string | null;
}

function extType(compat: number, incompat: number, roCompat: number, flags: number) {
  if (incompat & INCOMPAT_JOURNAL_DEV) return 'jbd';
  if (flags & FLAGS_TEST_FILESYS) return 'ext4dev';
  if ((incompat & ~EXT3_INCOMPAT) !== 0 || (roCompat & ~EXT3_RO_COMPAT) !== 0) return 'ext4';
  return compat & COMPAT_HAS_JOURNAL ? 'ext3' : 'ext2';
}

/** Parses the superblock of an ext2/3/4 volume from the volume's first 2048 bytes. */
export function parseExtSuperblock(bytes: Uint8Array): ExtSuperblock | null {
  const sb = EXT_SUPERBLOCK_OFFSET;
  if (bytes.length < sb + 1024 || u16le(bytes, sb + 56) !== EXT_MAGIC) return null;
  const logBlockSize = u32le(bytes, sb + 24);
  const blocksPerGroup = u32le(bytes, sb + 32);
  if (logBlockSize > 6 || blocksPerGroup === 0 || u32le(bytes, sb) === 0) return null;
  const compat = u32le(bytes, sb + 92);
  const incompat = u32le(bytes, sb + 96);
  const roCompat = u32le(bytes, sb + 100);
  const high = incompat & INCOMPAT_64BIT ? BigInt(u32le(bytes, sb + 336)) << 32n : 0n;
  return {
    type: extType(compat, incompat, roCompat, u32le(bytes, sb + 352)),
    blockSize: 1024 << logBlockSize,
    blocksCount: high | BigInt(u32le(bytes, sb + 4)),
    firstDataBlock: u32le(bytes, sb + 20),
    blocksPerGroup,
    compat,
    incompat,
    roCompat,
    uuid: uuidOrNull(bytes, sb + 104),
    label: rawLabel(bytes, sb + 120, 16),
  };
}

const NAMES: Record<ExtSuperblock['type'], string> = {
  ext2: 'ext2',
  ext3: 'ext3',
  ext4: 'ext4',
  ext4dev: 'ext4dev',
  jbd: 'ext3/4 external journal',
};

export function detectExt(volume: VolumeBytes): DetectedFilesystem | null {
  const sb = parseExtSuperblock(volume.head);
  if (sb === null) return null;
  const superblock: FilesystemStructure = {
    id: 'superblock',
    template: 'ext-superblock',
    offset: BigInt(EXT_SUPERBLOCK_OFFSET),
    label: `${sb.type} superblock`,
  };
  const structures = [superblock];
  // Group 1 always carries a backup, unless sparse_super2 chose other groups.
  const group1 = BigInt(sb.firstDataBlock + sb.blocksPerGroup);
  const backupOffset = group1 * BigInt(sb.blockSize);
  if (
    (sb.compat & COMPAT_SPARSE_SUPER2) === 0 &&
    group1 < sb.blocksCount &&
    backupOffset + 1024n <= volume.size
  ) {
    const label = `${sb.type} backup superblock (group 1)`;
    structures.push(backupOf(superblock, backupOffset, label));
  }
  return {
    type: sb.type,
    name: NAMES[sb.type],
    usage: sb.type === 'jbd' ? 'other' : 'filesystem',
    label: sb.label,
    uuid: sb.uuid,
    size: sb.blocksCount * BigInt(sb.blockSize),
    structures,
  };
}
