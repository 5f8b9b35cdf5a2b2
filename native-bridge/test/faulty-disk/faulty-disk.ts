// Real unreadable and slow sectors for tests: the faulty-disk FUSE program serves an image whose
// chosen sectors fail with EIO (or answer late), and a read-only loop device on top of the served
// file turns that into a block device with those bad sectors.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { cleanUpOnExit } from './exit-cleanup';
import type { FaultyImageOptions } from './faulty-options';
import { mountFaultyImage } from './mount-faulty-image';
import { runTool, runToolOrThrow } from './run-tool';

export { buildFaultyDisk } from './build-faulty-disk';
export type { FaultyImageOptions } from './faulty-options';
export { mountFaultyImage, type FaultyImageMount } from './mount-faulty-image';
export { canUseFaultyDisk } from './requirements';

export interface FaultyDiskOptions extends FaultyImageOptions {
  /**
   * `losetup --direct-io` (default true). With it the loop driver sends reads to the FUSE file
   * concurrently, so a delayed sector does not hold up reads elsewhere; without it the loop
   * device serializes reads. Bad sectors fail exactly either way.
   */
  loopDirectIO?: boolean;
}

export interface FaultyDisk {
  /** The read-only loop device, e.g. /dev/loop3, with logical sectors of sectorSize bytes. */
  device: string;
  mountpoint: string;
  /** The served file under the mountpoint that the loop device reads. */
  imagePath: string;
  /** Absolute path of the backing image, never written. */
  backingImage: string;
  size: bigint;
  sectorSize: number;
  sectorCount: bigint;
  /** The unreadable LBAs (sectorSize units), ascending, without duplicates. */
  badSectors: bigint[];
  /**
   * What the FUSE program printed on stderr (every read with logReads), after a timer turn: it
   * prints before it answers, but a reader answered without an event-loop turn (io_uring polled
   * on the spot) has not let the pipe's data in yet.
   */
  log(): Promise<string>;
  /** Detaches the loop device, stops the FUSE program, unmounts, removes temp files. */
  detach(): Promise<void>;
}

/** Mounts a faulty image and attaches a read-only loop device to it. */
export async function attachFaultyDisk(options: FaultyDiskOptions): Promise<FaultyDisk> {
  const mount = await mountFaultyImage(options);
  const directIO = options.loopDirectIO ?? true;
  let device: string;
  try {
    device = await attachLoop(mount.imagePath, mount.sectorSize, directIO);
  } catch (error) {
    await mount.unmount().catch(() => undefined);
    throw error;
  }
  const cancelExitCleanup = cleanUpOnExit(() => {
    spawnSync('losetup', ['-d', device], { stdio: 'ignore' });
  });

  let detaching: Promise<void> | undefined;
  const detach = (): Promise<void> => {
    detaching ??= (async () => {
      cancelExitCleanup();
      // If the device is still open somewhere, losetup -d only marks it for autoclear on close.
      const result = await runTool('losetup', ['-d', device]);
      await mount.unmount();
      if (result.code !== 0) {
        throw new Error(`cannot detach ${device}: ${result.stderr.trim()}`);
      }
    })();
    return detaching;
  };

  return {
    device,
    mountpoint: mount.mountpoint,
    imagePath: mount.imagePath,
    backingImage: mount.backingImage,
    size: mount.size,
    sectorSize: mount.sectorSize,
    sectorCount: mount.sectorCount,
    badSectors: mount.badSectors,
    log: mount.log,
    detach,
  };
}

async function attachLoop(file: string, sectorSize: number, directIO: boolean): Promise<string> {
  const args = ['--find', '--show', '--read-only', '--sector-size', String(sectorSize)];
  args.push(`--direct-io=${directIO ? 'on' : 'off'}`, file);
  const result = await runTool('losetup', args);
  const device = result.stdout.trim();
  if (result.code !== 0 || !device.startsWith('/dev/loop')) {
    // losetup can fail after attaching (e.g. setting direct I/O): never leave a device behind.
    if (device.startsWith('/dev/loop')) await runTool('losetup', ['-d', device]);
    throw new Error(`losetup ${args.join(' ')} failed: ${result.stderr.trim()}`);
  }
  const sysfs = `/sys/block/${basename(device)}`;
  const [dio, logicalBlockSize, readOnly] = await Promise.all(
    ['loop/dio', 'queue/logical_block_size', 'ro'].map((name) =>
      readFile(`${sysfs}/${name}`, 'utf8').then((text) => text.trim()),
    ),
  );
  const problem =
    readOnly !== '1'
      ? 'is not read-only'
      : logicalBlockSize !== String(sectorSize)
        ? `has ${logicalBlockSize}-byte sectors, not ${sectorSize}`
        : directIO && dio !== '1'
          ? 'could not use direct I/O on the FUSE file (pass loopDirectIO: false)'
          : undefined;
  if (problem !== undefined) {
    await runToolOrThrow('losetup', ['-d', device]);
    throw new Error(`loop device ${device} on ${file} ${problem}`);
  }
  return device;
}
