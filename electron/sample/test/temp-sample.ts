// Temporary folders holding a freshly generated sample disk, and dd extracts of its partitions.

import { copyFile, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSampleDisk } from '../sample-disk';
import { toolBytes } from './oracle-tools';

export interface TempSample {
  folder: string;
  image: string;
  remove(): Promise<void>;
}

export async function makeTempFolder(): Promise<{ folder: string; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'sectorscope-sample-'));
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

export async function makeTempSample(): Promise<TempSample> {
  const temp = await makeTempFolder();
  const image = join(temp.folder, 'sample.img');
  try {
    await writeSampleDisk(image);
  } catch (error) {
    await temp.remove();
    throw error;
  }
  return { ...temp, image };
}

/** Copies sectors out of an image with dd, as an examiner would carve a partition. */
export function extractSectors(image: string, firstLba: number, count: number, out: string): void {
  toolBytes('dd', [
    `if=${image}`,
    `of=${out}`,
    'bs=512',
    `skip=${firstLba}`,
    `count=${count}`,
    'status=none',
  ]);
}

/** A copy of `image` with `bytes` written at `offset`, to show that a check notices damage. */
export async function damagedCopy(
  image: string,
  out: string,
  offset: number,
  bytes: Uint8Array,
): Promise<void> {
  await copyFile(image, out);
  const file = await open(out, 'r+');
  try {
    await file.write(bytes, 0, bytes.length, offset);
  } finally {
    await file.close();
  }
}
