// Whether an open disk is still there, asked when its reads fail. A failing disk answers EIO for
// its bad sectors and reads the rest; a disk that went away (unplugged, its node removed, its
// medium ejected, the file behind a loop device unreachable) fails every read, and zero-filling
// "the rest" as bad sectors would make up a whole disk of zeros. The checks cost a few syscalls
// and touch no medium: fstat, BLKGETSIZE64, stat of the path and statfs of a loop device's file.

import { readFile, stat, statfs } from 'node:fs/promises';
import { BLKGETSIZE64, ENODEV, ENOMEDIUM, ENXIO, S_IFBLK, S_IFMT } from './constants';
import { describeErrno } from './errno-text';
import type { Libc } from './libc';
import type { DiskInfo } from './types';

/** Read errnos that say the device itself is gone, not a sector of it. */
export const GONE_ERRNOS: ReadonlySet<number> = new Set([ENODEV, ENXIO, ENOMEDIUM]);

/** What the disk was when opened, to compare with what the path and descriptor say now. */
export interface OpenedIdentity {
  /** st_rdev of a block device node (0 for a file). */
  rdev: bigint;
}

function majorMinor(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return `${major}:${minor}`;
}

function errnoOf(error: unknown): number {
  return -((error as NodeJS.ErrnoException).errno ?? 0);
}

/** Why the file behind loop device `rdev` cannot be reached, or null (not a loop, or fine). */
async function loopBackingProblem(rdev: bigint): Promise<string | null> {
  const backing = await readFile(`/sys/dev/block/${majorMinor(rdev)}/loop/backing_file`, 'utf8')
    .then((text) => text.trim())
    .catch(() => '');
  // A deleted but open backing file still serves reads: not gone.
  if (backing === '' || backing.endsWith(' (deleted)')) return null;
  try {
    // statfs asks the filesystem itself; a stat could be answered from cached attributes of a
    // FUSE file whose daemon is gone.
    await statfs(backing);
    return null;
  } catch (error) {
    return `the file behind it, ${backing}, cannot be reached: ${describeErrno(errnoOf(error))}`;
  }
}

/** Why the disk counts as gone, or null while it is still there. */
export async function goneReason(
  libc: Libc,
  fd: number,
  info: DiskInfo,
  opened: OpenedIdentity,
): Promise<string | null> {
  const status = await libc.fstat(fd);
  if (!status.stat) return `it cannot be inspected any more: ${describeErrno(status.errno)}`;
  if (info.kind === 'file') {
    if (status.stat.size < info.size) {
      return `the image file shrank from ${info.size} to ${status.stat.size} bytes`;
    }
    return null;
  }
  const size = await libc.ioctlUint64(fd, BLKGETSIZE64);
  if (size.result < 0) return `its size cannot be read: ${describeErrno(size.errno)}`;
  if (size.value === 0n) return 'its size is now 0 bytes (the medium was removed or detached)';
  if (size.value < info.size) return `it shrank from ${info.size} to ${size.value} bytes`;
  try {
    const node = await stat(info.path, { bigint: true });
    if ((Number(node.mode) & S_IFMT) !== S_IFBLK || node.rdev !== opened.rdev) {
      return `${info.path} now names another device`;
    }
  } catch (error) {
    return `its device node ${info.path} is gone: ${describeErrno(errnoOf(error))}`;
  }
  return loopBackingProblem(opened.rdev);
}
