// Jobs on a disk with real unreadable sectors (the faulty-disk FUSE rig under a read-only loop
// device): the bad-sector list equals ddrescue's map of the same device, the digests equal
// dc3dd's (which zero-fills), exports hold zeros there, and searches report no hit there.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  attachFaultyDisk,
  canUseFaultyDisk,
} from '../../../native-bridge/test/faulty-disk/faulty-disk';
import type { ExportResult, HashResult, SearchHit, SearchResult } from '../../shared/contract';
import { runJobOnPath } from '../run-job-on-path';
import {
  dc3ddHashes,
  ddrescueBadSectors,
  lbaStrings,
  tempDir,
  writeImage,
} from './job-test-support';

const MiB = 1024 * 1024;
const unavailable = canUseFaultyDisk();

for (const sectorSize of [512, 4096]) {
  describe(`${sectorSize}-byte sectors that cannot be read`, { skip: unavailable ?? false }, () => {
    test('hash, export and search agree with ddrescue and dc3dd', async (t) => {
      const dir = tempDir(t);
      const backing = join(dir, 'backing.img');
      const size = 8 * MiB;
      const sectors = size / sectorSize;
      const blockSectors = MiB / sectorSize;
      // Bad sectors alone, in a run, on both sides of a block boundary, and the last one.
      const bad = [5, 6, 7, blockSectors - 1, blockSectors, 3 * blockSectors + 17, sectors - 1];
      const goodHit = 100 * sectorSize + 10;
      const badHit = 6 * sectorSize + 10;
      // Straddles a good and a bad sector: the zeros are not the disk's bytes, so no hit.
      const straddlingHit = (blockSectors - 1) * sectorSize - 2;
      const marker = Buffer.from('SECTORSCOPE-MARK');
      writeImage(backing, size, [
        { offset: goodHit, bytes: marker },
        { offset: badHit, bytes: marker },
        { offset: straddlingHit, bytes: marker },
      ]);
      const disk = await attachFaultyDisk({
        backingImage: backing,
        sectorSize,
        badSectors: bad.map(BigInt),
      });
      t.after(() => disk.detach());
      const options = { blockBytes: MiB };

      const hash = (
        await runJobOnPath(
          disk.device,
          undefined,
          { kind: 'hash', algorithms: ['md5', 'sha1', 'sha256'] },
          options,
        )
      ).result as HashResult;
      const ddrescue = ddrescueBadSectors(disk.device, sectorSize, dir);
      assert.deepEqual(ddrescue.map(Number), bad, 'ddrescue sees the planted bad sectors');
      assert.deepEqual(hash.badSectors, lbaStrings(ddrescue));
      const dc3dd = dc3ddHashes(disk.device, dir);
      assert.deepEqual(hash.digests, { md5: dc3dd.md5, sha1: dc3dd.sha1, sha256: dc3dd.sha256 });
      assert.equal(dc3dd.badSectors, hash.badSectors.length);

      const out = join(dir, 'export.bin');
      const exported = (
        await runJobOnPath(
          disk.device,
          undefined,
          { kind: 'export' },
          {
            ...options,
            exportTo: { path: out },
          },
        )
      ).result as ExportResult;
      assert.equal(exported.sha256, dc3dd.sha256);
      assert.deepEqual(exported.badSectors, hash.badSectors);
      const written = readFileSync(out);
      const original = readFileSync(backing);
      for (const lba of bad) {
        const at = lba * sectorSize;
        assert.ok(
          written.subarray(at, at + sectorSize).every((b) => b === 0),
          `LBA ${lba} zeros`,
        );
        original.fill(0, at, at + sectorSize);
      }
      assert.ok(written.equals(original), 'every readable sector is exported as it is');

      const hits: SearchHit[] = [];
      const search = (
        await runJobOnPath(
          disk.device,
          undefined,
          { kind: 'search', pattern: { type: 'text', value: marker.toString() } },
          { ...options, onHits: (batch) => hits.push(...batch) },
        )
      ).result as SearchResult;
      assert.deepEqual(
        hits.map((hit) => hit.offset),
        [String(goodHit)],
      );
      assert.deepEqual(search.badSectors, hash.badSectors);
    });
  });
}
