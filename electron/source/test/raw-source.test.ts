// The evidence source over a raw image or device, against the bytes dd and the file itself give:
// any byte range, short reads past the end (an image need not end on a sector boundary), reads
// into a caller's buffer, unreadable sectors as typed errors with the kernel's errno (the FUSE
// rig's real EIO on a loop device), its geometry against blockdev, and bad requests refused.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import {
  attachFaultyDisk,
  canUseFaultyDisk,
} from '../../../native-bridge/test/faulty-disk/faulty-disk';
import { EIO } from '../../../native-bridge/constants';
import { allocateReadBuffer, dataEnd, openSource, parserSectors, specOf } from '..';

function tempImage(t: TestContext, bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'sectorscope-source-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'disk.img');
  writeFileSync(path, bytes);
  return path;
}

/** 1,000,000 bytes: 1953 whole sectors of 512 and 64 bytes of a last one. */
const ODD_SIZE = 1_000_000;

describe('a raw image as an evidence source', () => {
  test('says what it is, and its geometry counts a partial last sector', async (t) => {
    const path = tempImage(t, randomBytes(ODD_SIZE));
    const source = await openSource({ path });
    t.after(() => source.close());
    assert.equal(source.identity.kind, 'file');
    assert.equal(source.identity.format, 'raw');
    assert.equal(source.identity.path, path);
    assert.match(source.identity.description, /raw image file, 512-byte sectors/);
    assert.equal(source.geometry.size, BigInt(ODD_SIZE));
    assert.equal(source.geometry.sectorCount, 1954n);
    assert.equal(source.geometry.readOnly, true);
    assert.equal(dataEnd(source.geometry), BigInt(ODD_SIZE));
    assert.deepEqual(specOf(source), { path, sectorSize: 512 });
  });

  test('any byte range equals the file; past the end it is short and says so', async (t) => {
    const bytes = randomBytes(ODD_SIZE);
    const path = tempImage(t, bytes);
    const source = await openSource({ path });
    t.after(() => source.close());
    const ranges: [number, number][] = [
      [0, 512],
      [3, 1],
      [511, 2],
      [4097, 70_000],
      [ODD_SIZE - 64, 64],
      [ODD_SIZE - 100, 40],
      [123_456, 0],
    ];
    for (const [offset, length] of ranges) {
      const read = await source.read(BigInt(offset), length);
      assert.deepEqual(Buffer.from(read.data), bytes.subarray(offset, offset + length));
      assert.equal(read.short, false, `${offset}+${length}`);
      assert.deepEqual(read.unreadable, []);
    }
    // The last sector holds 64 bytes: a whole-sector read gives those and says it was short.
    const last = await source.read(1953n * 512n, 512);
    assert.equal(last.short, true);
    assert.deepEqual(Buffer.from(last.data), bytes.subarray(1953 * 512));
    const across = await source.read(BigInt(ODD_SIZE - 10), 100);
    assert.equal(across.short, true);
    assert.equal(across.data.length, 10);
    const past = await source.read(BigInt(ODD_SIZE + 512), 512);
    assert.deepEqual({ short: past.short, length: past.data.length }, { short: true, length: 0 });
  });

  test("reads into a caller's buffer land in it, aligned or not", async (t) => {
    const bytes = randomBytes(4 * 1024 * 1024);
    const path = tempImage(t, bytes);
    const source = await openSource({ path });
    t.after(() => source.close());
    const block = allocateReadBuffer(1024 * 1024);
    const whole = await source.read(1024n * 1024n, 1024 * 1024, { into: block });
    assert.equal(whole.data.buffer, block.buffer, 'the bytes are in the buffer given');
    assert.ok(Buffer.from(whole.data).equals(bytes.subarray(1024 * 1024, 2 * 1024 * 1024)));
    const unaligned = await source.read(1000n, 3000, { into: block });
    assert.equal(unaligned.data.buffer, block.buffer);
    assert.ok(Buffer.from(unaligned.data).equals(bytes.subarray(1000, 4000)));
  });

  test('the parsers get whole sectors, the partial last one padded, never more', async (t) => {
    const bytes = randomBytes(ODD_SIZE);
    const path = tempImage(t, bytes);
    const source = await openSource({ path });
    t.after(() => source.close());
    const sectors = parserSectors(source);
    assert.equal(sectors.sectorCount, 1954n);
    const tail = await sectors.read(1952n, 2);
    assert.equal(tail.length, 1024);
    assert.deepEqual(Buffer.from(tail.subarray(0, 576)), bytes.subarray(1952 * 512));
    assert.ok(tail.subarray(576).every((byte) => byte === 0));
  });

  test('bad requests are refused with the valid range', async (t) => {
    const path = tempImage(t, randomBytes(8192));
    const source = await openSource({ path });
    t.after(() => source.close());
    await assert.rejects(source.read(-1n, 512), /offset must be a bigint of 0 or more/);
    await assert.rejects(source.read(0n, -1), /length must be a whole number from 0 to/);
    await assert.rejects(source.read(0n, 1.5), /length must be a whole number/);
    await assert.rejects(openSource({ path, sectorSize: 777 }), /must be one of 512, 1024/);
    await source.close();
    await assert.rejects(source.read(0n, 512), /is closed/);
  });

  test('an image viewed with 4096-byte sectors has their geometry', async (t) => {
    const path = tempImage(t, randomBytes(40960));
    const source = await openSource({ path, sectorSize: 4096 });
    t.after(() => source.close());
    assert.equal(source.geometry.logicalSectorSize, 4096);
    assert.equal(source.geometry.sectorCount, 10n);
    assert.deepEqual(specOf(source), { path, sectorSize: 4096 });
  });
});

