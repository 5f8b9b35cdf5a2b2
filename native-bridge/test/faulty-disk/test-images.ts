// Helpers for the faulty-disk tests: temp folders, random images, what a reader should return.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** A fresh temp folder, removed (with everything in it) by the returned function. */
export async function makeWorkDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'faulty-disk-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Writes `size` random bytes to `path` and returns them. Random content means a sector read
 * from the wrong place, or zeros where data belongs, never matches by chance.
 */
export async function writeRandomImage(path: string, size: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(randomBytes(size));
  await writeFile(path, bytes);
  return bytes;
}

/** A copy of `image` with the given sectors zeroed: what dc3dd and a zero-filling reader give. */
export function withZeroedSectors(
  image: Uint8Array,
  sectors: readonly bigint[],
  sectorSize: number,
): Uint8Array {
  const copy = image.slice();
  for (const lba of sectors) {
    const start = Number(lba) * sectorSize;
    copy.fill(0, start, start + sectorSize);
  }
  return copy;
}

/** The bytes of sectors [lba, lba + count) of `image`. */
export function sectorsOf(image: Uint8Array, lba: bigint, count: number, sectorSize: number) {
  const start = Number(lba) * sectorSize;
  return image.subarray(start, start + count * sectorSize);
}

export function hexDigest(algorithm: 'md5' | 'sha1' | 'sha256', data: Uint8Array): string {
  return createHash(algorithm).update(data).digest('hex');
}

/**
 * Cleanups for a test, run newest first once it ends (t.after runs hooks in the order they
 * were added, so a temp folder would go before the disk served from it). All of them run even
 * when one fails; the first failure is rethrown.
 */
export function cleanupStack(t: TestContext): (cleanup: () => unknown) => void {
  const stack: (() => unknown)[] = [];
  t.after(async () => {
    let failure: unknown;
    for (const cleanup of stack.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  });
  return (cleanup) => stack.push(cleanup);
}
