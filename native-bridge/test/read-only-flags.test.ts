// The kernel's own record of how the reader opened its descriptor: /proc/self/fdinfo/FD.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DiskReader } from '..';
import { attachLoop, fdFlags, fdsOpenOn, needsRoot, tempDir, writeRandomFile } from './support';

const ARM = process.arch === 'arm64';
const O_ACCMODE = 0o3;
const O_DIRECT = ARM ? 0o200000 : 0o40000;
const O_CLOEXEC = 0o2000000;
// The kernel adds O_LARGEFILE itself on 64-bit systems.
const O_LARGEFILE = ARM ? 0o400000 : 0o100000;

async function flagsOfReaderOn(path: string): Promise<{ flags: number; directIO: boolean }> {
  const reader = await DiskReader.open(path);
  try {
    const fds = fdsOpenOn(path);
    assert.equal(fds.length, 1, `one descriptor on ${path}`);
    return { flags: fdFlags(fds[0] ?? -1), directIO: reader.info.directIO };
  } finally {
    await reader.close();
  }
}

function assertReadOnlyDirect(flags: number): void {
  assert.equal(flags & O_ACCMODE, 0, `access mode is O_RDONLY (flags ${flags.toString(8)})`);
  assert.notEqual(flags & O_DIRECT, 0, 'O_DIRECT is set');
  assert.notEqual(flags & O_CLOEXEC, 0, 'O_CLOEXEC is set');
  assert.equal(
    flags & ~(O_DIRECT | O_CLOEXEC | O_LARGEFILE),
    0,
    `no flag beyond O_RDONLY | O_DIRECT | O_CLOEXEC (flags ${flags.toString(8)})`,
  );
}

test('an image file is open O_RDONLY | O_DIRECT | O_CLOEXEC and nothing else', async (t) => {
  const path = join(tempDir(t), 'disk.img');
  writeRandomFile(path, 8192);
  const { flags, directIO } = await flagsOfReaderOn(path);
  assert.equal(directIO, true);
  assertReadOnlyDirect(flags);
});

test('a block device is open O_RDONLY | O_DIRECT | O_CLOEXEC and nothing else', async (t) => {
  if (!needsRoot(t, 'attaching a loop device')) return;
  const image = join(tempDir(t), 'disk.img');
  writeRandomFile(image, 64 * 1024);
  const device = attachLoop(t, image);
  const { flags, directIO } = await flagsOfReaderOn(device);
  assert.equal(directIO, true);
  assertReadOnlyDirect(flags);
});
