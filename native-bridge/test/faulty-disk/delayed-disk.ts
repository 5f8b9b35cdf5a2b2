// A loop device over a random image, through the FUSE program, whose chosen sector answers only
// after a delay; everything is removed after the test.

import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { attachFaultyDisk } from './faulty-disk';
import { cleanupStack, makeWorkDir, writeRandomImage } from './test-images';

export interface DelayedDiskOptions {
  sectorSize: number;
  imageBytes: number;
  delayMs: number;
  slowLba: bigint;
}

export async function attachDelayedDisk(t: TestContext, options: DelayedDiskOptions) {
  const defer = cleanupStack(t);
  const work = await makeWorkDir();
  defer(work.remove);
  const backingImage = join(work.dir, 'backing.img');
  const image = await writeRandomImage(backingImage, options.imageBytes);
  const disk = await attachFaultyDisk({
    backingImage,
    sectorSize: options.sectorSize,
    delay: { ms: options.delayMs, sectors: [options.slowLba] },
    // checkDelayRig (rig-checks.ts) watches the log for the moment a read starts its delay.
    logReads: true,
  });
  defer(disk.detach);
  return { defer, workDir: work.dir, image, disk };
}