const isRoot = process.getuid?.() === 0;

describe('a block device as an evidence source', { skip: isRoot ? false : 'needs root' }, () => {
  test('its geometry is what blockdev reports', async (t) => {
    const path = tempImage(t, randomBytes(4 * 1024 * 1024));
    const device = execFileSync(
      'losetup',
      ['--find', '--show', '--read-only', '--sector-size', '4096', path],
      {
        encoding: 'utf8',
      },
    ).trim();
    t.after(() => execFileSync('losetup', ['-d', device]));
    await assert.rejects(
      openSource({ path: device, sectorSize: 512 }),
      /logical sectors are 4096 bytes, as its kernel driver reports; it cannot be read in 512/,
    );
    const source = await openSource({ path: device });
    t.after(() => source.close());
    const blockdev = (flag: string) =>
      BigInt(execFileSync('blockdev', [flag, device], { encoding: 'utf8' }).trim());
    assert.equal(source.identity.kind, 'block');
    assert.equal(source.geometry.size, blockdev('--getsize64'));
    assert.equal(BigInt(source.geometry.logicalSectorSize), blockdev('--getss'));
    assert.equal(BigInt(source.geometry.physicalSectorSize), blockdev('--getpbsz'));
    assert.deepEqual(specOf(source), { path: device }, 'a device needs no sector size');
    const read = await source.read(4096n * 3n, 8192);
    assert.ok(Buffer.from(read.data).equals(readFileSync(path).subarray(4096 * 3, 4096 * 5)));
  });

  const rigMissing = canUseFaultyDisk();
  test(
    'unreadable sectors come back typed, with the errno, and zero in the bytes',
    { skip: rigMissing ?? false },
    async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'sectorscope-source-bad-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      const backingImage = join(dir, 'backing.img');
      const bytes = randomBytes(1024 * 1024);
      writeFileSync(backingImage, bytes);
      const disk = await attachFaultyDisk({ backingImage, sectorSize: 512, badSectors: [9n, 10n] });
      t.after(() => disk.detach());
      const source = await openSource({ path: disk.device });
      t.after(() => source.close());
      const read = await source.read(8n * 512n, 4 * 512);
      assert.deepEqual(
        read.unreadable.map(({ lba, error }) => [lba, error.code, error.errno]),
        [
          [9n, 'MEDIA_ERROR', EIO],
          [10n, 'MEDIA_ERROR', EIO],
        ],
      );
      assert.match(read.unreadable[0]?.error.message ?? '', /Input\/output error \(EIO\)/);
      assert.deepEqual(Buffer.from(read.data.subarray(0, 512)), bytes.subarray(8 * 512, 9 * 512));
      assert.ok(
        read.data.subarray(512, 1536).every((byte) => byte === 0),
        'zero, and listed',
      );
      assert.deepEqual(Buffer.from(read.data.subarray(1536)), bytes.subarray(11 * 512, 12 * 512));
      await assert.rejects(parserSectors(source).read(9n, 1), /LBA 9 unreadable \(Input\/output/);
    },
  );
});
