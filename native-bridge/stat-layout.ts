// Decodes the fields of a kernel `struct stat` the bridge needs, from the raw bytes fstat wrote.
// x86_64 has its own layout (arch/x86/include/uapi/asm/stat.h, 144 bytes); arm64 uses
// asm-generic/stat.h (128 bytes). Both are little-endian.

import type { SupportedArch } from './constants';

/** Large enough for either layout. */
export const STAT_BUFFER_SIZE = 256;

export interface StatFields {
  /** File type and permission bits (S_IFMT | 0o7777). */
  mode: number;
  size: bigint;
  /** Device number of a block or character device node. */
  rdev: bigint;
  blksize: number;
}

interface StatOffsets {
  mode: number;
  rdev: number;
  size: number;
  blksize: number;
  /** Byte width of st_blksize: long on x86_64, int on arm64. */
  blksizeWidth: 4 | 8;
}

const OFFSETS: Record<SupportedArch, StatOffsets> = {
  // st_dev 0, st_ino 8, st_nlink 16 (u64), st_mode 24, st_uid 28, st_gid 32, pad 36,
  // st_rdev 40, st_size 48, st_blksize 56 (long), st_blocks 64.
  x64: { mode: 24, rdev: 40, size: 48, blksize: 56, blksizeWidth: 8 },
  // st_dev 0, st_ino 8, st_mode 16, st_nlink 20 (u32), st_uid 24, st_gid 28, st_rdev 32,
  // pad 40, st_size 48, st_blksize 56 (int), pad 60, st_blocks 64.
  arm64: { mode: 16, rdev: 32, size: 48, blksize: 56, blksizeWidth: 4 },
};

export function decodeStat(raw: Uint8Array, arch: SupportedArch): StatFields {
  if (raw.length < STAT_BUFFER_SIZE) {
    throw new RangeError(`stat buffer holds ${raw.length} bytes; ${STAT_BUFFER_SIZE} needed`);
  }
  const at = OFFSETS[arch];
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const blksize =
    at.blksizeWidth === 8
      ? Number(view.getBigInt64(at.blksize, true))
      : view.getInt32(at.blksize, true);
  return {
    mode: view.getUint32(at.mode, true),
    size: view.getBigInt64(at.size, true),
    rdev: view.getBigUint64(at.rdev, true),
    blksize,
  };
}
