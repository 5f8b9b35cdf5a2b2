// DiskReader on an image file with bad sectors (the served FUSE file itself, no loop device), at
// every sector size it can view an image with, against dd conv=noerror,sync iflag=direct on the
// same file: the sectors the reader names unreadable are the ones dd failed on, to the byte of
// unaligned ranges, and its bytes are dd's.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DiskReader } from '../../index';
import { EIO } from '../../constants';
import { ddScan } from './dd-oracle';
import { canUseFaultyDisk, mountFaultyImage } from './faulty-disk';
import { rigBroken } from './rig-checks';
import { cleanupStack, makeWorkDir, writeRandomImage } from './test-images';

const IMAGE_SIZE = 256 * 1024;
const skip = canUseFaultyDisk() ?? false;

describe('DiskReader on a faulty image file, against dd on the same file', { skip }, () => {
  for (const sectorSize of [512, 1024, 4096]) {
    test(`with ${sectorSize}-byte sectors: unreadable where dd fails, to the byte`, async (t) => {
      const defer = cleanupStack(t);
      const work = await makeWorkDir();
      defer(work.remove);
      const backingImage = join(work.dir, 'backing.img');
      await writeRandomImage(backingImage, IMAGE_SIZE);
      const planted = [2n, 5n];
      const mount = await mountFaultyImage({ backingImage, sectorSize, badSectors: planted });
      defer(mount.unmount);

      const dd = await ddScan(mount.imagePath, sectorSize, work.dir);
      const ddBad = dd.errors.map((error) => error.lba);
      assert.deepEqual(ddBad, planted, rigBroken(`dd failed elsewhere on the file:\n${dd.stderr}`));
      assert.ok(
        dd.errors.every((error) => error.reason === 'Input/output error'),
        rigBroken(`dd's errors are not all EIO:\n${dd.stderr}`),
      );

      const reader = await DiskReader.open(mount.imagePath, { logicalSectorSize: sectorSize });
      defer(() => reader.close());
      assert.equal(reader.info.kind, 'file');
      assert.equal(reader.info.size, BigInt(dd.data.length), "the size of dd's copy");
      assert.equal(reader.info.logicalSectorSize, sectorSize);

      const whole = await reader.readSectors(0n, Number(reader.info.sectorCount));
      assert.deepEqual(whole.unreadable, ddBad);
      assert.deepEqual(
        whole.unreadableErrnos,
        ddBad.map(() => EIO),
      );
      assert.ok(Buffer.from(whole.data).equals(dd.data), "the whole file differs from dd's copy");

      const s = sectorSize;
      const ranges: [number, number][] = [
        [0, 2 * s], // sectors 0-1, ending right before bad sector 2
        [2 * s - 1, 1], // the last byte before sector 2
        [2 * s - 1, 2], // one byte into sector 2
        [3 * s - 1, 1], // the last byte of sector 2
        [3 * s, 2 * s], // sectors 3-4, between the bad ones
        [3 * s, 2 * s + 1], // sectors 3-4 and the first byte of 5
        [6 * s, 1], // the first byte after sector 5
        [s + 7, 5 * s], // from inside sector 1 to inside sector 6: both bad ones
        [6 * s, IMAGE_SIZE - 6 * s], // everything after sector 5
      ];
      for (const [position, length] of ranges) {
        const label = `bytes ${position}+${length}`;
        const first = Math.floor(position / s);
        const last = Math.floor((position + length - 1) / s);
        const expected = ddBad.filter((lba) => lba >= first && lba <= last);
        const got = await reader.readBytes(BigInt(position), length);
        assert.deepEqual(got.unreadable, expected, `${label}: the sectors dd failed on`);
        assert.deepEqual(
          got.unreadableErrnos,
          expected.map(() => EIO),
          label,
        );
        const same = Buffer.from(got.data).equals(dd.data.subarray(position, position + length));
        assert.ok(same, `${label}: bytes differ from dd's copy`);
      }
    });
  }
});
