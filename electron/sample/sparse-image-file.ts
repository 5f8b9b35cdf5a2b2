// Writes an image file from its non-zero extents: the file is sized first, so every 4 KiB block
// that holds only zeros stays a hole. The image appears under its name only once complete.

import { lstat, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sortedWithoutOverlap, type DiskExtent } from './disk-extent';

const BLOCK = 4096;

export type ImageTargetProblem = 'EXISTS' | 'NOT_A_FILE' | 'NO_FOLDER' | 'NO_PERMISSION';

export class ImageTargetError extends Error {
  constructor(
    readonly problem: ImageTargetProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ImageTargetError';
  }
}

export async function writeSparseImageFile(
  path: string,
  size: number,
  extents: DiskExtent[],
  options: { overwrite: boolean },
): Promise<void> {
  const sorted = sortedWithoutOverlap(extents, size);
  await checkTarget(path, options.overwrite);
  const temporary = `${path}.${process.pid}.partial`;
  let file: FileHandle;
  try {
    file = await open(temporary, 'wx');
  } catch (error) {
    throw explainOpenError(error, path);
  }
  try {
    await file.truncate(size);
    for (const extent of sorted) await writeNonZeroBlocks(file, extent);
    await file.datasync();
    await file.close();
    await rename(temporary, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

async function checkTarget(path: string, overwrite: boolean): Promise<void> {
  const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!existing) return;
  if (!existing.isFile()) {
    throw new ImageTargetError(
      'NOT_A_FILE',
      `${path} exists and is not a regular file (a device, link or folder?); it is left as it is. ` +
        'Give the path of a new image file.',
    );
  }
  if (!overwrite) {
    throw new ImageTargetError(
      'EXISTS',
      `${path} already exists and is left as it is. Give the path of a new image file, ` +
        'or allow replacing it.',
    );
  }
}

function explainOpenError(error: unknown, path: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ImageTargetError('NO_FOLDER', `The folder ${dirname(path)} does not exist.`);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ImageTargetError('NO_PERMISSION', `Cannot write in ${dirname(path)} (${code}).`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Writes the extent in runs of whole non-zero blocks, aligned to the image's 4 KiB blocks. */
async function writeNonZeroBlocks(file: FileHandle, extent: DiskExtent): Promise<void> {
  const end = extent.offset + extent.bytes.length;
  let runStart = -1;
  for (let at = extent.offset; at < end;) {
    const blockEnd = Math.min(end, (Math.floor(at / BLOCK) + 1) * BLOCK);
    const block = extent.bytes.subarray(at - extent.offset, blockEnd - extent.offset);
    const zero = block.every((byte) => byte === 0);
    if (!zero && runStart < 0) runStart = at;
    if (zero && runStart >= 0) {
      await writeRange(file, extent, runStart, at);
      runStart = -1;
    }
    at = blockEnd;
  }
  if (runStart >= 0) await writeRange(file, extent, runStart, end);
}

async function writeRange(file: FileHandle, extent: DiskExtent, from: number, to: number) {
  const bytes = extent.bytes.subarray(from - extent.offset, to - extent.offset);
  await file.write(bytes, 0, bytes.length, from);
}
