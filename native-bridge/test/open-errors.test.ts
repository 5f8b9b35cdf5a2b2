// Paths that are not readable disks: each must fail with its own code and a message that says
// what is wrong and what to do.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { DiskReader } from '..';
import { attachLoop, fdsOpenOn, needsRoot, tempDir, writeRandomFile } from './support';

const NOBODY = 65534;
const FIXTURE = join(__dirname, 'fixtures', 'open-and-report.ts');

async function openFails(path: string, code: string, message: RegExp, options = {}) {
  await assert.rejects(DiskReader.open(path, options), (error: Error) => {
    assert.equal((error as { code?: string }).code, code, error.message);
    assert.equal(error.name, 'NativeDiskError');
    assert.match(error.message, message);
    return true;
  });
}

interface ChildReport {
  ok: boolean;
  uid: number;
  code?: string;
  message?: string;
}

/** Opens PATH from a child process running as nobody, where file permissions apply. */
function openAsNobody(path: string): ChildReport {
  const result = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, path], {
    uid: NOBODY,
    gid: NOBODY,
    cwd: join(__dirname, '..', '..'),
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' },
    timeout: 30_000,
  });
  assert.equal(result.status, 0, `child failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as ChildReport;
}

test('a missing path', async () => {
  await openFails('/nonexistent/sectorscope/disk.img', 'NOT_FOUND', /No such file or device/);
});

test('a path through a regular file', async (t) => {
  const file = join(tempDir(t), 'plain');
  writeRandomFile(file, 512);
  await openFails(join(file, 'inside'), 'NOT_FOUND', /not a folder/);
});

test('a directory', async (t) => {
  const dir = tempDir(t);
  await openFails(dir, 'IS_DIRECTORY', /is a directory.*block device.*image file/);
});

test('a character device (/dev/null)', async () => {
  await openFails('/dev/null', 'NOT_A_DISK', /\/dev\/null is a character device/);
});

test('a FIFO is refused without blocking in open()', async (t) => {
  const fifo = join(tempDir(t), 'pipe');
  execFileSync('mkfifo', [fifo]);
  await openFails(fifo, 'NOT_A_DISK', /named pipe/);
});

test('a socket', async (t) => {
  const path = join(tempDir(t), 'sock');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(() => server.close());
  await openFails(path, 'NOT_A_DISK', /socket/);
});

test('an empty file', async (t) => {
  const path = join(tempDir(t), 'empty.img');
  writeFileSync(path, '');
  await openFails(path, 'EMPTY', /empty \(0 bytes\)/);
});

test('bad arguments to open', async (t) => {
  const path = join(tempDir(t), 'disk.img');
  writeRandomFile(path, 4096);
  await openFails('', 'INVALID_ARGUMENT', /non-empty/);
  await openFails('a\0b', 'INVALID_ARGUMENT', /NUL/);
  await openFails(path, 'INVALID_ARGUMENT', /512, 1024, 2048, 4096/, { logicalSectorSize: 520 });
  await openFails(path, 'INVALID_ARGUMENT', /got 8192/, { logicalSectorSize: 8192 });
});

test('a block device node with no driver behind it (ENXIO)', async (t) => {
  if (!needsRoot(t, 'mknod')) return;
  const node = join(tempDir(t), 'nodriver');
  // Major 240 is reserved for local use; nothing registers it on this machine.
  execFileSync('mknod', [node, 'b', '240', '0']);
  await openFails(
    node,
    'NOT_A_DISK',
    /No device answers at .*: No such device or address \(ENXIO\)\. The drive/,
  );
});

test('an unattached loop device has size 0', async (t) => {
  if (!needsRoot(t, 'mknod')) return;
  // A loop minor far above what losetup --find hands out to concurrent tests.
  const sysSize = '/sys/block/loop200/size';
  if (existsSync(sysSize) && readFileSync(sysSize, 'utf8').trim() !== '0') {
    t.skip('loop200 is attached to something; cannot use it as an empty device');
    return;
  }
  const node = join(tempDir(t), 'loop200');
  execFileSync('mknod', [node, 'b', '7', '200']);
  await openFails(node, 'EMPTY', /size of 0 bytes.*loop device with no file attached/);
  assert.deepEqual(fdsOpenOn(node), [], 'the refused open closed its descriptor');
});

test('a file the user may not read (child process running as nobody)', async (t) => {
  if (!needsRoot(t, 'switching to uid 65534 and making a root-only file')) return;
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  const readable = join(dir, 'readable.img');
  writeRandomFile(readable, 4096);
  chmodSync(readable, 0o644);
  const secret = join(dir, 'secret.img');
  writeRandomFile(secret, 4096);
  chmodSync(secret, 0o600);

  // The control case shows the child can run and open what it may read.
  assert.deepEqual(openAsNobody(readable), { ok: true, uid: NOBODY });
  const report = openAsNobody(secret);
  assert.equal(report.uid, NOBODY);
  assert.equal(report.code, 'PERMISSION');
  assert.match(report.message ?? '', /Permission denied opening .*secret\.img/);
  assert.match(report.message ?? '', /no read permission on this file/);
});

/** A node for DEVICE's major:minor with the given owner group and mode, in DIR. */
function deviceNode(dir: string, device: string, name: string, group: string, mode: number) {
  const { rdev } = statSync(device);
  const major = (rdev >> 8) & 0xfff;
  const minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
  const node = join(dir, name);
  execFileSync('mknod', [node, 'b', String(major), String(minor)]);
  execFileSync('chown', [`root:${group}`, node]);
  chmodSync(node, mode);
  return node;
}

test('a disk device the user may not read: join its group, or it is root-only', async (t) => {
  if (!needsRoot(t, 'switching to uid 65534, attaching a loop device, mknod')) return;
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  const image = join(dir, 'disk.img');
  writeRandomFile(image, 64 * 1024);
  const device = attachLoop(t, image);

  // As most distributions set up disks: root:disk, mode 660.
  const groupNode = deviceNode(dir, device, 'grouped', 'disk', 0o660);
  const grouped = openAsNobody(groupNode);
  assert.equal(grouped.code, 'PERMISSION');
  assert.match(grouped.message ?? '', /needs membership of its group 'disk'/);
  assert.match(grouped.message ?? '', /sudo usermod -aG disk \$USER/);
  assert.match(grouped.message ?? '', /log out and in again/);

  // As on machines without udev (this one): root:root, mode 600. Joining a group cannot help.
  const rootNode = deviceNode(dir, device, 'rootonly', 'root', 0o600);
  const rootOnly = openAsNobody(rootNode);
  assert.equal(rootOnly.code, 'PERMISSION');
  assert.match(rootOnly.message ?? '', /only its owner 'root' may read this device \(mode 600\)/);
  assert.match(rootOnly.message ?? '', /with sudo/);
  assert.doesNotMatch(rootOnly.message ?? '', /usermod/);
});
