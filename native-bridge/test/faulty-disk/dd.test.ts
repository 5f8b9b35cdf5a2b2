// DiskReader against GNU dd (O_DIRECT) on the same faulty loop device: a sector is unreadable to
// the reader exactly when dd's read of it fails with EIO, every other byte is the byte dd read,
// and the geometry is what blockdev reports.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DiskReader } from '../../index';
import { EIO } from '../../constants';
import { ddRead, ddScan, type DdRead } from './dd-oracle';
import { attachFaultyDisk, canUseFaultyDisk } from './faulty-disk';
import { rigBroken } from './rig-checks';
import { runToolOrThrow } from './run-tool';
import { cleanupStack, makeWorkDir, writeRandomImage } from './test-images';

const IMAGE_SIZE = 1 << 20;
const skip = canUseFaultyDisk() ?? false;

async function faultyReader(t: Parameters<typeof cleanupStack>[0], sectorSize: number) {
  const defer = cleanupStack(t);
  const work = await makeWorkDir();
  defer(work.remove);
  const backingImage = join(work.dir, 'backing.img');
  await writeRandomImage(backingImage, IMAGE_SIZE);
  const sectorCount = BigInt(IMAGE_SIZE / sectorSize);
  // The first and last sectors, an adjacent pair and a lone one in the middle.
  const planted = [0n, 9n, 10n, 37n, sectorCount - 1n];
  const disk = await attachFaultyDisk({ backingImage, sectorSize, badSectors: planted });
  defer(disk.detach);
  const reader = await DiskReader.open(disk.device);
  defer(() => reader.close());
  return { workDir: work.dir, disk, reader, planted, sectorCount };
}

function zeros(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0);
}

for (const sectorSize of [512, 4096]) {
  describe(
    `DiskReader and dd on a faulty loop device with ${sectorSize}-byte sectors`,
    { skip },
    () => {
      test('sector by sector and span by span, unreadable exactly where dd fails', async (t) => {
        const { workDir, disk, reader, planted, sectorCount } = await faultyReader(t, sectorSize);

        const geometry = await runToolOrThrow('blockdev', ['--getss', '--getsize64', disk.device]);
        const [ss, size] = geometry.stdout.trim().split('\n');
        assert.equal(reader.info.kind, 'block');
        assert.equal(reader.info.logicalSectorSize, Number(ss), 'sector size as blockdev --getss');
        assert.equal(reader.info.size, BigInt(size ?? ''), 'size as blockdev --getsize64');
        assert.equal(reader.info.sectorCount, BigInt(size ?? '') / BigInt(ss ?? ''));

        // Every sector of these spans is read alone by dd; the spans hold all the planted sectors.
        const spans: [bigint, number][] = [
          [0n, 16], // bad 0, 9 and 10
          [30n, 8], // bad 37 at its end
          [11n, 26], // between bad 10 and 37: nothing bad, and ends right before 37
          [sectorCount - 8n, 8], // the last sector
        ];
        const oracle = new Map<bigint, DdRead>();
        for (const [lba, count] of spans) {
          for (let at = lba; at < lba + BigInt(count); at++) {
            if (!oracle.has(at))
              oracle.set(at, await ddRead(disk.device, sectorSize, at, 1, workDir));
          }
        }
        const ddBad = [...oracle].filter(([, read]) => !read.ok).map(([lba]) => lba);
        for (const lba of ddBad) {
          assert.ok(oracle.get(lba)?.eio, rigBroken(`dd failed on ${lba} with other than EIO`));
        }
        assert.deepEqual(
          ddBad.sort((a, b) => (a < b ? -1 : 1)),
          planted,
          rigBroken('dd does not fail exactly on the planted sectors'),
        );
        // A read that touches one bad sector fails as a whole, one that ends right before it does
        // not: the loop driver and FUSE neither widen nor merge requests across the boundary.
        const [touching, before] = [
          await ddRead(disk.device, sectorSize, 30n, 8, workDir),
          await ddRead(disk.device, sectorSize, 11n, 26, workDir),
        ];
        assert.ok(touching.eio, rigBroken(`a dd read of 30+8 did not fail: ${touching.stderr}`));
        assert.ok(before.ok, rigBroken(`a dd read of 11+26 failed: ${before.stderr}`));

        for (const [lba] of oracle) {
          const result = await reader.readSectors(lba, 1);
          const dd = oracle.get(lba);
          if (dd?.ok) {
            assert.deepEqual(result.unreadable, [], `sector ${lba}: dd read it`);
            assert.ok(
              Buffer.from(result.data).equals(dd.data ?? new Uint8Array(0)),
              `sector ${lba}: dd's bytes`,
            );
          } else {
            assert.deepEqual(result.unreadable, [lba], `sector ${lba}: dd failed with EIO`);
            assert.deepEqual(result.unreadableErrnos, [EIO], `sector ${lba}: errno as dd's`);
            assert.ok(zeros(result.data), `sector ${lba}: zero-filled`);
          }
        }
        for (const [lba, count] of spans) {
          const label = `sectors ${lba}+${count}`;
          const result = await reader.readSectors(lba, count);
          const expectedBad = ddBad.filter((bad) => bad >= lba && bad < lba + BigInt(count));
          assert.deepEqual(result.unreadable, expectedBad, `${label}: dd's failing sectors`);
          assert.deepEqual(
            result.unreadableErrnos,
            expectedBad.map(() => EIO),
            label,
          );
          for (let i = 0; i < count; i++) {
            const dd = oracle.get(lba + BigInt(i));
            const got = result.data.subarray(i * sectorSize, (i + 1) * sectorSize);
            const ok = dd?.ok ? Buffer.from(got).equals(dd.data ?? new Uint8Array(0)) : zeros(got);
            assert.ok(ok, `${label}: sector ${lba + BigInt(i)} differs from dd's`);
          }
        }
      });

      test("the whole device: the reader's list and bytes are dd conv=noerror,sync's", async (t) => {
        const { workDir, disk, reader, planted, sectorCount } = await faultyReader(t, sectorSize);

        const scan = await ddScan(disk.device, sectorSize, workDir);
        const ddBad = scan.errors.map((error) => error.lba);
        assert.deepEqual(ddBad, planted, rigBroken(`dd's scan failed elsewhere:\n${scan.stderr}`));
        assert.ok(
          scan.errors.every((error) => error.reason === 'Input/output error'),
          rigBroken(`dd's errors are not all EIO:\n${scan.stderr}`),
        );

        const result = await reader.readSectors(0n, Number(sectorCount));
        assert.deepEqual(result.unreadable, ddBad);
        assert.deepEqual(
          result.unreadableErrnos,
          ddBad.map(() => EIO),
        );
        assert.equal(result.data.length, scan.data.length);
        assert.ok(Buffer.from(result.data).equals(scan.data), "bytes differ from dd's output");
      });
    },
  );
}
