// Oracle: GNU ddrescue (gddrescue) with O_DIRECT; its mapfile lists the bad areas it found.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDdrescueMap, sectorsWithStatus } from './ddrescue-map';
import { attachFaultyDisk, canUseFaultyDisk } from './faulty-disk';
import { runTool } from './run-tool';
import { cleanupStack, makeWorkDir, sectorsOf, writeRandomImage } from './test-images';

const IMAGE_SIZE = 4 << 20;
const skip = canUseFaultyDisk() ?? false;

for (const sectorSize of [512, 4096]) {
  describe(`ddrescue on a faulty loop device with ${sectorSize}-byte sectors`, { skip }, () => {
    test('maps exactly the bad sectors as bad-sector areas and rescues the rest', async (t) => {
      const defer = cleanupStack(t);
      const work = await makeWorkDir();
      defer(work.remove);
      const backingImage = join(work.dir, 'backing.img');
      const image = await writeRandomImage(backingImage, IMAGE_SIZE);
      const sectorCount = BigInt(IMAGE_SIZE / sectorSize);
      // Spread over several of ddrescue's 64 KiB clusters, with a run of three and a pair.
      const badSectors = [0n, 5n, 6n, 7n, 130n, 131n, 700n, 1000n, sectorCount - 1n];
      const disk = await attachFaultyDisk({ backingImage, sectorSize, badSectors });
      defer(disk.detach);

      const rescued = join(work.dir, 'rescued.img');
      const mapfile = join(work.dir, 'rescue.map');
      const args = ['-q', '-d', '-b', `${sectorSize}`, disk.device, rescued, mapfile];
      const result = await runTool('ddrescue', args, { timeoutMs: 60_000 });
      assert.equal(result.code, 0, result.stderr);

      const blocks = parseDdrescueMap(await readFile(mapfile, 'utf8'));
      let end = 0n;
      for (const block of blocks) {
        assert.equal(block.pos, end, 'mapfile blocks must be contiguous');
        end += block.size;
      }
      assert.equal(end, BigInt(IMAGE_SIZE), 'mapfile must cover the whole device');
      assert.deepEqual(
        blocks.filter((b) => b.status !== '+' && b.status !== '-'),
        [],
        'ddrescue left areas untried, untrimmed or unscraped',
      );
      assert.deepEqual(sectorsWithStatus(blocks, '-', sectorSize), badSectors);

      // ddrescue leaves the output short when the last sector is bad; compare what it wrote.
      const output = new Uint8Array(await readFile(rescued));
      for (const lba of sectorsWithStatus(blocks, '+', sectorSize)) {
        assert.deepEqual(
          sectorsOf(output, lba, 1, sectorSize),
          sectorsOf(image, lba, 1, sectorSize),
          `rescued sector ${lba}`,
        );
      }
    });
  });
}
