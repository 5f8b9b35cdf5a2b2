// The messages a user sees when a path cannot be opened as a disk: what is wrong and what to do.

import { readFile } from 'node:fs/promises';
import {
  EACCES,
  EBUSY,
  EISDIR,
  ELOOP,
  EMFILE,
  ENAMETOOLONG,
  ENFILE,
  ENODEV,
  ENOENT,
  ENOMEDIUM,
  ENOTDIR,
  ENXIO,
  EPERM,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
} from './constants';
import { describeErrno } from './errno-text';
import { NativeDiskError } from './native-disk-error';

const CHOOSE_A_DISK = 'Choose a block device (for example /dev/sdb) or a disk image file.';

/** What the path was found to be before open, when stat could tell; shapes permission advice. */
export interface PathFacts {
  kind: 'block' | 'file' | 'unknown';
  /** Permission bits and owning group of the node, for the "join its group" advice on devices. */
  mode?: number;
  uid?: number;
  gid?: number;
}

/** Refuses anything that is not a regular file or a block device, before or after open. */
export function refusalForMode(path: string, mode: number): NativeDiskError | undefined {
  switch (mode & S_IFMT) {
    case S_IFREG:
    case S_IFBLK:
      return undefined;
    case S_IFDIR:
      return new NativeDiskError('IS_DIRECTORY', `${path} is a directory. ${CHOOSE_A_DISK}`);
    case S_IFCHR:
      return new NativeDiskError(
        'NOT_A_DISK',
        `${path} is a character device, not a disk: it has no sectors to show. ${CHOOSE_A_DISK}`,
      );
    case S_IFIFO:
      return new NativeDiskError(
        'NOT_A_DISK',
        `${path} is a named pipe (FIFO), not a disk: it cannot be read at an offset. ${CHOOSE_A_DISK}`,
      );
    case S_IFSOCK:
      return new NativeDiskError('NOT_A_DISK', `${path} is a socket, not a disk. ${CHOOSE_A_DISK}`);
    default:
      return new NativeDiskError('NOT_A_DISK', `${path} is not a disk or a file. ${CHOOSE_A_DISK}`);
  }
}

/** The name for a numeric id in /etc/group or /etc/passwd (both are name:x:id:... lines). */
async function nameFor(database: '/etc/group' | '/etc/passwd', id: number | undefined) {
  if (id === undefined) return undefined;
  try {
    const lines = (await readFile(database, 'utf8')).split('\n');
    for (const line of lines) {
      const [name, , found] = line.split(':');
      if (name && found !== undefined && Number(found) === id) return name;
    }
  } catch {
    // No readable database: the advice below still applies, with numbers.
  }
  return undefined;
}

async function devicePermissionError(path: string, facts: PathFacts, errno: number) {
  const group = (await nameFor('/etc/group', facts.gid)) ?? `gid ${facts.gid ?? '?'}`;
  const groupMayRead = facts.mode !== undefined && (facts.mode & 0o040) !== 0;
  if (groupMayRead && facts.gid !== 0) {
    return new NativeDiskError(
      'PERMISSION',
      `Permission denied opening ${path}: reading a disk device needs membership of its ` +
        `group '${group}'. Run \`sudo usermod -aG ${group} $USER\`, then log out and in ` +
        'again, or run Sectorscope with sudo.',
      errno,
    );
  }
  const owner = (await nameFor('/etc/passwd', facts.uid)) ?? `uid ${facts.uid ?? '?'}`;
  const readers = groupMayRead
    ? `its owner '${owner}' and group '${group}'`
    : `its owner '${owner}'`;
  const mode = facts.mode === undefined ? '?' : (facts.mode & 0o777).toString(8);
  return new NativeDiskError(
    'PERMISSION',
    `Permission denied opening ${path}: only ${readers} may read this device (mode ${mode}). ` +
      'Run Sectorscope with sudo, or have an administrator give a group you belong to read ' +
      "access (most systems give disks to the group 'disk' through a udev rule).",
    errno,
  );
}

async function permissionError(path: string, facts: PathFacts, errno: number) {
  if (facts.kind === 'block') return devicePermissionError(path, facts, errno);
  return new NativeDiskError(
    'PERMISSION',
    `Permission denied opening ${path}: your user has no read permission on this file ` +
      '(or no search permission on a folder above it). ' +
      'Run Sectorscope as a user who can read it, for example with sudo.',
    errno,
  );
}

/** Maps the errno of a failed stat or open of `path` onto an error the user can act on. */
export async function openError(
  path: string,
  errno: number,
  facts: PathFacts,
): Promise<NativeDiskError> {
  switch (errno) {
    case ENOENT:
      return new NativeDiskError(
        'NOT_FOUND',
        `No such file or device: ${path}. Check the path; a removed drive also disappears from /dev.`,
        errno,
      );
    case ENOTDIR:
      return new NativeDiskError(
        'NOT_FOUND',
        `No such file or device: ${path} (a part of the path before the last / is not a folder).`,
        errno,
      );
    case ENAMETOOLONG:
    case ELOOP:
      return new NativeDiskError(
        'NOT_FOUND',
        `Cannot open ${path}: ${describeErrno(errno)}.`,
        errno,
      );
    case EACCES:
    case EPERM:
      return permissionError(path, facts, errno);
    case EISDIR:
      return new NativeDiskError('IS_DIRECTORY', `${path} is a directory. ${CHOOSE_A_DISK}`, errno);
    case ENOMEDIUM:
      return new NativeDiskError(
        'NOT_A_DISK',
        `${path} has no medium: insert the card, disc or tape, then open it again.`,
        errno,
      );
    case ENXIO:
    case ENODEV:
      return new NativeDiskError(
        'NOT_A_DISK',
        `No device answers at ${path}: ${describeErrno(errno)}. The drive may have been ` +
          'removed, may hold no medium, or has no driver loaded. Reconnect it and open it again.',
        errno,
      );
    case EBUSY:
      return new NativeDiskError(
        'IO',
        `${path} is busy: ${describeErrno(errno)}. Another program holds it exclusively; ` +
          'close that program and open it again.',
        errno,
      );
    case EMFILE:
    case ENFILE:
      return new NativeDiskError(
        'IO',
        `Cannot open ${path}: ${describeErrno(errno)}. Too many files are open; ` +
          'close some disks and try again.',
        errno,
      );
    default:
      return new NativeDiskError('IO', `Cannot open ${path}: ${describeErrno(errno)}.`, errno);
  }
}
