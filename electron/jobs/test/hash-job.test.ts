// Hash jobs on real images and loop devices, checked against coreutils' md5sum, sha1sum,
// sha256sum and sha512sum, and against `dd ... | sha256sum` for sub-ranges.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { HashAlgorithm, HashResult } from '../../shared/contract';
import { runJobOnPath } from '../run-job-on-path';
import {
  attachLoop,
  coreutilsDigest,
  ddSha256,
  isRoot,
  tempDir,
  writeImage,
} from './job-test-support';

const MiB = 1024 * 1024;

async function hash(
  path: string,
  range: { lba: bigint; count: bigint } | undefined,
  algorithms: HashAlgorithm[],
  options: { blockBytes?: number; sectorSize?: number } = {},
): Promise<HashResult> {
  const run = await runJobOnPath(path, range, { kind: 'hash', algorithms }, options);
  assert.equal(run.result.kind, 'hash');
  return run.result as HashResult;
}

describe('hash jobs on an image whose size is no multiple of the block or the sector', () => {
  let dir: string;
  let image: string;
  // 5 MiB + 3 sectors + 100 bytes: the last block is short and the last sector is partial.
  const size = 5 * MiB + 3 * 512 + 100;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-jobs-'));
    image = join(dir, 'odd.img');
    writeImage(image, size);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('MD5, SHA-1, SHA-256 and SHA-512 of the whole image equal coreutils', async () => {
    const result = await hash(image, undefined, ['md5', 'sha1', 'sha256', 'sha512'], {
      blockBytes: MiB,
    });
    assert.deepEqual(result.digests, {
      md5: coreutilsDigest('md5sum', image),
      sha1: coreutilsDigest('sha1sum', image),
      sha256: coreutilsDigest('sha256sum', image),
      sha512: coreutilsDigest('sha512sum', image),
    });
    assert.equal(result.bytes, String(size));
    assert.deepEqual(result.badSectors, []);
    assert.ok(result.seconds > 0);
  });

  test('the result lists the digests asked for, in a fixed order, and no others', async () => {
    const result = await hash(image, undefined, ['sha256', 'md5']);
    assert.deepEqual(Object.keys(result.digests), ['md5', 'sha256']);
    assert.equal(result.digests.md5, coreutilsDigest('md5sum', image));
  });

  test('every block size from 64 KiB to 8 MiB gives the same SHA-256', async () => {
    const expected = coreutilsDigest('sha256sum', image);
    for (const blockBytes of [64 * 1024, MiB, 2 * MiB, 4 * MiB, 8 * MiB]) {
      const result = await hash(image, undefined, ['sha256'], { blockBytes });
      assert.equal(result.digests.sha256, expected, `block of ${blockBytes} bytes`);
    }
  });

  test('sub-ranges equal dd | sha256sum, including one that ends in the partial last sector', async () => {
    const sectors = BigInt(Math.ceil(size / 512));
    const ranges = [
      { lba: 0n, count: 1n },
      { lba: 7n, count: 2048n + 5n },
      { lba: 2047n, count: 2n },
      { lba: sectors - 1n, count: 1n },
      { lba: sectors - 4097n, count: 4097n },
    ];
    for (const range of ranges) {
      const result = await hash(image, range, ['md5', 'sha256'], { blockBytes: MiB });
      const label = `LBA ${range.lba} count ${range.count}`;
      assert.equal(result.digests.sha256, ddSha256(image, 512, range.lba, range.count), label);
      const last = (range.lba + range.count) * 512n;
      const end = last < BigInt(size) ? last : BigInt(size);
      assert.equal(result.bytes, String(end - range.lba * 512n), label);
    }
  });

  test('viewed in 4096-byte sectors, the whole image and a sub-range still match', async () => {
    const whole = await hash(image, undefined, ['sha1'], { sectorSize: 4096, blockBytes: MiB });
    assert.equal(whole.digests.sha1, coreutilsDigest('sha1sum', image));
    const part = await hash(image, { lba: 3n, count: 300n }, ['sha256'], {
      sectorSize: 4096,
      blockBytes: MiB,
    });
    assert.equal(part.digests.sha256, ddSha256(image, 4096, 3n, 300n));
  });
});

describe('hash jobs on loop devices', { skip: isRoot ? false : 'needs root: losetup' }, () => {
  for (const sectorSize of [512, 4096]) {
    test(`a read-only loop device with ${sectorSize}-byte sectors hashes like its image`, async (t) => {
      const image = join(tempDir(t), 'disk.img');
      writeImage(image, 9 * MiB + 4096);
      const device = attachLoop(t, image, sectorSize);
      const result = await hash(device, undefined, ['md5', 'sha1', 'sha256'], {
        blockBytes: 2 * MiB,
      });
      assert.deepEqual(result.digests, {
        md5: coreutilsDigest('md5sum', image),
        sha1: coreutilsDigest('sha1sum', image),
        sha256: coreutilsDigest('sha256sum', image),
      });
      const part = await hash(device, { lba: 1n, count: 5n }, ['sha256']);
      assert.equal(part.digests.sha256, ddSha256(image, sectorSize, 1n, 5n));
    });
  }
});
