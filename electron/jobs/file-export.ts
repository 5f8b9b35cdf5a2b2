// Exports what a file system holds: one file's content (allocated or deleted: the bytes icat
// gives), its content with its slack (icat -s), its slack alone, or every file under a
// directory, each into a new file beside its SHA-256, through the same destination checks as
// sector exports (never the evidence, never a block device, never a folder on the evidence; an
// existing file only with overwrite). Reads go through the file system thread, off the event
// loop; a cancel removes what was not complete.

import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { writeSync, closeSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { FileSystemThread } from '../files';
import { SectorscopeError } from '../shared/contract';
import type { FileEntryJson } from '../shared/files/file-entry';
import type { InodeAddress } from '../shared/files/inode-address';
import { checkExportFolder, openExportDestination } from './export-destination';

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isDirectory(),
    () => false,
  );
}

/** content: what icat gives; with-slack: and the slack (icat -s); slack: the slack alone. */
export type FilePart = 'content' | 'with-slack' | 'slack';

export interface ExportedFile {
  path: string;
  sha256: string;
  bytes: number;
  /** The entry's path in the file system, or its address. */
  from: string;
}

export interface FileExportOptions {
  overwrite: boolean;
  signal?: AbortSignal;
  /** Bytes written so far, of all files. */
  onBytes?: (bytes: number) => void;
}

const CHUNK = 4 * 1024 * 1024;

export async function exportFile(
  fs: FileSystemThread,
  sourcePath: string,
  address: InodeAddress,
  part: FilePart,
  out: string,
  options: FileExportOptions,
): Promise<ExportedFile> {
  const destination = await openExportDestination(
    { path: out, overwrite: options.overwrite },
    sourcePath,
  );
  const hash = createHash('sha256');
  let written = 0;
  let closed = false;
  try {
    const slack = part !== 'content';
    let offset = 0n;
    if (part === 'slack') {
      const first = await fs.readFile(address, 0n, 0, false);
      offset = first.size;
    }
    for (;;) {
      if (options.signal?.aborted) throw new SectorscopeError('IO', 'Cancelled.');
      const chunk = await fs.readFile(address, offset, CHUNK, slack);
      if (chunk.bytes.length === 0) break;
      for (let at = 0; at < chunk.bytes.length;) {
        at += writeSync(destination.fd, chunk.bytes, at, chunk.bytes.length - at);
      }
      hash.update(chunk.bytes);
      written += chunk.bytes.length;
      offset += BigInt(chunk.bytes.length);
      options.onBytes?.(chunk.bytes.length);
    }
    closeSync(destination.fd);
    closed = true;
    const sha256 = hash.digest('hex');
    await destination.commit(sha256);
    const from = `inode ${address.inode}${address.type === undefined ? '' : `-${address.type}${address.id === undefined ? '' : `-${address.id}`}`}`;
    return { path: destination.path, sha256, bytes: written, from };
  } catch (error) {
    if (!closed) closeSync(destination.fd);
    destination.discard();
    throw error;
  }
}

/** Entries under `directory` (a path from the root, as files prints it) that hold content. */
export function entriesUnder(entries: FileEntryJson[], directory: string): FileEntryJson[] {
  const base = directory === '/' ? '/' : `${directory.replace(/\/+$/, '')}/`;
  return entries.filter(
    (e) =>
      e.path.startsWith(base) &&
      e.type === 'file' &&
      !e.path.slice(base.length).split('/').includes('$OrphanFiles'),
  );
}

/**
 * Every file under `directory`, deleted ones included, into folder `out` (made if missing) with
 * the same relative paths; a deleted file's name gets " (deleted, inode N)" so that it never
 * takes an allocated file's place.
 */
export async function exportDirectory(
  fs: FileSystemThread,
  sourcePath: string,
  directory: string,
  out: string,
  options: FileExportOptions,
): Promise<ExportedFile[]> {
  const entries: FileEntryJson[] = [];
  await fs.list(
    (batch) => entries.push(...batch),
    options.signal ? { signal: options.signal } : {},
  );
  const base = directory === '/' ? '/' : directory.replace(/\/+$/, '');
  if (base !== '/' && !entries.some((e) => e.path === base && e.type === 'directory')) {
    throw new SectorscopeError(
      'NOT_FOUND',
      `There is no directory ${directory} in this file system.`,
    );
  }
  // Folders are made below the nearest one that exists: it must not be on the evidence.
  let existing = resolve(out);
  while (!(await isFolder(existing)) && dirname(existing) !== existing)
    existing = dirname(existing);
  await checkExportFolder(existing, sourcePath);
  const exported: ExportedFile[] = [];
  for (const entry of entriesUnder(entries, base)) {
    const inside = relative(base, entry.path);
    const name = entry.allocated ? inside : `${inside} (deleted, inode ${entry.address})`;
    const target = join(out, name);
    await mkdir(dirname(target), { recursive: true });
    const address: InodeAddress = { inode: entry.inode };
    if (entry.attribute) {
      address.type = entry.attribute.type;
      address.id = entry.attribute.id;
    }
    const file = await exportFile(fs, sourcePath, address, 'content', target, options);
    exported.push({ ...file, from: entry.path });
  }
  return exported;
}
