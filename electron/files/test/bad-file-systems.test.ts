// File systems that are damaged or unknown: a zeroed ext4 superblock, a zeroed $MFT, a directory
// that contains itself, a directory of 20,000 entries, and bytes that are no file system. Each
// says what is wrong in one sentence, and the rest keeps working: the other partition of the
// same disk answers, and the same source reads on.

import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import test from 'node:test';
import { openSource } from '../../source';
import { SourceFileSystems } from '../source-file-systems';
import { fls } from './helpers/tsk-oracles';
import { isRoot, makeExt4, makeNtfs, tempDir } from './helpers/fs-images';

function zero(path: string, offset: number, length: number): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(length), 0, length, offset);
  closeSync(fd);
}

async function systemsOf(path: string) {
  const source = await openSource({ path });
  return { source, systems: new SourceFileSystems(source, { cacheDir: null }) };
}

test('a zeroed ext4 superblock is named as TSK finds it; the source still reads', async (t) => {
  const dir = tempDir(t);
  const { image } = makeExt4(dir);
  zero(image, 1024, 1024);
  const { source, systems } = await systemsOf(image);
  try {
    await assert.rejects(systems.fileSystem(await systems.target(0)), (error: Error) => {
      assert.match(error.message, /^The whole disk: No file system could be opened at byte 0 \(/);
      assert.match(error.message, /file system type|Cannot determine/i);
      return true;
    });
    const owner = await systems.owner(100n);
    assert.equal(owner.filesystem, null);
    assert.match(owner.description, /No file system could be opened/);
    const read = await source.read(0n, 4096);
    assert.equal(read.data.length, 4096);
  } finally {
    await systems.close();
    await source.close();
  }
});

test('a zeroed $MFT: the walk stops with a reason, not a crash', async (t) => {
  const dir = tempDir(t);
  const { image } = makeNtfs(dir);
  // $MFT starts at the cluster the boot sector names (offset 0x30, 8 bytes, in clusters).
  const boot = readFileSync(image).subarray(0, 512);
  const cluster = boot.readUInt16LE(0x0b) * boot.readUInt8(0x0d);
  const mft = Number(boot.readBigUInt64LE(0x30)) * cluster;
  zero(image, mft, 64 * 1024);
  const { source, systems } = await systemsOf(image);
  try {
    const target = await systems.target(0);
    let message = '';
    try {
      const fs = await systems.fileSystem(target);
      await fs.list(() => undefined);
    } catch (error) {
      message = (error as Error).message;
    }
    assert.notEqual(message, '', 'a zeroed MFT is reported');
    assert.ok(message.length < 600, `one sentence, not a dump: ${message}`);
    const read = await source.read(0n, 512);
    assert.equal(read.data.length, 512);
  } finally {
    await systems.close();
    await source.close();
  }
});

test('a directory that contains itself is walked once, as fls walks it', async (t) => {
  const dir = tempDir(t);
  const { image } = makeExt4(dir);
  execFileSync('debugfs', ['-w', '-R', 'ln /docs /docs/old/loop', image], { stdio: 'pipe' });
  const { source, systems } = await systemsOf(image);
  try {
    const fs = await systems.fileSystem(await systems.target(0));
    const entries: string[] = [];
    const done = await fs.list((batch) => entries.push(...batch.map((e) => e.path)));
    assert.ok(entries.includes('/docs/old/loop'));
    const theirs = fls({ image }).map((e) => `/${e.path}`);
    assert.deepEqual(entries.sort(), theirs.sort());
    assert.ok(done.count < 1000);
    // The index is built too.
    const { index } = await systems.ownerIndex(await systems.target(0));
    assert.ok(index.counts.names > 20);
  } finally {
    await systems.close();
    await source.close();
  }
});

/**
 * An ext4 volume with one directory of `count` empty files. As root through a loop mount (the
 * kernel adds 20,000 entries in a second); otherwise mkfs.ext4 -d, whose cost grows with the
 * square of the entries, so fewer.
 */
function hugeDirectory(dir: string): { image: string; count: number } {
  const image = join(dir, 'huge.img');
  execFileSync('truncate', ['-s', '64M', image]);
  if (isRoot) {
    const count = 20_000;
    execFileSync('mkfs.ext4', ['-q', '-F', '-N', '25000', image]);
    const mount = join(dir, 'mount');
    mkdirSync(mount);
    execFileSync('mount', ['-o', 'loop', image, mount]);
    try {
      mkdirSync(join(mount, 'huge'));
      for (let i = 0; i < count; i++) writeFileSync(join(mount, 'huge', `entry-${i}`), '');
    } finally {
      execFileSync('umount', [mount]);
    }
    return { image, count };
  }
  const count = 4000;
  const tree = join(dir, 'tree', 'huge');
  mkdirSync(tree, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(tree, `entry-${i}`), '');
  execFileSync('mkfs.ext4', ['-q', '-F', '-N', '25000', '-d', join(dir, 'tree'), image]);
  return { image, count };
}

test('a directory of 20,000 entries is listed whole, in batches', async (t) => {
  const dir = tempDir(t);
  const { image, count } = hugeDirectory(dir);
  if (count < 20_000) t.diagnostic(`not root: ${count} entries (mkfs.ext4 -d), not 20,000`);
  const { source, systems } = await systemsOf(image);
  try {
    const fs = await systems.fileSystem(await systems.target(0));
    let listed = 0;
    let batches = 0;
    await fs.list((batch) => {
      listed += batch.filter((e) => e.name.startsWith('entry-')).length;
      batches++;
    });
    assert.equal(listed, count);
    assert.equal(listed, fls({ image }).filter((e) => e.path.startsWith('huge/entry-')).length);
    assert.ok(batches > 5, 'entries arrive in batches while the walk goes on');
  } finally {
    await systems.close();
    await source.close();
  }
});

test('bytes that are no file system: a clear message, and the other partition answers', async (t) => {
  const dir = tempDir(t);
  const { image } = makeExt4(dir);
  const disk = join(dir, 'disk.raw');
  const ext4 = readFileSync(image);
  const mib = 1024 * 1024;
  execFileSync('truncate', ['-s', String(ext4.length + 4 * mib + 8 * mib), disk]);
  execFileSync(
    'sgdisk',
    [
      `--new=1:2048:+${ext4.length / 512}`,
      `--new=2:${2048 + ext4.length / 512 + 2048}:+${(8 * mib) / 512}`,
      disk,
    ],
    { stdio: 'ignore' },
  );
  const fd = openSync(disk, 'r+');
  writeSync(fd, ext4, 0, ext4.length, mib);
  const noise = Buffer.alloc(8 * mib, 0x5a);
  writeSync(fd, noise, 0, noise.length, mib + ext4.length + mib);
  closeSync(fd);
  const { source, systems } = await systemsOf(disk);
  try {
    await assert.rejects(systems.fileSystem(await systems.target(2)), (error: Error) => {
      assert.match(error.message, /^Partition 2 \(.*\): No file system could be opened/);
      return true;
    });
    const fs1 = await systems.fileSystem(await systems.target(1));
    let count = 0;
    await fs1.list((batch) => (count += batch.length));
    assert.ok(count > 20, 'partition 1 lists its files');
    await assert.rejects(systems.target(7), /There is no partition 7; this disk has 1, 2/);
  } finally {
    await systems.close();
    await source.close();
  }
});
