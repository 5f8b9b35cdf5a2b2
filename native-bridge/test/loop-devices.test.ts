// Real block devices: read-only loop devices with 512 and 4096-byte logical sectors, checked
// against blockdev and dd iflag=direct on the device.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DiskReader } from '..';
import {
  attachLoop,
  blockdevGeometry,
  ddDirect,
  fdsOpenOn,
  needsRoot,
  randomInt,
  randomRanges,
  seededRandom,
  tempDir,
  writeRandomFile,
} from './support';

for (const sectorSize of [512, 4096]) {
  test(`loop device with ${sectorSize}-byte sectors: geometry and reads`, async (t) => {
    if (!needsRoot(t, 'attaching loop devices')) return;
    const dir = tempDir(t);
    const image = join(dir, 'disk.img');
    const size = 6 * 1024 * 1024;
    const content = writeRandomFile(image, size);
    const device = attachLoop(t, image, sectorSize);
    const reader = await DiskReader.open(device);
    t.after(() => reader.close());

    const kernel = blockdevGeometry(device);
    assert.equal(kernel.logical, sectorSize);
    assert.deepEqual(reader.info, {
      path: device,
      kind: 'block',
      size: kernel.size,
      logicalSectorSize: kernel.logical,
      physicalSectorSize: kernel.physical,
      sectorCount: kernel.size / BigInt(kernel.logical),
      directIO: true,
      readOnly: true,
    });

    const sectors = Number(reader.info.sectorCount);
    const random = seededRandom(t);
    for (const { lba, count } of randomRanges(random, sectors, 40, (256 * 1024) / sectorSize)) {
      const result = await reader.readSectors(lba, count);
      assert.deepEqual(
        Buffer.from(result.data),
        ddDirect(device, sectorSize, lba, count),
        `lba ${lba} count ${count}`,
      );
      assert.deepEqual(result.unreadable, []);
    }

    const last = await reader.readSectors(BigInt(sectors - 1), 1);
    assert.deepEqual(Buffer.from(last.data), ddDirect(device, sectorSize, BigInt(sectors - 1), 1));
    await assert.rejects(reader.readSectors(BigInt(sectors), 1), { code: 'OUT_OF_RANGE' });

    // Misaligned byte ranges: a direct read of these would fail with EINVAL; the caller never
    // sees that. The loop device maps the image one to one, so the image is the oracle.
    const cases = [
      { offset: 1, length: 1 },
      { offset: sectorSize - 1, length: 2 },
      { offset: 513, length: 511 },
      { offset: size - 1, length: 1 },
    ];
    for (let i = 0; i < 30; i++) {
      const offset = randomInt(random, size);
      cases.push({ offset, length: 1 + randomInt(random, Math.min(100_000, size - offset)) });
    }
    for (const { offset, length } of cases) {
      const result = await reader.readBytes(BigInt(offset), length);
      assert.deepEqual(
        Buffer.from(result.data),
        content.subarray(offset, offset + length),
        `offset ${offset} length ${length}`,
      );
    }
  });
}

test('a 4096-sector device over a file of 4096n + 512 bytes: the partial sector is not a sector', async (t) => {
  if (!needsRoot(t, 'attaching loop devices')) return;
  const dir = tempDir(t);
  const image = join(dir, 'odd.img');
  writeRandomFile(image, 256 * 4096 + 512);
  const device = attachLoop(t, image, 4096);
  const kernel = blockdevGeometry(device);
  // The kernel reports the odd byte size, but the partial sector cannot be read (EINVAL).
  assert.equal(kernel.size, 256n * 4096n + 512n);
  assert.throws(() => ddDirect(device, 4096, 256n, 1), /Invalid argument/);

  const reader = await DiskReader.open(device);
  t.after(() => reader.close());
  assert.equal(reader.info.size, kernel.size);
  assert.equal(reader.info.sectorCount, 256n);
  const last = await reader.readSectors(255n, 1);
  assert.deepEqual(Buffer.from(last.data), ddDirect(device, 4096, 255n, 1));
  await assert.rejects(reader.readSectors(255n, 2), { code: 'OUT_OF_RANGE' });
  await assert.rejects(reader.readBytes(256n * 4096n, 1), { code: 'OUT_OF_RANGE' });
});

test('a sector size other than the kernel one is refused for block devices', async (t) => {
  if (!needsRoot(t, 'attaching loop devices')) return;
  const dir = tempDir(t);
  const image = join(dir, 'disk.img');
  writeRandomFile(image, 1024 * 1024);
  const device = attachLoop(t, image, 4096);
  await assert.rejects(DiskReader.open(device, { logicalSectorSize: 512 }), (error: Error) => {
    assert.equal((error as { code?: string }).code, 'INVALID_ARGUMENT');
    assert.match(error.message, /4096 bytes/);
    assert.match(error.message, /image files only/);
    return true;
  });
  assert.deepEqual(fdsOpenOn(device), [], 'the refused open closed its descriptor');
  const same = await DiskReader.open(device, { logicalSectorSize: 4096 });
  await same.close();
});
