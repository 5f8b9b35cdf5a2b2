// The koffi bindings themselves: errno capture, fstat decoding (fstat and the old __fxstat entry
// point) against Node's own fstat of the same descriptor, and the ioctls against blockdev.

import assert from 'node:assert/strict';
import { fstatSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allocateAligned } from '../aligned-buffer';
import { BLKGETSIZE64, BLKPBSZGET, BLKSSZGET, EINVAL, ENOENT } from '../constants';
import { createLibcWithFxstat, getLibc, type Libc } from '../libc';
import { attachLoop, blockdevGeometry, needsRoot, tempDir, writeRandomFile } from './support';

async function openOrFail(libc: Libc, path: string, flags: number): Promise<number> {
  const opened = await libc.open(path, flags);
  assert.ok(opened.result >= 0, `open ${path}: errno ${opened.errno}`);
  return opened.result;
}

async function assertStatMatchesNode(libc: Libc, fd: number): Promise<void> {
  const ours = await libc.fstat(fd);
  assert.equal(ours.result, 0);
  const node = fstatSync(fd, { bigint: true });
  assert.deepEqual(ours.stat, {
    mode: Number(node.mode),
    size: node.size,
    rdev: node.rdev,
    blksize: Number(node.blksize),
  });
}

test('errno is captured inside the async callback', async () => {
  const libc = getLibc();
  const missing = await libc.open('/nonexistent/sectorscope', libc.O_RDONLY);
  assert.deepEqual(missing, { result: -1, errno: ENOENT });
});

test('an O_DIRECT pread at a misaligned address fails with EINVAL, aligned succeeds', async (t) => {
  const libc = getLibc();
  const path = join(tempDir(t), 'disk.img');
  const content = writeRandomFile(path, 8192);
  const fd = await openOrFail(libc, path, libc.O_RDONLY | libc.O_DIRECT | libc.O_CLOEXEC);
  t.after(() => libc.close(fd));
  const buffer = allocateAligned(8192 + 4096);
  assert.deepEqual(await libc.pread(fd, buffer.subarray(1), 4096, 0n), {
    result: -1,
    errno: EINVAL,
  });
  assert.deepEqual(await libc.pread(fd, buffer, 4096, 4096n), { result: 4096, errno: 0 });
  assert.deepEqual(Buffer.from(buffer.subarray(0, 4096)), content.subarray(4096));
  // A sub-array at an aligned offset is read at its own address, not its buffer's start.
  const later = buffer.subarray(4096);
  assert.deepEqual(await libc.pread(fd, later, 4096, 0n), { result: 4096, errno: 0 });
  assert.deepEqual(Buffer.from(buffer.subarray(4096, 8192)), content.subarray(0, 4096));
  assert.deepEqual(Buffer.from(buffer.subarray(0, 4096)), content.subarray(4096));
});

test('fstat decoding matches Node for a file, a directory and /dev/null', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'disk.img');
  writeRandomFile(path, 12_345);
  for (const libc of [getLibc(), createLibcWithFxstat()]) {
    for (const target of [path, dir, '/dev/null']) {
      const fd = await openOrFail(libc, target, libc.O_RDONLY | libc.O_CLOEXEC);
      try {
        await assertStatMatchesNode(libc, fd);
      } finally {
        await libc.close(fd);
      }
    }
  }
});

test('fstat decoding and block ioctls on loop devices match Node and blockdev', async (t) => {
  if (!needsRoot(t, 'attaching loop devices')) return;
  const image = join(tempDir(t), 'disk.img');
  writeRandomFile(image, 3 * 1024 * 1024);
  for (const sectorSize of [512, 4096]) {
    const device = attachLoop(t, image, sectorSize);
    const libc = getLibc();
    const fd = await openOrFail(libc, device, libc.O_RDONLY | libc.O_DIRECT | libc.O_CLOEXEC);
    try {
      await assertStatMatchesNode(libc, fd);
      await assertStatMatchesNode(createLibcWithFxstat(), fd);
      const kernel = blockdevGeometry(device);
      assert.equal((await libc.ioctlUint64(fd, BLKGETSIZE64)).value, kernel.size);
      assert.equal((await libc.ioctlInt(fd, BLKSSZGET)).value, kernel.logical);
      assert.equal((await libc.ioctlInt(fd, BLKPBSZGET)).value, kernel.physical);
    } finally {
      await libc.close(fd);
    }
  }
});

test('a block ioctl on a regular file fails with ENOTTY, not garbage', async (t) => {
  const libc = getLibc();
  const path = join(tempDir(t), 'disk.img');
  writeRandomFile(path, 4096);
  const fd = await openOrFail(libc, path, libc.O_RDONLY);
  t.after(() => libc.close(fd));
  const size = await libc.ioctlUint64(fd, BLKGETSIZE64);
  assert.equal(size.result, -1);
  assert.equal(size.errno, 25);
  assert.match(libc.strerror(size.errno), /ioctl/i);
});
