// DiskReader against GNU ddrescue (gddrescue, O_DIRECT) on the same faulty loop device: read in
// unaligned byte chunks, the sectors the reader names unreadable are the bad-sector areas of
// ddrescue's map, its bytes there are zero, and everywhere else they are what ddrescue rescued.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DiskReader } from '../../index';
import { EIO } from '../../constants';
import { parseDdrescueMap, sectorsWithStatus } from './ddrescue-map';
import { attachFaultyDisk, canUseFaultyDisk } from './faulty-disk';
import { rigBroken } from './rig-checks';
import { runTool } from './run-tool';
import { cleanupStack, makeWorkDir, sectorsOf, writeRandomImage } from './test-images';

const IMAGE_SIZE = 4 << 20;
/** Not a multiple of any sector size: chunks start and end inside sectors, bad ones included. */
const CHUNK_BYTES = 100_000;
const skip = canUseFaultyDisk() ?? false;

for (const sectorSize of [512, 4096]) {
  describe(
    `DiskReader and ddrescue on a faulty loop device with ${sectorSize}-byte sectors`,
    { skip },
    () => {
      test('unaligned reads name the sectors ddrescue mapped bad, and hold what it rescued', async (t) => {
        const defer = cleanupStack(t);
        const work = await makeWorkDir();
        defer(work.remove);
        const backingImage = join(work.dir, 'backing.img');
        await writeRandomImage(backingImage, IMAGE_SIZE);
        const sectorCount = BigInt(IMAGE_SIZE / sectorSize);
        // Spread over several of ddrescue's 64 KiB clusters, with a run of three and a pair.
        const planted = [0n, 5n, 6n, 7n, 130n, 131n, 700n, 1000n, sectorCount - 1n];
        const disk = await attachFaultyDisk({ backingImage, sectorSize, badSectors: planted });
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
        const mappedBad = sectorsWithStatus(blocks, '-', sectorSize);
        assert.deepEqual(mappedBad, planted, rigBroken('ddrescue did not map the planted sectors'));

        const reader = await DiskReader.open(disk.device);
        defer(() => reader.close());
        const data = new Uint8Array(IMAGE_SIZE);
        const unreadable = new Map<bigint, number>();
        for (let offset = 0; offset < IMAGE_SIZE; offset += CHUNK_BYTES) {
          const length = Math.min(CHUNK_BYTES, IMAGE_SIZE - offset);
          const chunk = await reader.readBytes(BigInt(offset), length);
          assert.equal(chunk.data.length, length);
          data.set(chunk.data, offset);
          // A sector split between two chunks is named by both.
          chunk.unreadable.forEach((lba, i) => unreadable.set(lba, chunk.unreadableErrnos[i] ?? 0));
          const first = BigInt(Math.floor(offset / sectorSize));
          const last = BigInt(Math.floor((offset + length - 1) / sectorSize));
          assert.deepEqual(
            chunk.unreadable,
            mappedBad.filter((lba) => lba >= first && lba <= last),
            `bytes ${offset}+${length}: the mapped bad sectors they overlap`,
          );
        }

        assert.deepEqual([...unreadable.keys()], mappedBad, "ddrescue's bad-sector areas");
        assert.deepEqual(
          [...unreadable.values()],
          mappedBad.map(() => EIO),
        );
        for (const lba of mappedBad) {
          assert.ok(
            sectorsOf(data, lba, 1, sectorSize).every((byte) => byte === 0),
            `bad sector ${lba} is zero-filled`,
          );
        }
        // ddrescue leaves the output short when the last sector is bad; compare what it wrote.
        const output = new Uint8Array(await readFile(rescued));
        for (const block of blocks.filter((b) => b.status === '+')) {
          const [from, to] = [Number(block.pos), Number(block.pos + block.size)];
          assert.ok(
            Buffer.from(data.subarray(from, to)).equals(output.subarray(from, to)),
            `bytes ${from}..${to} differ from what ddrescue rescued`,
          );
        }
      });
    },
  );
}
