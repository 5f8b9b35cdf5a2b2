// Filesystems that refuse O_DIRECT at open. tmpfs did before Linux 6.6 and accepts it since;
// ramfs still refuses it. dd iflag=direct says which case a mount is in.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DiskReader } from '..';
import { ddCanOpenDirect, fdFlags, fdsOpenOn, needsRoot, writeRandomFile } from './support';

const O_DIRECT = process.arch === 'arm64' ? 0o200000 : 0o40000;

function mountSmall(t: TestContext, type: 'ramfs' | 'tmpfs'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sectorscope-nb-'));
  const mountPoint = join(dir, type);
  mkdirSync(mountPoint);
  execFileSync('mount', ['-t', type, '-o', 'size=8m', type, mountPoint]);
  t.after(() => {
    execFileSync('umount', [mountPoint]);
    rmSync(dir, { recursive: true, force: true });
  });
  return mountPoint;
}

async function checkReadsMatch(path: string, content: Buffer, directIO: boolean) {
  const reader = await DiskReader.open(path);
  try {
    assert.equal(reader.info.directIO, directIO);
    assert.equal(reader.info.kind, 'file');
    assert.equal(reader.info.size, BigInt(content.length));
    const [fd] = fdsOpenOn(path);
    assert.ok(fd !== undefined, 'the reader holds a descriptor on the file');
    const flags = fdFlags(fd);
    assert.equal(flags & 0o3, 0, 'opened O_RDONLY');
    assert.equal((flags & O_DIRECT) !== 0, directIO, 'O_DIRECT matches directIO');

    const sectors = Math.ceil(content.length / 512);
    for (const [lba, count] of [
      [0, 1],
      [7, 33],
      [sectors - 1, 1],
      [0, sectors],
    ] as const) {
      const { data } = await reader.readSectors(BigInt(lba), count);
      const expected = Buffer.alloc(count * 512);
      content.copy(expected, 0, lba * 512, (lba + count) * 512);
      assert.deepEqual(Buffer.from(data), expected, `lba ${lba} count ${count}`);
    }
    const bytes = await reader.readBytes(1001n, 5000);
    assert.deepEqual(Buffer.from(bytes.data), content.subarray(1001, 6001));
  } finally {
    await reader.close();
  }
}

test('ramfs refuses O_DIRECT: the reader falls back to buffered reads and says so', async (t) => {
  if (!needsRoot(t, 'mounting a ramfs')) return;
  const mountPoint = mountSmall(t, 'ramfs');
  const path = join(mountPoint, 'disk.img');
  const content = writeRandomFile(path, 1024 * 1024 + 300);
  assert.equal(ddCanOpenDirect(path), false, 'dd iflag=direct must fail on ramfs');
  await checkReadsMatch(path, content, false);
});

test('tmpfs: directIO is whatever the kernel allows, and reads are right either way', async (t) => {
  if (!needsRoot(t, 'mounting a tmpfs')) return;
  const mountPoint = mountSmall(t, 'tmpfs');
  const path = join(mountPoint, 'disk.img');
  const content = writeRandomFile(path, 512 * 1024 + 77);
  const kernelAllowsDirect = ddCanOpenDirect(path);
  t.diagnostic(`tmpfs on this kernel ${kernelAllowsDirect ? 'accepts' : 'refuses'} O_DIRECT`);
  await checkReadsMatch(path, content, kernelAllowsDirect);
});
