// Opens the file an export writes, and refuses every destination that could change the evidence:
// the disk or image being examined (same path, a hard link, a symbolic link to it), any block
// device (the loop device of the image among them), the image behind a loop device being
// examined, and any folder whose filesystem lives on the evidence by whatever name: the disk
// being examined or a partition of it, a loop device over the image (a twin of the one being
// examined, `mount -o loop,offset=`), a device-mapper or md device over any of these
// (storage-chain.ts). An existing file is never replaced unless the caller says the user agreed.

import { close, constants, fstat, ftruncate, open, type BigIntStats } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SectorscopeError } from '../shared/contract';
import { evidenceParts, whereFolderMeetsEvidence, type EvidenceParts } from './storage-chain';

export interface ExportTarget {
  path: string;
  /** The user agreed to replace an existing regular file (a save dialog asked, or --force). */
  overwrite: boolean;
}

export interface OpenedDestination {
  /** Open for writing; whoever runs the export closes it. */
  fd: number;
  /** Absolute path of the file. */
  path: string;
}

interface SourceFacts {
  stats: BigIntStats;
  realPath: string;
  /** What the evidence is made of (its inode, its disks, the image behind its loop device...). */
  parts: EvidenceParts;
}

async function sourceFacts(sourcePath: string): Promise<SourceFacts> {
  const stats = await stat(sourcePath, { bigint: true });
  const realPath = await realpath(sourcePath);
  return { stats, realPath, parts: await evidenceParts(stats) };
}

const sameFile = (a: BigIntStats, b: BigIntStats) => a.dev === b.dev && a.ino === b.ino;

function refuse(path: string, why: string): SectorscopeError {
  return new SectorscopeError('INVALID_ARGUMENT', `Refusing to export to ${path}: ${why}`);
}

/** Checks an existing destination (or the file an open descriptor names) against the source. */
function checkExisting(path: string, found: BigIntStats, source: SourceFacts): void {
  if (found.isBlockDevice() && source.stats.isBlockDevice() && found.rdev === source.stats.rdev) {
    throw refuse(
      path,
      'it is the disk being examined (the same device), which is never written to.',
    );
  }
  if (found.isBlockDevice()) {
    throw refuse(
      path,
      'it is a block device. Exports are written to files only, so that no disk (least of ' +
        'all the one being examined) is ever written to.',
    );
  }
  if (sameFile(found, source.stats)) {
    throw refuse(path, 'it is the disk or image being examined, which is never written to.');
  }
  const role = found.isFile() ? source.parts.roleOfFile(found) : undefined;
  if (role) throw refuse(path, `it is ${role}, which is never written to.`);
  if (found.isDirectory()) {
    throw new SectorscopeError(
      'IS_DIRECTORY',
      `${path} is a folder: name a file inside it for the export.`,
    );
  }
  if (!found.isFile()) {
    throw refuse(path, 'it is not a regular file (a device, FIFO or socket). Name a file.');
  }
}

/** The folder exists, and its filesystem does not live on the evidence by any name. */
async function checkFolder(path: string, source: SourceFacts): Promise<void> {
  const folder = dirname(path);
  const found = await stat(folder, { bigint: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
      throw new SectorscopeError(
        'NOT_FOUND',
        `The folder ${folder} does not exist: create it or choose another one for the export.`,
      );
    }
    throw openError(error, path);
  });
  if (!found.isDirectory()) {
    throw new SectorscopeError('NOT_FOUND', `${folder} is not a folder: choose another place.`);
  }
  const meeting = await whereFolderMeetsEvidence(found.dev, source.parts);
  if (meeting !== null) {
    throw refuse(
      path,
      `its folder is on ${meeting}; writing there would change the evidence. Export to ` +
        'another disk.',
    );
  }
}

function openError(error: unknown, path: string): SectorscopeError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EEXIST':
      return new SectorscopeError(
        'INVALID_ARGUMENT',
        `${path} already exists and is left as it is: choose another name, or allow replacing ` +
          'it (--force on the command line).',
      );
    case 'EACCES':
    case 'EPERM':
      return new SectorscopeError('PERMISSION', `No permission to write ${path}.`);
    case 'EROFS':
      return new SectorscopeError('PERMISSION', `${path} is on a read-only filesystem.`);
    case 'ELOOP':
      return refuse(path, 'it is a symbolic link. Name the file itself.');
    case 'EISDIR':
      return new SectorscopeError('IS_DIRECTORY', `${path} is a folder: name a file inside it.`);
    case 'ENOENT':
      return new SectorscopeError('NOT_FOUND', `The folder of ${path} does not exist.`);
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new SectorscopeError('IO', `Cannot create ${path}: ${reason}`);
    }
  }
}

// libuv opens every file with O_CLOEXEC. Plain descriptors, not FileHandles: the descriptor is handed to the job's thread, and a
// FileHandle would close it when garbage-collected.
const openFd = promisify(open);
const closeFd = promisify(close);
const truncateFd = promisify(ftruncate);
const statFd = (fd: number) =>
  new Promise<BigIntStats>((resolve, reject) =>
    fstat(fd, { bigint: true }, (error, stats) => (error ? reject(error) : resolve(stats))),
  );

async function openNew(path: string): Promise<number> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
  return openFd(path, flags, 0o644).catch((error: unknown) => {
    throw openError(error, path);
  });
}

/** Opens an existing regular file without truncating, checks what was opened, then empties it. */
async function openForReplace(path: string, source: SourceFacts): Promise<number> {
  const flags = constants.O_WRONLY | constants.O_NOFOLLOW;
  const fd = await openFd(path, flags).catch((error: unknown) => {
    throw openError(error, path);
  });
  try {
    checkExisting(path, await statFd(fd), source);
    await truncateFd(fd, 0);
    return fd;
  } catch (error) {
    await closeFd(fd);
    throw error;
  }
}

export function suggestedExportName(sourcePath: string, lba: bigint, count: bigint): string {
  const name = basename(sourcePath).replace(/\.(img|raw|dd|bin|iso)$/i, '');
  return `${name}-lba${lba}-${count}.img`;
}

/**
 * Opens `target.path` for an export of `sourcePath`, or throws a SectorscopeError saying why
 * not and what to do. Never truncates the source: every check runs before, and again on the
 * opened descriptor.
 */
export async function openExportDestination(
  target: ExportTarget,
  sourcePath: string,
): Promise<OpenedDestination> {
  if (typeof target.path !== 'string' || target.path.trim() === '' || target.path.includes('\0')) {
    throw new SectorscopeError('INVALID_ARGUMENT', 'Name the file to export to.');
  }
  const path = resolve(target.path);
  const source = await sourceFacts(sourcePath);
  if (path === source.realPath || path === resolve(sourcePath)) {
    throw refuse(path, 'it is the disk or image being examined, which is never written to.');
  }
  const link = await lstat(path, { bigint: true }).catch(() => null);
  if (link?.isSymbolicLink()) throw refuse(path, 'it is a symbolic link. Name the file itself.');
  const existing = link ? await stat(path, { bigint: true }) : null;
  if (existing) {
    checkExisting(path, existing, source);
    if ((await realpath(path)) === source.realPath) {
      throw refuse(path, 'it is the disk or image being examined, which is never written to.');
    }
    if (!target.overwrite) throw openError(Object.assign(new Error(), { code: 'EEXIST' }), path);
  }
  await checkFolder(path, source);
  const fd = existing ? await openForReplace(path, source) : await openNew(path);
  return { fd, path };
}
