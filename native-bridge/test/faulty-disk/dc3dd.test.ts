// DiskReader against dc3dd, the forensic imager, on the same faulty loop device: read in chunks
// into a reused aligned buffer (as jobs do), the reader's bytes hash to dc3dd's digests (dc3dd
// zero-fills what it cannot read), equal dc3dd's copy, and its unreadable sectors are the ones
// dc3dd logged and counted.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { allocateAligned, DiskReader } from '../../index';
import { EIO } from '../../constants';
import { parseDc3ddLog } from './dc3dd-log';
import { attachFaultyDisk, canUseFaultyDisk } from './faulty-disk';
import { rigBroken } from './rig-checks';
import { runTool } from './run-tool';
import { cleanupStack, makeWorkDir, writeRandomImage } from './test-images';

const IMAGE_SIZE = 2 << 20;
/** Larger than the 128 KiB quick reads: the chunks take the reader's large-read path. */
const CHUNK_BYTES = 192 * 1024;
const skip = canUseFaultyDisk() ?? false;

for (const sectorSize of [512, 4096]) {
  describe(
    `DiskReader and dc3dd on a faulty loop device with ${sectorSize}-byte sectors`,
    { skip },
    () => {
      test("chunked reads hash to dc3dd's digests and list the sectors it logged", async (t) => {
        const defer = cleanupStack(t);
        const work = await makeWorkDir();
        defer(work.remove);
        const backingImage = join(work.dir, 'backing.img');
        await writeRandomImage(backingImage, IMAGE_SIZE);
        const sectorCount = BigInt(IMAGE_SIZE / sectorSize);
        // A run of three, and one sector before the last: dc3dd 7.2.646 counts and zero-fills a
        // bad final sector but was seen not to log a line for it.
        const planted = [0n, 3n, 64n, 65n, 66n, 200n, sectorCount - 2n];
        const disk = await attachFaultyDisk({ backingImage, sectorSize, badSectors: planted });
        defer(disk.detach);

        const logPath = join(work.dir, 'dc3dd.log');
        const copyPath = join(work.dir, 'copy.img');
        const args = [`if=${disk.device}`, 'hash=md5', 'hash=sha256', `log=${logPath}`];
        const result = await runTool('dc3dd', [...args, `of=${copyPath}`], { timeoutMs: 60_000 });
        assert.equal(result.code, 0, result.stderr);
        const log = await readFile(logPath, 'utf8');
        const dc3dd = parseDc3ddLog(log);
        const logged: bigint[] = [];
        for (const [first, last] of dc3dd.errorSpans) {
          for (let lba = first; lba <= last; lba++) logged.push(lba);
        }
        logged.sort((a, b) => (a < b ? -1 : 1));
        assert.deepEqual(
          logged,
          planted,
          rigBroken('dc3dd did not log exactly the planted sectors'),
        );
        assert.equal(dc3dd.sectorSize, sectorSize, rigBroken('dc3dd probed another sector size'));
        const reasons = log.match(/^\[!!\] .*$/gm) ?? [];
        assert.ok(
          reasons.every((line) => line.endsWith(': Input/output error')),
          rigBroken(`dc3dd saw errors other than EIO:\n${log}`),
        );

        const reader = await DiskReader.open(disk.device);
        defer(() => reader.close());
        const chunkSectors = CHUNK_BYTES / sectorSize;
        const buffer = allocateAligned(CHUNK_BYTES);
        const md5 = createHash('md5');
        const sha256 = createHash('sha256');
        const copy = await readFile(copyPath);
        const unreadable: bigint[] = [];
        const errnos: number[] = [];
        for (let lba = 0n; lba < sectorCount; lba += BigInt(chunkSectors)) {
          const count = Math.min(chunkSectors, Number(sectorCount - lba));
          const found = await reader.readInto(lba, count, buffer);
          unreadable.push(...found.unreadable);
          errnos.push(...found.unreadableErrnos);
          const bytes = buffer.subarray(0, count * sectorSize);
          md5.update(bytes);
          sha256.update(bytes);
          const at = Number(lba) * sectorSize;
          const same = copy.subarray(at, at + bytes.length).equals(bytes);
          assert.ok(same, `sectors ${lba}+${count} differ from dc3dd's copy`);
        }

        assert.deepEqual(unreadable, logged, 'unreadable sectors are the ones dc3dd logged');
        assert.equal(BigInt(unreadable.length), dc3dd.badSectors, "dc3dd's bad-sector count");
        assert.deepEqual(
          errnos,
          logged.map(() => EIO),
          'EIO, as dc3dd logged',
        );
        assert.equal(dc3dd.sectorsIn, sectorCount, "dc3dd's sector count");
        assert.deepEqual(
          { md5: md5.digest('hex'), sha256: sha256.digest('hex') },
          dc3dd.digests,
          "digests of the reader's bytes",
        );
      });
    },
  );
}
