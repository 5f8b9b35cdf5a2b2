// Opens the file an export writes, and refuses every destination that could change the evidence:
// the disk or image being examined (same path, a hard link, a symbolic link to it), any block
// device (the loop device of the image among them), the image behind a loop device being
// examined, and any folder whose filesystem lives on the evidence by whatever name: the disk
// being examined or a partition of it, a loop device over the image (a twin of the one being
// examined, `mount -o loop,offset=`), a device-mapper or md device over any of these
// (storage-chain.ts). An existing file is never replaced unless the caller says the user agreed.
//
// The export is written to a hidden temporary in the destination folder and put in place only
// once complete, with its SHA-256 beside it (export-placement.ts): a killed export never leaves
// a file under the name asked for.

import type { BigIntStats } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SectorscopeError } from '../shared/contract';
import {
  checksumLine,
  checksumPathOf,
  createTemporary,
  placeFile,
  removeQuietly,
  removeStaleTemporaries,
  syncFolder,
  writeTemporaryText,
} from './export-placement';
import { evidenceParts, whereFolderMeetsEvidence, type EvidenceParts } from './storage-chain';

export interface ExportTarget {
  path: string;
  /** The user agreed to replace an existing regular file (a save dialog asked, or --force). */
  overwrite: boolean;
}

export interface OpenedDestination {
  /** The hidden temporary, open for writing; whoever runs the export closes it. */
  fd: number;
  /** Absolute path the export gets once complete. */
  path: string;
  /** Where the bytes are written until then. */
  temporaryPath: string;
  /** NAME.sha256, written beside the export when it is put in place. */
  checksumPath: string;
  /**
   * Once every byte is written and flushed and `fd` is closed: puts the file in place under
   * `path` (replacing an existing one only if that was agreed), writes its checksum file, and
   * flushes the folder. Throws SectorscopeError (nothing is in place then).
   */
  commit(sha256: string): Promise<void>;
  /** The export did not complete (`fd` closed): removes its temporaries. Synchronous. */
  discard(): void;
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

/** Checks an existing destination (the export or its checksum file) against the source. */
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

/**
 * Refuses a folder to export into (a directory export makes folders in it) that is on the
 * evidence, by whatever name, before anything is made there.
 */
export async function checkExportFolder(folder: string, sourcePath: string): Promise<void> {
  await checkFolder(join(resolve(folder), 'export'), await sourceFacts(sourcePath));
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
    case 'ENOSPC':
    case 'EDQUOT':
      return new SectorscopeError(
        'IO',
        `The disk holding ${path} is full: free some space or export to another disk.`,
      );
    case 'ENAMETOOLONG':
      return new SectorscopeError('INVALID_ARGUMENT', `The name ${path} is too long.`);
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new SectorscopeError('IO', `Cannot create ${path}: ${reason}`);
    }
  }
}

const EEXIST = () => Object.assign(new Error('exists'), { code: 'EEXIST' });

/**
 * Checks a name the export will take (the file, or its checksum file): a symbolic link is
 * refused, an existing file must be one that may be replaced, and only if that was agreed.
 * Returns whether something is there.
 */
async function checkName(path: string, source: SourceFacts, overwrite: boolean) {
  const link = await lstat(path, { bigint: true }).catch((error: NodeJS.ErrnoException) => {
    // No such name, or no such folder (which checkFolder reports).
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw openError(error, path);
  });
  if (link === null) return false;
  if (link.isSymbolicLink()) throw refuse(path, 'it is a symbolic link. Name the file itself.');
  checkExisting(path, link, source);
  if (!overwrite) throw openError(EEXIST(), path);
  return true;
}

export function suggestedExportName(sourcePath: string, lba: bigint, count: bigint): string {
  const name = basename(sourcePath).replace(/\.(img|raw|dd|bin|iso)$/i, '');
  return `${name}-lba${lba}-${count}.img`;
}

/**
 * Opens a hidden temporary for an export of `sourcePath` to `target.path`, or throws a
 * SectorscopeError saying why not and what to do. Every check runs before anything is created,
 * and the names are checked again just before the finished file takes them (commit).
 */
export async function openExportDestination(
  target: ExportTarget,
  sourcePath: string,
): Promise<OpenedDestination> {
  if (typeof target.path !== 'string' || target.path.trim() === '' || target.path.includes('\0')) {
    throw new SectorscopeError('INVALID_ARGUMENT', 'Name the file to export to.');
  }
  const path = resolve(target.path);
  const overwrite = target.overwrite === true;
  const checksumPath = checksumPathOf(path);
  const source = await sourceFacts(sourcePath);
  for (const name of [path, checksumPath]) {
    if (name === source.realPath || name === resolve(sourcePath)) {
      throw refuse(name, 'it is the disk or image being examined, which is never written to.');
    }
  }
  const link = await lstat(path, { bigint: true }).catch(() => null);
  if (link?.isSymbolicLink()) throw refuse(path, 'it is a symbolic link. Name the file itself.');
  if (link) {
    checkExisting(path, link, source);
    if ((await realpath(path)) === source.realPath) {
      throw refuse(path, 'it is the disk or image being examined, which is never written to.');
    }
    if (!overwrite) throw openError(EEXIST(), path);
  }
  await checkName(checksumPath, source, overwrite);
  await checkFolder(path, source);
  // Only in a folder that passed every check: leftovers of killed exports.
  await removeStaleTemporaries(dirname(path));
  const temporary = await createTemporary(path).catch((error: unknown) => {
    throw openError(error, path);
  });

  let checksumTemporary: string | null = null;
  const discard = () => {
    removeQuietly(temporary.path);
    if (checksumTemporary !== null) removeQuietly(checksumTemporary);
  };
  const commit = async (sha256: string) => {
    const placed = await lstat(temporary.path, { bigint: true }).catch((error: unknown) => {
      throw openError(error, path);
    });
    checksumTemporary = await writeTemporaryText(
      checksumPath,
      checksumLine(sha256, basename(path)),
    ).catch((error: unknown) => {
      throw openError(error, checksumPath);
    });
    // Time has passed since the checks: both names are checked again just before they are
    // taken (link() below still refuses a name taken in between).
    await checkName(path, source, overwrite);
    if (await checkName(checksumPath, source, overwrite)) {
      // Replacing: the old checksum goes first, so that no checksum ever sits beside a file it
      // does not match (a crash in between leaves the new file without one).
      removeQuietly(checksumPath);
    }
    await placeFile(temporary.path, path, overwrite).catch((error: unknown) => {
      throw openError(error, path);
    });
    try {
      await placeFile(checksumTemporary, checksumPath, overwrite);
    } catch (error) {
      // Its checksum file cannot be written: the export is taken back out (it is still ours).
      const now = await lstat(path, { bigint: true }).catch(() => null);
      if (now && sameFile(now, placed)) removeQuietly(path);
      throw openError(error, checksumPath);
    }
    await syncFolder(dirname(path)).catch((error: unknown) => {
      throw openError(error, path);
    });
  };
  return {
    fd: temporary.fd,
    path,
    temporaryPath: temporary.path,
    checksumPath,
    commit,
    discard,
  };
}
