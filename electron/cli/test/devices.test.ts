// The device list: `sectorscope devices --json` shows a loop device with the geometry blockdev
// gives and the partitions on it, mounted or not; as a user without access it says how to get
// it; and the service offers devices to a page only when allowed, opening one by name, never by
// a path the page names.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DiskService } from '../../service/disk-service';
import type { DeviceInfo, SourceInfo, WireReply } from '../../shared/contract';
import { tempFolder } from '../../source/test/helpers/evidence-images';

const root = join(__dirname, '..', '..', '..');
const CLI = join(root, 'dist', 'cli.cjs');
const isRoot = process.getuid?.() === 0;

function devicesJson(options: { uid?: number; gid?: number } = {}): DeviceInfo[] {
  const result = spawnSync(process.execPath, [CLI, 'devices', '--json'], {
    encoding: 'utf8',
    ...options,
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as DeviceInfo[];
}

describe(
  'block devices as lsblk shows them',
  { skip: isRoot ? false : 'needs root: losetup' },
  () => {
    const folder = tempFolder('sectorscope-devices-');
    let device = '';
    let mountpoint = '';

    before(() => {
      chmodSync(folder.path, 0o755);
      const image = join(folder.path, 'disk.img');
      writeFileSync(image, Buffer.alloc(32 * 1024 * 1024));
      execFileSync('sgdisk', ['--new=1:2048:+16M', '--typecode=1:8300', image], {
        stdio: 'ignore',
      });
      execFileSync('mkfs.ext4', ['-q', '-F', '-E', `offset=${2048 * 512}`, image, '16M']);
      device = execFileSync('losetup', ['--find', '--show', image], {
        encoding: 'utf8',
      }).trim();
      // Where the kernel does not scan the table itself, partx adds the partition it describes.
      spawnSync('partx', ['-a', device], { stdio: 'ignore' });
      for (let wait = 0; wait < 100 && !existsSync(`${device}p1`); wait++) {
        spawnSync('sleep', ['0.02']);
      }
      mountpoint = join(folder.path, 'mnt');
      mkdirSync(mountpoint);
    });
    after(() => {
      spawnSync('umount', [mountpoint]);
      if (device) spawnSync('losetup', ['-d', device]);
      folder.remove();
    });

    test('a loop device with its geometry, its partition, and where it is mounted', () => {
      const name = device.replace('/dev/', '');
      const blockdev = (flag: string) =>
        execFileSync('blockdev', [flag, device], { encoding: 'utf8' }).trim();
      const listed = devicesJson().find((candidate) => candidate.name === name);
      assert.ok(listed, `${device} is listed`);
      assert.equal(listed.path, device);
      assert.equal(listed.type, 'loop');
      assert.equal(listed.size, blockdev('--getsize64'));
      assert.equal(String(listed.logicalSectorSize), blockdev('--getss'));
      assert.equal(String(listed.physicalSectorSize), blockdev('--getpbsz'));
      assert.equal(listed.readable, true);
      assert.deepEqual(listed.mountpoints, []);
      const partition = listed.partitions[0];
      assert.equal(partition?.path, `${device}p1`);

      execFileSync('mount', ['-o', 'ro', `${device}p1`, mountpoint]);
      const mounted = devicesJson().find((candidate) => candidate.name === name);
      assert.deepEqual(mounted?.partitions[0]?.mountpoints, [mountpoint]);
      assert.deepEqual(mounted?.mountpoints, [mountpoint]);
      const text = spawnSync(process.execPath, [CLI, 'devices'], { encoding: 'utf8' }).stdout;
      assert.match(text, new RegExp(`${device}p1 .* mounted on ${mountpoint}`));
      assert.match(text, /WARNING: mounted: its contents change while you look/);
      execFileSync('umount', [mountpoint]);
    });

    test('a user who may not read it is told how to get access', () => {
      const name = device.replace('/dev/', '');
      const listed = devicesJson({ uid: 65534, gid: 65534 }).find(
        (candidate) => candidate.name === name,
      );
      assert.equal(listed?.readable, false);
      assert.match(
        listed?.permissionHint ?? '',
        /add yourself to the `disk` group .* or run Sectorscope with sudo/,
      );
    });

    test('the service lists devices only when allowed, and opens one by name only', async () => {
      const name = device.replace('/dev/', '');
      const closed = new DiskService({});
      const refused = await closed.handle('listDevices', {});
      assert.equal(refused.ok, false);
      assert.match(refused.ok ? '' : refused.error.message, /sectorscope serve --devices/);
      assert.equal((await closed.handle('addDevice', { name })).ok, false);

      const open = new DiskService({ devices: true });
      const list = (await open.handle('listDevices', {})) as WireReply<DeviceInfo[]>;
      assert.ok(list.ok && list.value.some((candidate) => candidate.path === device));
      const added = (await open.handle('addDevice', {
        name: `${name}p1`,
      })) as WireReply<SourceInfo>;
      assert.ok(added.ok);
      assert.equal(added.value.path, `${device}p1`);
      const byPath = await open.handle('addDevice', { name: '/etc/shadow' });
      assert.equal(byPath.ok ? '' : byPath.error.code, 'NO_SOURCE', 'a path is no device name');
      await Promise.all([closed.dispose(), open.dispose()]);
    });
  },
);
