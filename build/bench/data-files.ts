// Data files the benches read, kept in .bench/ (next to the project, on its filesystem) and
// reused by later runs when they are already complete.

import { randomFillSync } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  statfsSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * A file of `bytes` random bytes, every block allocated (not sparse), flushed to disk. Written to
 * a temporary name and renamed, so a file with the final name is always complete.
 */
export function ensureRandomFile(dataDir: string, name: string, bytes: number): string {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, name);
  if (existsSync(path) && isFullyAllocated(path, bytes)) return path;
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const { bavail, bsize } = statfsSync(dataDir);
  if (bavail * bsize < bytes) {
    throw new Error(
      `The bench needs ${bytes / 2 ** 20} MiB free for ${path}, but its filesystem has ` +
        `${Math.floor((bavail * bsize) / 2 ** 20)} MiB: free some space and run it again.`,
    );
  }
  console.error(`bench: writing ${bytes / 2 ** 20} MiB of random data to ${path}...`);
  const fd = openSync(partial, 'w');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let done = 0; done < bytes; done += CHUNK_BYTES) {
      const length = Math.min(CHUNK_BYTES, bytes - done);
      randomFillSync(chunk, 0, length);
      writeSync(fd, chunk, 0, length);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  return path;
}

function isFullyAllocated(path: string, bytes: number): boolean {
  const stats = statSync(path);
  return stats.size === bytes && stats.blocks * 512 >= bytes;
}

/** A sparse file of `bytes` (ftruncate) with the given sectors written; made afresh each run. */
export function makeSparseFile(
  dataDir: string,
  name: string,
  bytes: bigint,
  sectors: ReadonlyMap<bigint, Uint8Array>,
  sectorSize = 512,
): string {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, name);
  rmSync(path, { force: true });
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, Number(bytes));
    for (const [lba, data] of sectors)
      writeSync(fd, data, 0, data.length, Number(lba) * sectorSize);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return path;
}
