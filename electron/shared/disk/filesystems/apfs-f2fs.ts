import { hasSignature, u16le, u32le, u64le } from '../bytes';
import { utf16Label, uuidOrNull } from './blkid-text';
import type { DetectedFilesystem } from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

/** An APFS container superblock (object type 1, "NXSB", 4096-byte blocks), as blkid checks it. */
export function detectApfs(volume: VolumeBytes): DetectedFilesystem | null {
  const b = volume.head;
  if (b.length < 4096 || !hasSignature(b, 32, 'NXSB')) return null;
  if (u16le(b, 24) !== 1 || u16le(b, 28) !== 0 || u16le(b, 30) !== 0) return null;
  const blockSize = u32le(b, 36);
  if (blockSize !== 4096) return null;
  const uuid = uuidOrNull(b, 72);
  if (uuid === null) return null;
  return {
    type: 'apfs',
    name: 'APFS container',
    usage: 'filesystem',
    label: null,
    uuid,
    size: u64le(b, 40) * BigInt(blockSize),
    structures: [],
  };
}

const F2FS_SUPERBLOCK = 0x400;
const F2FS_MAGIC = 0xf2f52010;

/** An F2FS superblock at 1 KiB; version 1.0 gives neither label nor UUID (blkid's rule). */
export function detectF2fs(volume: VolumeBytes): DetectedFilesystem | null {
  const b = volume.head;
  const sb = F2FS_SUPERBLOCK;
  if (b.length < sb + 0x47c || u32le(b, sb) !== F2FS_MAGIC) return null;
  const major = u16le(b, sb + 4);
  const minor = u16le(b, sb + 6);
  const logBlockSize = u32le(b, sb + 0x10);
  const size = logBlockSize < 32 ? u64le(b, sb + 0x24) << BigInt(logBlockSize) : null;
  const old = major === 1 && minor === 0;
  return {
    type: 'f2fs',
    name: 'F2FS',
    usage: 'filesystem',
    label: old || b[sb + 0x7c] === 0 ? null : utf16Label(b, sb + 0x7c, 1024, true),
    uuid: old ? null : uuidOrNull(b, sb + 0x6c),
    size,
    structures: [],
  };
}
