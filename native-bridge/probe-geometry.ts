// Size and sector sizes of an open descriptor: the kernel's word for block devices, st_size and
// the chosen sector size for image files.

import { BLKGETSIZE64, BLKPBSZGET, BLKSSZGET, S_IFBLK, S_IFMT } from './constants';
import { describeErrno } from './errno-text';
import type { Libc } from './libc';
import { NativeDiskError } from './native-disk-error';
import type { StatFields } from './stat-layout';
import type { DiskKind } from './types';

/** Sector sizes an image file may be viewed with. */
export const IMAGE_SECTOR_SIZES: readonly number[] = [512, 1024, 2048, 4096];

export interface Geometry {
  kind: DiskKind;
  size: bigint;
  logicalSectorSize: number;
  physicalSectorSize: number;
  sectorCount: bigint;
}

function isSaneSectorSize(size: number): boolean {
  return Number.isInteger(size) && size >= 512 && size <= 65536 && (size & (size - 1)) === 0;
}

async function probeBlockDevice(
  libc: Libc,
  fd: number,
  path: string,
  requestedSectorSize: number | undefined,
): Promise<Geometry> {
  const size = await libc.ioctlUint64(fd, BLKGETSIZE64);
  if (size.result < 0) {
    throw new NativeDiskError(
      'IO',
      `Cannot read the size of ${path} (BLKGETSIZE64): ${describeErrno(size.errno)}.`,
      size.errno,
    );
  }
  const logical = await libc.ioctlInt(fd, BLKSSZGET);
  if (logical.result < 0) {
    throw new NativeDiskError(
      'IO',
      `Cannot read the sector size of ${path} (BLKSSZGET): ${describeErrno(logical.errno)}.`,
      logical.errno,
    );
  }
  if (!isSaneSectorSize(logical.value)) {
    throw new NativeDiskError(
      'UNSUPPORTED',
      `${path} reports a logical sector size of ${logical.value} bytes, which is not supported.`,
    );
  }
  if (requestedSectorSize !== undefined && requestedSectorSize !== logical.value) {
    throw new NativeDiskError(
      'INVALID_ARGUMENT',
      `${path} is a block device whose logical sectors are ${logical.value} bytes, as its kernel ` +
        `driver reports; it cannot be read in ${requestedSectorSize}-byte sectors. ` +
        'A sector size can be chosen for image files only.',
    );
  }
  const physical = await libc.ioctlInt(fd, BLKPBSZGET);
  const physicalSectorSize =
    physical.result >= 0 && isSaneSectorSize(physical.value) ? physical.value : logical.value;
  return {
    kind: 'block',
    size: size.value,
    logicalSectorSize: logical.value,
    physicalSectorSize,
    // The block layer cannot reach a trailing partial sector (a 4096-sector loop device on a
    // file of 4096n + 512 bytes reports the odd size but reads end before it), so round down.
    sectorCount: size.value / BigInt(logical.value),
  };
}

function probeImageFile(stat: StatFields, requestedSectorSize: number | undefined): Geometry {
  const sectorSize = requestedSectorSize ?? 512;
  const bytesPerSector = BigInt(sectorSize);
  return {
    kind: 'file',
    size: stat.size,
    logicalSectorSize: sectorSize,
    physicalSectorSize: sectorSize,
    sectorCount: (stat.size + bytesPerSector - 1n) / bytesPerSector,
  };
}

export async function probeGeometry(
  libc: Libc,
  fd: number,
  path: string,
  stat: StatFields,
  requestedSectorSize: number | undefined,
): Promise<Geometry> {
  if ((stat.mode & S_IFMT) === S_IFBLK)
    return probeBlockDevice(libc, fd, path, requestedSectorSize);
  return probeImageFile(stat, requestedSectorSize);
}
