// The served FUSE file itself: exact byte boundaries of the bad sectors, read-only, the backing
// image untouched (md5sum before and after), and clear messages for arguments that cannot work.
import assert from 'node:assert/strict';
import { mkdir, open, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildFaultyDisk, canUseFaultyDisk, mountFaultyImage } from './faulty-disk';
import { runTool, runToolOrThrow } from './run-tool';
import { cleanupStack, makeWorkDir, writeRandomImage } from './test-images';

const IMAGE_SIZE = 256 * 1024;
const skip = canUseFaultyDisk() ?? false;

async function md5sum(path: string): Promise<string> {
  return (await runToolOrThrow('md5sum', [path])).stdout.split(' ')[0] ?? '';
}

describe('the served faulty file', { skip }, () => {
  for (const sectorSize of [512, 4096]) {
    test(`fails reads that touch a bad ${sectorSize}-byte sector, to the byte`, async (t) => {
      const defer = cleanupStack(t);
      const work = await makeWorkDir();
      defer(work.remove);
      const backingImage = join(work.dir, 'backing.img');
      const image = await writeRandomImage(backingImage, IMAGE_SIZE);
      const mount = await mountFaultyImage({ backingImage, sectorSize, badSectors: [2n, 5n] });
      defer(mount.unmount);
      const file = await open(mount.imagePath, 'r');
      defer(() => file.close());

      const read = async (position: number, length: number) => {
        const buffer = new Uint8Array(length);
        const { bytesRead } = await file.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
      };
      const s = sectorSize;
      const good: [number, number][] = [
        [0, 2 * s], // sectors 0-1, ending right before sector 2
        [3 * s, 2 * s], // sectors 3-4, between the bad ones
        [6 * s, IMAGE_SIZE - 6 * s], // everything after sector 5
        [2 * s - 1, 1], // the last byte before sector 2
        [6 * s, 1], // the first byte after sector 5
      ];
      for (const [position, length] of good) {
        assert.deepEqual(await read(position, length), image.subarray(position, position + length));
      }
      const bad: [number, number][] = [
        [2 * s - 1, 2], // one byte into sector 2
        [3 * s - 1, 1], // the last byte of sector 2
        [3 * s, 2 * s + 1], // sectors 3-4 and the first byte of 5
        [0, IMAGE_SIZE], // the whole image
      ];
      for (const [position, length] of bad) {
        await assert.rejects(read(position, length), { code: 'EIO' }, `${position}+${length}`);
      }
    });
  }

  test('is read-only and never changes the backing image', async (t) => {
    const defer = cleanupStack(t);
    const work = await makeWorkDir();
    defer(work.remove);
    const backingImage = join(work.dir, 'backing.img');
    await writeRandomImage(backingImage, IMAGE_SIZE);
    const before = { md5: await md5sum(backingImage), mtimeMs: (await stat(backingImage)).mtimeMs };
    const mount = await mountFaultyImage({ backingImage, badSectors: [1n] });
    defer(mount.unmount);

    const served = await stat(mount.imagePath);
    assert.equal(served.size, IMAGE_SIZE);
    assert.equal(served.mode & 0o222, 0, 'the served file must have no write permission bits');
    await assert.rejects(open(mount.imagePath, 'r+'), { code: 'EROFS' });
    await assert.rejects(writeFile(mount.imagePath, 'x'), { code: 'EROFS' });
    await assert.rejects(truncate(mount.imagePath, 0), { code: 'EROFS' });
    await assert.rejects(unlink(mount.imagePath), { code: 'EROFS' });
    await assert.rejects(mkdir(join(mount.mountpoint, 'x')), { code: 'EROFS' });
    await assert.rejects(writeFile(join(mount.mountpoint, 'new.img'), 'x'), { code: 'EROFS' });
    const dd = await runTool('dd', [
      'if=/dev/zero',
      `of=${mount.imagePath}`,
      'count=1',
      'conv=notrunc',
    ]);
    assert.notEqual(dd.code, 0, 'dd wrote to the served file');

    await mount.unmount();
    assert.equal(await md5sum(backingImage), before.md5);
    assert.equal((await stat(backingImage)).mtimeMs, before.mtimeMs);
  });

  test('the program explains arguments it cannot use', async (t) => {
    const defer = cleanupStack(t);
    const work = await makeWorkDir();
    defer(work.remove);
    const binary = await buildFaultyDisk();
    const backingImage = join(work.dir, 'backing.img');
    await writeRandomImage(backingImage, 4096);
    const mountpoint = join(work.dir, 'mnt');
    await mkdir(mountpoint);

    const cases: [string[], RegExp][] = [
      [[], /no backing image; pass --image=PATH/],
      [[`--image=${join(work.dir, 'missing.img')}`], /cannot open image .*No such file/],
      [[`--image=${work.dir}`], /is not a regular file/],
      [[`--image=${backingImage}`, '--bad-sectors=5+0'], /--bad-sectors: '5\+0' is not a range/],
      [[`--image=${backingImage}`, '--bad-bytes=12,x'], /--bad-bytes: 'x' is not a range/],
      [[`--image=${backingImage}`, '--sector-size=1000'], /--sector-size='1000' must be a power/],
      [[`--image=${backingImage}`, '--delay-sectors=3'], /without --delay-ms=N/],
      [[`--image=${backingImage}`, '--delay-ms=soon'], /--delay-ms='soon' must be milliseconds/],
      [[`--image=${backingImage}`, '--name=a/b'], /--name='a\/b' is not a plain file name/],
    ];
    for (const [args, message] of cases) {
      const result = await runTool(binary, [...args, '-f', mountpoint], { timeoutMs: 10_000 });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
  });

  test('the helper rejects options that cannot work, before mounting', async (t) => {
    const defer = cleanupStack(t);
    const work = await makeWorkDir();
    defer(work.remove);
    const backingImage = join(work.dir, 'backing.img');
    await writeRandomImage(backingImage, 8192);
    const odd = join(work.dir, 'odd.img');
    await writeRandomImage(odd, 1000);

    const cases: [Parameters<typeof mountFaultyImage>[0], RegExp][] = [
      [{ backingImage: join(work.dir, 'none.img') }, /cannot use backing image .*ENOENT/],
      [{ backingImage: work.dir }, /is not a regular file/],
      [{ backingImage: odd }, /1000 bytes, not a whole positive number of 512-byte sectors/],
      [
        { backingImage, sectorSize: 4096, badSectors: [2n] },
        /LBA 2, outside the image's 2 sectors/,
      ],
      [{ backingImage, sectorSize: 1000 }, /sectorSize 1000 is not supported/],
      [{ backingImage, badSectors: [-1n] }, /LBA -1, outside/],
      [{ backingImage, delay: { ms: 0 } }, /delay.ms 0 must be a whole number/],
      [{ backingImage, delay: { ms: 10, sectors: [] } }, /delay.sectors is empty/],
    ];
    for (const [options, message] of cases) {
      await assert.rejects(mountFaultyImage(options), message);
    }
  });
});
