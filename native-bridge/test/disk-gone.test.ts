// A disk that goes away while open stops its reads with GONE and the reason, instead of
// zero-filling every sector as if bad: the FUSE process behind a loop device killed (every read
// then fails with EIO, and the loop device's file is unreachable), a loop device whose file was
// emptied and its capacity updated (size 0), an image file truncated while open. A disk that
// only fails some sectors is a failing disk: those sectors stay unreadable, nothing more.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DiskReader, NativeDiskError, allocateAlignedShared } from '..';
import { attachFaultyDisk, canUseFaultyDisk } from './faulty-disk/faulty-disk';
import { fuseProcessOf } from './fuse-process';
import { tempDir } from './support';

function isGone(pattern: RegExp) {
  return (error: unknown) =>
    error instanceof NativeDiskError && error.code === 'GONE' && pattern.test(error.message);
}

const isRoot = process.getuid?.() === 0;
const rigMissing = canUseFaultyDisk();

describe('a disk that goes away while open', () => {
  test(
    'the FUSE process behind a loop device killed: GONE, the file behind it unreachable',
    { skip: rigMissing ?? false },
    async (t) => {
      const backingImage = join(tempDir(t), 'backing.img');
      const bytes = randomBytes(4 * 1024 * 1024);
      writeFileSync(backingImage, bytes);
      const disk = await attachFaultyDisk({ backingImage, sectorSize: 512, badSectors: [40n] });
      t.after(() => disk.detach().catch(() => undefined));
      const reader = await DiskReader.open(disk.device);
      t.after(() => reader.close());
      // Present and failing: the bad sector is unreadable, the rest reads.
      const failing = await reader.readSectors(32n, 16);
      assert.deepEqual(failing.unreadable, [40n]);
      assert.deepEqual(
        Buffer.from(failing.data.subarray(0, 4096)),
        bytes.subarray(32 * 512, 40 * 512),
      );

      process.kill(fuseProcessOf(disk.mountpoint), 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await assert.rejects(
        reader.readSectors(1000n, 8),
        isGone(
          /went away while it was read: the file behind it, .*disk\.img, cannot be reached: Transport endpoint is not connected \(ENOTCONN\)\. Nothing from LBA 1000 on was read/,
        ),
      );
      const block = allocateAlignedShared(1024 * 1024);
      await assert.rejects(reader.readInto(2048n, 2048, block), isGone(/cannot be reached/));
    },
  );

  test(
    'a loop device whose file was emptied and its capacity updated: GONE, size 0',
    { skip: isRoot ? false : 'needs root for losetup' },
    async (t) => {
      const image = join(tempDir(t), 'shrinking.img');
      writeFileSync(image, randomBytes(2 * 1024 * 1024));
      const device = execFileSync('losetup', ['--find', '--show', image], {
        encoding: 'utf8',
      }).trim();
      t.after(() => execFileSync('losetup', ['-d', device]));
      const reader = await DiskReader.open(device);
      t.after(() => reader.close());
      assert.equal((await reader.readSectors(0n, 8)).unreadable.length, 0);
      truncateSync(image, 0);
      execFileSync('losetup', ['-c', device]);
      await assert.rejects(reader.readSectors(100n, 8), isGone(/its size is now 0 bytes/));
    },
  );

  test('an image file truncated while open: GONE, it shrank', async (t) => {
    const image = join(tempDir(t), 'truncated.img');
    const bytes = randomBytes(1024 * 1024);
    writeFileSync(image, bytes);
    const reader = await DiskReader.open(image);
    t.after(() => reader.close());
    truncateSync(image, 64 * 1024);
    const before = await reader.readSectors(0n, 8);
    assert.deepEqual(Buffer.from(before.data), bytes.subarray(0, 4096), 'what is left still reads');
    await assert.rejects(
      reader.readSectors(1000n, 8),
      isGone(/the image file shrank from 1048576 to 65536 bytes/),
    );
  });
});
