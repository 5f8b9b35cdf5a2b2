// Oracle: GNU dd with O_DIRECT on the loop device, and blockdev for the device's geometry.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { attachFaultyDisk, canUseFaultyDisk } from './faulty-disk';
import { runTool, runToolOrThrow } from './run-tool';
import {
  cleanupStack,
  makeWorkDir,
  sectorsOf,
  withZeroedSectors,
  writeRandomImage,
} from './test-images';

const IMAGE_SIZE = 1 << 20;
const skip = canUseFaultyDisk() ?? false;

for (const sectorSize of [512, 4096]) {
  describe(`dd on a faulty loop device with ${sectorSize}-byte sectors`, { skip }, () => {
    const sectorCount = BigInt(IMAGE_SIZE / sectorSize);
    // The first and last sectors, an adjacent pair and a lone one in the middle.
    const bad = [0n, 9n, 10n, 37n, sectorCount - 1n];

    test('fails with EIO exactly on the bad sectors, single and multi-sector', async (t) => {
      const defer = cleanupStack(t);
      const work = await makeWorkDir();
      defer(work.remove);
      const image = await writeRandomImage(join(work.dir, 'backing.img'), IMAGE_SIZE);
      const disk = await attachFaultyDisk({
        backingImage: join(work.dir, 'backing.img'),
        sectorSize,
        badSectors: [37n, 10n, 0n, sectorCount - 1n, 9n, 10n],
      });
      defer(disk.detach);

      assert.deepEqual(disk.badSectors, bad);
      const geometry = await runToolOrThrow('blockdev', ['--getss', '--getsize64', disk.device]);
      assert.deepEqual(geometry.stdout.trim().split('\n'), [`${sectorSize}`, `${IMAGE_SIZE}`]);

      // One read(2) of `count` sectors at `lba`: bs is the whole span, skip is in bytes.
      const readWithDd = async (lba: bigint, count: number) => {
        const out = join(work.dir, `dd-${lba}-${count}.bin`);
        const args = [`if=${disk.device}`, `of=${out}`, 'iflag=direct,skip_bytes', 'count=1'];
        args.push(`bs=${count * sectorSize}`, `skip=${lba * BigInt(sectorSize)}`, 'status=none');
        const result = await runTool('dd', args);
        const data = result.code === 0 ? new Uint8Array(await readFile(out)) : undefined;
        return { ...result, data };
      };

      const neighbours = new Set<bigint>();
      for (const lba of bad) {
        const result = await readWithDd(lba, 1);
        assert.notEqual(result.code, 0, `dd read bad sector ${lba}`);
        assert.match(result.stderr, /Input\/output error/, `sector ${lba}: ${result.stderr}`);
        for (const next of [lba - 1n, lba + 1n]) {
          if (next >= 0n && next < sectorCount && !bad.includes(next)) neighbours.add(next);
        }
      }
      assert.ok(neighbours.size >= 5);
      for (const lba of neighbours) {
        const result = await readWithDd(lba, 1);
        assert.equal(result.code, 0, `sector ${lba}: ${result.stderr}`);
        assert.deepEqual(result.data, sectorsOf(image, lba, 1, sectorSize), `sector ${lba}`);
      }

      // A larger read that touches one bad sector fails; one ending right before it does not,
      // so neither the loop driver nor FUSE widens or merges a request across the boundary.
      assert.notEqual((await readWithDd(30n, 8)).code, 0, 'read of 30..37 should fail');
      const before = await readWithDd(11n, 26);
      assert.equal(before.code, 0, before.stderr);
      assert.deepEqual(before.data, sectorsOf(image, 11n, 26, sectorSize));
    });

    test('a whole-device dd conv=noerror,sync zero-fills exactly the bad sectors', async (t) => {
      const defer = cleanupStack(t);
      const work = await makeWorkDir();
      defer(work.remove);
      const backingImage = join(work.dir, 'backing.img');
      const image = await writeRandomImage(backingImage, IMAGE_SIZE);
      const disk = await attachFaultyDisk({ backingImage, sectorSize, badSectors: bad });
      defer(disk.detach);

      const out = join(work.dir, 'scan.img');
      const args = [`if=${disk.device}`, `of=${out}`, 'iflag=direct', `bs=${sectorSize}`];
      const result = await runTool('dd', [...args, 'conv=noerror,sync']);
      assert.equal(result.code, 0, result.stderr);
      const errors = result.stderr.match(/Input\/output error/g) ?? [];
      assert.equal(errors.length, bad.length, result.stderr);
      // dd counts each failed read as a partial record: "FULL+PARTIAL records in".
      const recordsIn = [...result.stderr.matchAll(/^(\d+)\+(\d+) records in$/gm)].at(-1);
      assert.deepEqual(recordsIn?.slice(1), [
        `${sectorCount - BigInt(bad.length)}`,
        `${bad.length}`,
      ]);
      const scanned = new Uint8Array(await readFile(out));
      assert.ok(
        Buffer.from(scanned).equals(withZeroedSectors(image, bad, sectorSize)),
        'dd output differs from the backing image with the bad sectors zeroed',
      );
    });
  });
}
