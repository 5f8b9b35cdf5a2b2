// Opens a path read-only for sector reads: refuses what is not a disk before opening it, opens
// with O_RDONLY | O_DIRECT | O_CLOEXEC (falling back to the page cache where the filesystem
// refuses O_DIRECT), then checks the opened descriptor and probes its geometry.

import { stat } from 'node:fs/promises';
import { EINVAL, S_IFMT, S_IFREG } from './constants';
import { describeErrno } from './errno-text';
import { getLibc, type Libc } from './libc';
import { NativeDiskError } from './native-disk-error';
import { openError, refusalForMode, type PathFacts } from './open-errors';
import { IMAGE_SECTOR_SIZES, probeGeometry } from './probe-geometry';
import type { DiskInfo } from './types';

export interface OpenOptions {
  /** Sector size to view an image file with (512, 1024, 2048 or 4096; default 512). */
  logicalSectorSize?: number;
}

export interface OpenedDisk {
  libc: Libc;
  fd: number;
  info: DiskInfo;
  /** st_rdev of the opened device node (0 for a file): what the path must still name. */
  rdev: bigint;
}

function validate(path: unknown, options: OpenOptions | undefined): void {
  if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) {
    throw new NativeDiskError(
      'INVALID_ARGUMENT',
      'The path to open must be a non-empty text without NUL characters, like /dev/sdb or disk.img.',
    );
  }
  const size = options?.logicalSectorSize;
  if (size !== undefined && !IMAGE_SECTOR_SIZES.includes(size)) {
    throw new NativeDiskError(
      'INVALID_ARGUMENT',
      `The sector size must be one of ${IMAGE_SECTOR_SIZES.join(', ')} bytes; got ${String(size)}.`,
    );
  }
}

function emptyError(path: string, kind: 'block' | 'file'): NativeDiskError {
  return new NativeDiskError(
    'EMPTY',
    kind === 'file'
      ? `${path} is empty (0 bytes): there are no sectors to show.`
      : `${path} has a size of 0 bytes: no medium is inserted, or it is a loop device with ` +
          'no file attached.',
  );
}

/**
 * Looks at the path before opening it: a FIFO would block open() until a writer comes, and
 * opening a character device (a tape, a serial port) can have side effects, so those are refused
 * without being opened. The descriptor is checked again after open (the path may change between).
 */
async function inspectPath(path: string): Promise<PathFacts> {
  let found;
  try {
    found = await stat(path);
  } catch (error) {
    const errno = -((error as NodeJS.ErrnoException).errno ?? 0);
    if (errno > 0) throw await openError(path, errno, { kind: 'unknown' });
    throw error;
  }
  const refusal = refusalForMode(path, found.mode);
  if (refusal) throw refusal;
  if (found.isFile() && found.size === 0) throw emptyError(path, 'file');
  return {
    kind: found.isBlockDevice() ? 'block' : 'file',
    mode: found.mode,
    uid: found.uid,
    gid: found.gid,
  };
}

async function openReadOnly(libc: Libc, path: string, facts: PathFacts) {
  const direct = await libc.open(path, libc.O_RDONLY | libc.O_DIRECT | libc.O_CLOEXEC);
  if (direct.result >= 0) return { fd: direct.result, directIO: true };
  // tmpfs before Linux 6.6, ramfs, procfs and others refuse O_DIRECT at open with EINVAL.
  if (direct.errno === EINVAL) {
    const buffered = await libc.open(path, libc.O_RDONLY | libc.O_CLOEXEC);
    if (buffered.result >= 0) return { fd: buffered.result, directIO: false };
    throw await openError(path, buffered.errno, facts);
  }
  throw await openError(path, direct.errno, facts);
}

async function describeOpened(
  libc: Libc,
  fd: number,
  path: string,
  directIO: boolean,
  options: OpenOptions | undefined,
): Promise<{ info: DiskInfo; rdev: bigint }> {
  const status = await libc.fstat(fd);
  if (!status.stat) {
    throw new NativeDiskError(
      'IO',
      `Cannot inspect ${path} after opening it (fstat): ${describeErrno(status.errno)}.`,
      status.errno,
    );
  }
  const refusal = refusalForMode(path, status.stat.mode);
  if (refusal) throw refusal;
  const kind = (status.stat.mode & S_IFMT) === S_IFREG ? 'file' : 'block';
  const geometry = await probeGeometry(libc, fd, path, status.stat, options?.logicalSectorSize);
  if (geometry.size === 0n || geometry.sectorCount === 0n) throw emptyError(path, kind);
  return { info: { path, ...geometry, directIO, readOnly: true }, rdev: status.stat.rdev };
}

export async function openDisk(path: string, options?: OpenOptions): Promise<OpenedDisk> {
  validate(path, options);
  const libc = getLibc();
  const facts = await inspectPath(path);
  const { fd, directIO } = await openReadOnly(libc, path, facts);
  try {
    const { info, rdev } = await describeOpened(libc, fd, path, directIO, options);
    return { libc, fd, info, rdev };
  } catch (error) {
    await libc.close(fd);
    throw error;
  }
}
