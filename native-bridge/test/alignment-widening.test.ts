// An image viewed in 512-byte sectors that lives on a filesystem whose device has 4096-byte
// logical sectors: direct reads there must be 4096-aligned, which the kernel enforces with EINVAL.
// The reader must notice and widen its reads; the caller never sees EINVAL.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DiskReader } from '..';
import {
  ddDirect,
  detachLoop,
  needsRoot,
  randomInt,
  randomRanges,
  seededRandom,
  writeRandomFile,
} from './support';

/** An ext4 filesystem on a 4096-byte-sector loop device, mounted; all undone at the end. */
function mountExt4On4kDevice(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'sectorscope-nb-'));
  const backing = join(dir, 'fs.img');
  const mountPoint = join(dir, 'mnt');
  mkdirSync(mountPoint);
  execFileSync('truncate', ['-s', '64M', backing]);
  const device = execFileSync('losetup', ['--find', '--show', '--sector-size', '4096', backing], {
    encoding: 'utf8',
  }).trim();
  let mounted = false;
  t.after(() => {
    if (mounted) execFileSync('umount', [mountPoint]);
    detachLoop(device);
    rmSync(dir, { recursive: true, force: true });
  });
  execFileSync('mkfs.ext4', ['-q', '-F', device]);
  execFileSync('mount', ['-t', 'ext4', device, mountPoint]);
  mounted = true;
  return mountPoint;
}

test('a 512-sector image on a 4096-sector filesystem reads right with O_DIRECT', async (t) => {
  if (!needsRoot(t, 'making and mounting a filesystem on a loop device')) return;
  const mountPoint = mountExt4On4kDevice(t);
  const path = join(mountPoint, 'disk.img');
  const size = 1024 * 1024 + 3 * 512;
  writeRandomFile(path, size);
  execFileSync('sync', [path]);
  const content = readFileSync(path);

  // The oracle for the problem itself: a 512-byte direct read at offset 512 is refused.
  assert.throws(() => ddDirect(path, 512, 1n, 1), /Invalid argument/);

  // Closed before the after-hook unmounts the filesystem.
  const reader = await DiskReader.open(path);
  try {
    assert.equal(reader.info.directIO, true);
    assert.equal(reader.info.logicalSectorSize, 512);
    const sectors = size / 512;
    assert.equal(reader.info.sectorCount, BigInt(sectors));

    const random = seededRandom(t);
    for (const { lba, count } of randomRanges(random, sectors, 30, 64)) {
      const { data, unreadable } = await reader.readSectors(lba, count);
      const start = Number(lba) * 512;
      assert.deepEqual(Buffer.from(data), content.subarray(start, start + count * 512));
      assert.deepEqual(unreadable, []);
    }
    for (let i = 0; i < 20; i++) {
      const offset = randomInt(random, size);
      const length = 1 + randomInt(random, Math.min(10_000, size - offset));
      const { data } = await reader.readBytes(BigInt(offset), length);
      assert.deepEqual(Buffer.from(data), content.subarray(offset, offset + length));
    }
  } finally {
    await reader.close();
  }
});
