// Image files on /tmp (ext4 here, so O_DIRECT works), checked against dd iflag=direct and the
// file's own bytes.

import assert from 'node:assert/strict';
import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DiskReader, allocateAligned } from '..';
import {
  ddCanOpenDirect,
  ddDirect,
  randomInt,
  randomRanges,
  seededRandom,
  tempDir,
  writeRandomFile,
} from './support';

const EXT4_SUPER_MAGIC = 0xef53;

test('the temporary folder accepts O_DIRECT (precondition of this file)', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'probe.img');
  writeRandomFile(path, 4096);
  assert.equal(statfsSync(dir).type, EXT4_SUPER_MAGIC, `${dir} is expected on ext4`);
  assert.ok(ddCanOpenDirect(path), 'dd iflag=direct must open files in the temp folder');
});

test('geometry of an image file', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'disk.img');
  writeRandomFile(path, 3 * 1024 * 1024);
  const reader = await DiskReader.open(path);
  t.after(() => reader.close());
  assert.deepEqual(reader.info, {
    path,
    kind: 'file',
    size: 3n * 1024n * 1024n,
    logicalSectorSize: 512,
    physicalSectorSize: 512,
    sectorCount: 6144n,
    directIO: true,
    readOnly: true,
  });
});

test('random sector ranges equal dd iflag=direct bs=512', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'disk.img');
  const sectors = 8192 + 37;
  writeRandomFile(path, sectors * 512);
  const reader = await DiskReader.open(path);
  t.after(() => reader.close());
  const random = seededRandom(t);
  for (const { lba, count } of randomRanges(random, sectors, 50, 300)) {
    const result = await reader.readSectors(lba, count);
    const expected = ddDirect(path, 512, lba, count);
    assert.equal(expected.length, count * 512, 'dd returned the whole range');
    assert.deepEqual(Buffer.from(result.data), expected, `lba ${lba} count ${count}`);
    assert.deepEqual(result.unreadable, []);
  }
});

test('a file whose size is not a multiple of 512: the last sector is zero-padded', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'odd.img');
  const size = 100 * 512 + 123;
  const content = writeRandomFile(path, size);
  const reader = await DiskReader.open(path);
  t.after(() => reader.close());
  assert.equal(reader.info.size, BigInt(size));
  assert.equal(reader.info.sectorCount, 101n);

  // dd's direct read of the tail returns the short count the kernel gives: 123 bytes.
  const tail = ddDirect(path, 512, 100n, 1);
  assert.equal(tail.length, 123);
  const last = await reader.readSectors(100n, 1);
  assert.equal(last.data.length, 512);
  assert.deepEqual(Buffer.from(last.data.subarray(0, 123)), tail);
  assert.ok(last.data.subarray(123).every((byte) => byte === 0));

  const spanning = await reader.readSectors(90n, 11);
  assert.deepEqual(
    Buffer.from(spanning.data.subarray(0, 10 * 512 + 123)),
    content.subarray(90 * 512),
  );
  assert.ok(spanning.data.subarray(10 * 512 + 123).every((byte) => byte === 0));

  const whole = await reader.readBytes(0n, size);
  assert.deepEqual(Buffer.from(whole.data), content);
  await assert.rejects(reader.readBytes(BigInt(size) - 10n, 11), { code: 'OUT_OF_RANGE' });
});

test('misaligned readBytes equals slices of the file', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'disk.img');
  const size = 2 * 1024 * 1024 + 777;
  const content = writeRandomFile(path, size);
  const reader = await DiskReader.open(path);
  t.after(() => reader.close());
  const random = seededRandom(t);
  const cases = [
    { offset: 0, length: 1 },
    { offset: 511, length: 2 },
    { offset: 1, length: 4095 },
    { offset: size - 1, length: 1 },
    { offset: size - 1000, length: 1000 },
  ];
  for (let i = 0; i < 40; i++) {
    const offset = randomInt(random, size);
    cases.push({ offset, length: 1 + randomInt(random, Math.min(200_000, size - offset)) });
  }
  for (const { offset, length } of cases) {
    const result = await reader.readBytes(BigInt(offset), length);
    assert.equal(result.data.length, length);
    assert.deepEqual(
      Buffer.from(result.data),
      content.subarray(offset, offset + length),
      `offset ${offset} length ${length}`,
    );
  }
});

test('image files viewed with 1024, 2048 and 4096-byte sectors', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'disk.img');
  const size = 1024 * 1024 + 1536;
  writeRandomFile(path, size);
  const random = seededRandom(t);
  for (const sectorSize of [1024, 2048, 4096]) {
    const reader = await DiskReader.open(path, { logicalSectorSize: sectorSize });
    try {
      assert.equal(reader.info.logicalSectorSize, sectorSize);
      assert.equal(reader.info.physicalSectorSize, sectorSize);
      const sectors = Math.ceil(size / sectorSize);
      assert.equal(reader.info.sectorCount, BigInt(sectors));
      for (const { lba, count } of randomRanges(random, sectors, 12, 40)) {
        const { data } = await reader.readSectors(lba, count);
        const expected = ddDirect(path, sectorSize, lba, count);
        assert.deepEqual(
          Buffer.from(data.subarray(0, expected.length)),
          expected,
          `${sectorSize}: lba ${lba} count ${count}`,
        );
        assert.ok(data.subarray(expected.length).every((byte) => byte === 0));
      }
    } finally {
      await reader.close();
    }
  }
});

test('readInto reuses one aligned buffer and returns fresh data each time', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'disk.img');
  const content = writeRandomFile(path, 4 * 1024 * 1024);
  const reader = await DiskReader.open(path);
  t.after(() => reader.close());
  const buffer = allocateAligned(1024 * 1024);
  for (let block = 0; block < 4; block++) {
    const failed = await reader.readInto(BigInt(block * 2048), 2048, buffer);
    assert.deepEqual(failed, { unreadable: [], unreadableErrnos: [] });
    assert.deepEqual(
      Buffer.from(buffer),
      content.subarray(block * 1024 * 1024, (block + 1) * 1024 * 1024),
    );
  }
  // A smaller read into the same buffer fills just its start.
  await reader.readInto(3n, 2, buffer);
  assert.deepEqual(Buffer.from(buffer.subarray(0, 1024)), content.subarray(1536, 2560));
});

test('results are fresh copies that own their memory', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'disk.img');
  writeRandomFile(path, 64 * 1024);
  const reader = await DiskReader.open(path);
  t.after(() => reader.close());
  const { data } = await reader.readSectors(3n, 5);
  assert.equal(data.byteOffset, 0);
  assert.equal(data.buffer.byteLength, 5 * 512);
  const bytes = await reader.readBytes(1000n, 10);
  assert.equal(bytes.data.buffer.byteLength, 10);
});
