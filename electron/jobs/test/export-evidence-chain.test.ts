// No export writes into the evidence by any name. A folder whose filesystem lives on the image
// being examined (through a loop device, a twin loop device, `mount -o loop,offset=`, a
// partition of a loop device, a loop device over a file inside it, a loop device whose file
// lost its name, device-mapper) or on the disk being examined is refused, and the image's
// SHA-256 is the same after as before. A new file next to the image on its ordinary filesystem
// is fine. Real loop devices and mounts: these tests need root.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import type { ExportResult } from '../../shared/contract';
import { openExportDestination } from '../export-destination';
import { closeQuietly } from '../export-placement';
import { runJobOnPath } from '../run-job-on-path';
import { majorMinor } from '../storage-chain';
import {
  BUNDLED_CLI,
  bundledCliMissing,
  deviceMapperMissing,
  MiB,
  partialsIn,
  Rig,
  ROOT,
  syncedSha256,
} from './export-rigs';
import { ddBytes, isRoot } from './job-test-support';

function exportTo(source: string, out: string, overwrite = false, count = 8n) {
  return runJobOnPath(
    source,
    { lba: 0n, count },
    { kind: 'export' },
    { exportTo: { path: out, overwrite } },
  );
}

/**
 * Only the destination's checks, without opening the source for reading (a real disk may not
 * be readable here even by root): what an export of `source` to `out` would be told.
 */
async function openOnly(source: string, out: string) {
  const opened = await openExportDestination({ path: out, overwrite: false }, source);
  closeQuietly(opened.fd);
  opened.discard();
}

/** The export is refused with a message matching `message`; returns the message. */
async function refused(promise: Promise<unknown>, message: RegExp): Promise<string> {
  let text = '';
  await assert.rejects(promise, (error: Error & { code?: string }) => {
    assert.equal(error.code, 'INVALID_ARGUMENT', error.message);
    assert.match(error.message, message);
    text = error.message;
    return true;
  });
  return text;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const INTO_EVIDENCE = 'writing there would change the evidence\\. Export to another disk\\.';

/** Nothing of an export was left in `dir`: no file, no checksum, no temporary. */
function nothingWritten(dir: string, name: string) {
  assert.ok(!existsSync(join(dir, name)), `${name} was not created`);
  assert.ok(!existsSync(join(dir, `${name}.sha256`)), `${name}.sha256 was not created`);
  assert.deepEqual(partialsIn(dir), [], 'no temporary is left');
}

/** An image with an MBR and one ext4 partition of 16 MiB at 1 MiB (sfdisk, mkfs -E offset=). */
function partitionedImage(rig: Rig, image: string) {
  execFileSync('truncate', ['-s', `${24 * MiB}`, image]);
  execFileSync('sfdisk', ['-q', image], { input: 'label: dos\nstart=2048, size=32768, type=83\n' });
  rig.mkfs(image, 16, MiB);
}

describe(
  'exports never write into the evidence by any name',
  {
    skip: isRoot ? false : 'needs root: losetup, mount',
  },
  () => {
    test('an ext4 image mounted through a loop device: exporting the image into the mount is refused', async (t) => {
      const rig = new Rig(t);
      const dir = rig.tempDir();
      const image = join(dir, 'evidence.img');
      rig.mkfs(image, 16);
      const device = rig.attach(image);
      const mount = rig.mount(device, join(dir, 'mnt'));
      execFileSync('sh', ['-c', 'echo keep > "$1"', 'sh', join(mount, 'existing.bin')]);
      const before = syncedSha256(image);
      t.diagnostic(`${basename(image)} before: ${before}`);

      const expected = new RegExp(
        `its folder is on ${escape(device)}, a loop device over ${escape(image)}, the image ` +
          `being examined; ${INTO_EVIDENCE}`,
      );
      for (const overwrite of [false, true]) {
        const message = await refused(exportTo(image, join(mount, 'x.img'), overwrite), expected);
        if (!overwrite) t.diagnostic(message);
      }
      // An existing file in the mount, even with consent to replace it.
      await refused(exportTo(image, join(mount, 'existing.bin'), true), expected);
      assert.equal(readFileSync(join(mount, 'existing.bin'), 'utf8'), 'keep\n');
      nothingWritten(mount, 'x.img');
      assert.equal(syncedSha256(image), before, 'the image is unchanged after the refusals');

      // The same as a user types it, through the bundled command line.
      const missing = bundledCliMissing();
      if (missing) t.diagnostic(`command line not run: ${missing}`);
      else {
        const out = join(mount, 'x.img');
        const args = [BUNDLED_CLI, 'export', image, '--lba', '0', '--count', '8', '--out', out];
        const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
        assert.equal(run.status, 1, run.stderr);
        assert.match(run.stderr, expected);
        nothingWritten(mount, 'x.img');
      }

      // A new file next to the image, on the filesystem holding it, changes none of its bytes.
      const next = join(dir, 'next-to-it.img');
      const result = (await exportTo(image, next, false, 64n)).result as ExportResult;
      assert.deepEqual(readFileSync(next), ddBytes(image, 512, 0n, 64n));
      assert.equal(
        spawnSync('sha256sum', ['-c', `${basename(next)}.sha256`], { cwd: dir }).status,
        0,
      );
      assert.equal(result.destination, next);
      const after = syncedSha256(image);
      t.diagnostic(`${basename(image)} after: ${after}`);
      assert.equal(after, before, 'the image is unchanged');
    });

    test('a twin loop device over the same image: exporting it into the mount of the first is refused', async (t) => {
      const rig = new Rig(t);
      const dir = rig.tempDir();
      const image = join(dir, 'evidence.img');
      rig.mkfs(image, 16);
      const mounted = rig.attach(image);
      const mount = rig.mount(mounted, join(dir, 'mnt'));
      const twin = rig.attach(image, ['--read-only']);
      const before = syncedSha256(image);

      const message = await refused(
        exportTo(twin, join(mount, 'x.img')),
        new RegExp(
          `its folder is on ${escape(mounted)}, a loop device over ${escape(image)}, the image ` +
            `behind ${escape(twin)} \\(the loop device being examined\\); ${INTO_EVIDENCE}`,
        ),
      );
      t.diagnostic(message);
      // The mounted device itself, as the evidence.
      t.diagnostic(
        await refused(
          exportTo(mounted, join(mount, 'x.img')),
          new RegExp(`its folder is on ${escape(mounted)}, the loop device being examined;`),
        ),
      );
      nothingWritten(mount, 'x.img');
      // The twin, exported next to the image: allowed, and equal to dd of the twin.
      await exportTo(twin, join(dir, 'from-twin.img'), false, 64n);
      assert.deepEqual(readFileSync(join(dir, 'from-twin.img')), ddBytes(twin, 512, 0n, 64n));
      const after = syncedSha256(image);
      t.diagnostic(`${basename(image)}: ${before} before, ${after} after`);
      assert.equal(after, before);
    });

    test('a partitioned image whose partition is mounted with mount -o loop,offset=: refused', async (t) => {
      const rig = new Rig(t);
      const dir = rig.tempDir();
      const image = join(dir, 'disk.img');
      partitionedImage(rig, image);
      const mount = rig.mount(image, join(dir, 'mnt'), `loop,offset=${MiB},sizelimit=${16 * MiB}`);
      const before = syncedSha256(image);
      t.diagnostic(
        await refused(
          exportTo(image, join(mount, 'x.img')),
          new RegExp(
            `its folder is on /dev/loop\\d+, a loop device over ${escape(image)}, the image ` +
              `being examined; ${INTO_EVIDENCE}`,
          ),
        ),
      );
      nothingWritten(mount, 'x.img');
      const after = syncedSha256(image);
      t.diagnostic(`${basename(image)}: ${before} before, ${after} after`);
      assert.equal(after, before);
    });

    test('a partition of a loop device (losetup --partscan), mounted: refused', async (t) => {
      const rig = new Rig(t);
      const dir = rig.tempDir();
      const image = join(dir, 'disk.img');
      partitionedImage(rig, image);
      const device = rig.attach(image, ['--partscan']);
      const partition = `${device}p1`;
      const appeared = async () => {
        for (let waited = 0; !existsSync(partition) && waited < 1000; waited += 50) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return existsSync(partition);
      };
      // A kernel without the MBR parser (CONFIG_MSDOS_PARTITION) finds none: partx reads the
      // table itself and adds the partition (BLKPG), as a real disk's would be.
      if (!(await appeared())) {
        const partx = spawnSync('partx', ['-a', device], { encoding: 'utf8' });
        if (!(await appeared())) {
          t.skip(
            `${partition} did not appear: the kernel found no partition on ${device} and ` +
              `partx -a failed (${partx.error?.message ?? partx.stderr.trim()})`,
          );
          return;
        }
        t.diagnostic(`${partition} added by partx -a (this kernel does not read MBRs itself)`);
      }
      const mount = rig.mount(partition, join(dir, 'mnt'));
      const before = syncedSha256(image);
      const out = join(mount, 'x.img');
      const chain = `its folder is on ${escape(partition)}, a partition of ${escape(device)}`;
      t.diagnostic(
        await refused(
          exportTo(image, out),
          new RegExp(`${chain}, a loop device over ${escape(image)}, the image being examined;`),
        ),
      );
      t.diagnostic(
        await refused(
          exportTo(device, out),
          new RegExp(`${chain}, the loop device being examined;`),
        ),
      );
      t.diagnostic(
        await refused(
          exportTo(partition, out),
          new RegExp(`its folder is on ${escape(partition)}, the partition being examined;`),
        ),
      );
      nothingWritten(mount, 'x.img');
      assert.equal(syncedSha256(image), before);
    });

    test('a loop device over a file inside the image: the chain is followed down to the image', async (t) => {
      const rig = new Rig(t);
      const dir = rig.tempDir();
      const outer = join(dir, 'outer.img');
      rig.mkfs(outer, 32);
      const outerDevice = rig.attach(outer);
      const outerMount = rig.mount(outerDevice, join(dir, 'outer'));
      const inner = join(outerMount, 'inner.img');
      rig.mkfs(inner, 8);
      const innerDevice = rig.attach(inner);
      const innerMount = rig.mount(innerDevice, join(dir, 'inner'));
      const before = syncedSha256(outer);
      t.diagnostic(
        await refused(
          exportTo(outer, join(innerMount, 'x.img')),
          new RegExp(
            `its folder is on ${escape(innerDevice)}, a loop device over ${escape(inner)}, ` +
              `which is on ${escape(outerDevice)}, a loop device over ${escape(outer)}, the ` +
              `image being examined; ${INTO_EVIDENCE}`,
          ),
        ),
      );
      nothingWritten(innerMount, 'x.img');
      assert.equal(syncedSha256(outer), before);
    });

    test('an overlay whose upper folder is on the image: followed through its upper folder', async (t) => {
      if (!readFileSync('/proc/filesystems', 'utf8').includes('\toverlay\n')) {
        t.skip('no overlay filesystem on this kernel');
        return;
      }
      const rig = new Rig(t);
      const dir = rig.tempDir();
      const image = join(dir, 'evidence.img');
      rig.mkfs(image, 16);
      const device = rig.attach(image);
      const mount = rig.mount(device, join(dir, 'mnt'));
      for (const name of ['lower', 'upper', 'work']) mkdirSync(join(mount, name));
      const overlay = join(dir, 'overlay');
      mkdirSync(overlay);
      const options = `lowerdir=${mount}/lower,upperdir=${mount}/upper,workdir=${mount}/work`;
      execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', options, overlay]);
      rig.later(() => {
        spawnSync('umount', [overlay]);
      });
      const before = syncedSha256(image);
      t.diagnostic(
        await refused(
          exportTo(image, join(overlay, 'x.img')),
          new RegExp(
            `its folder is on an overlay filesystem writing into ${escape(mount)}/upper, which ` +
              `is on ${escape(device)}, a loop device over ${escape(image)}, the image being ` +
              'examined;',
          ),
        ),
      );
      // Before listing the overlay: overlayfs marks a merged folder the first time it is read.
      assert.equal(syncedSha256(image), before);
      nothingWritten(overlay, 'x.img');
    });

    test('a loop device whose file lost its name: compared by inode, still refused', async (t) => {
      const rig = new Rig(t);
      const dir = rig.tempDir();
      const first = join(dir, 'first-name.img');
      const second = join(dir, 'second-name.img');
      rig.mkfs(first, 16);
      linkSync(first, second);
      const device = rig.attach(first);
      const mount = rig.mount(device, join(dir, 'mnt'));
      unlinkSync(first);
      const backing = readFileSync(`/sys/block/${basename(device)}/loop/backing_file`, 'utf8');
      assert.equal(backing.trim(), `${first} (deleted)`);
      const before = syncedSha256(second);
      t.diagnostic(
        await refused(
          exportTo(second, join(mount, 'x.img')),
          new RegExp(
            `its folder is on ${escape(device)}, a loop device over ${escape(first)} ` +
              `\\(deleted\\), the image being examined;`,
          ),
        ),
      );
      nothingWritten(mount, 'x.img');
      assert.equal(syncedSha256(second), before);
    });

    test('the disk holding the temp folder, as the evidence: refused', async (t) => {
      const folder = realpathSync(tmpdir());
      const devNo = majorMinor(BigInt(statSync(folder).dev));
      const sys = `/sys/dev/block/${devNo}`;
      if (!existsSync(sys)) {
        t.skip(`${folder} is on no block device (${devNo}): nothing to examine there`);
        return;
      }
      const name = basename(realpathSync(sys));
      const device = `/dev/${name}`;
      if (!existsSync(device)) {
        t.skip(`${device} has no device node here`);
        return;
      }
      const out = join(folder, `sectorscope-never-written-${process.pid}.img`);
      t.after(() => {
        for (const path of [out, `${out}.sha256`]) if (existsSync(path)) unlinkSync(path);
      });
      const isPartition = existsSync(`${sys}/partition`);
      const role = isPartition ? 'partition' : 'disk';
      t.diagnostic(
        await refused(
          openOnly(device, out),
          new RegExp(`its folder is on ${escape(device)}, the ${role} being examined; `),
        ),
      );
      if (isPartition) {
        const disk = `/dev/${basename(dirname(realpathSync(sys)))}`;
        t.diagnostic(
          await refused(
            openOnly(disk, out),
            new RegExp(`on ${escape(device)}, a partition of ${escape(disk)}, the disk being `),
          ),
        );
      }
      assert.ok(!existsSync(out));
    });

    test('a mounted partition of a real disk, its whole disk as the evidence: refused', async (t) => {
      const partition = mountedRealPartition();
      if (typeof partition === 'string') {
        t.skip(partition);
        return;
      }
      const out = join(partition.mountpoint, `sectorscope-never-written-${process.pid}.img`);
      t.after(() => {
        for (const path of [out, `${out}.sha256`]) if (existsSync(path)) unlinkSync(path);
      });
      t.diagnostic(
        await refused(
          openOnly(partition.disk, out),
          new RegExp(
            `on ${escape(partition.device)}, a partition of ${escape(partition.disk)}, the disk ` +
              'being examined;',
          ),
        ),
      );
      assert.ok(!existsSync(out));
    });

    test('device-mapper over a loop device of the image: refused', async (t) => {
      const missing = deviceMapperMissing();
      if (missing) {
        t.skip(missing);
        return;
      }
      const rig = new Rig(t);
      const dir = rig.tempDir();
      const image = join(dir, 'evidence.img');
      rig.mkfs(image, 16);
      const loop = rig.attach(image);
      const name = `sectorscope-test-${process.pid}`;
      execFileSync('dmsetup', [
        'create',
        name,
        '--table',
        `0 ${(16 * MiB) / 512} linear ${loop} 0`,
      ]);
      rig.later(() => {
        spawnSync('dmsetup', ['remove', '--retry', name]);
      });
      const mount = rig.mount(`/dev/mapper/${name}`, join(dir, 'mnt'));
      const before = syncedSha256(image);
      t.diagnostic(
        await refused(
          exportTo(image, join(mount, 'x.img')),
          new RegExp(
            `its folder is on /dev/dm-\\d+, a device-mapper device \\(${name}\\) over ` +
              `${escape(loop)}, a loop device over ${escape(image)}, the image being examined;`,
          ),
        ),
      );
      nothingWritten(mount, 'x.img');
      assert.equal(syncedSha256(image), before);
    });
  },
);

/**
 * A mounted filesystem on a partition of a disk that is no loop, device-mapper or RAM device,
 * or why there is none.
 */
function mountedRealPartition(): { device: string; disk: string; mountpoint: string } | string {
  const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  const seen: string[] = [];
  for (const line of lines) {
    const fields = line.split(' ');
    const devNo = fields[2];
    const mountpoint = fields[4];
    if (!devNo || !mountpoint || !existsSync(`/sys/dev/block/${devNo}`)) continue;
    const sys = realpathSync(`/sys/dev/block/${devNo}`);
    seen.push(`/dev/${basename(sys)}`);
    if (!existsSync(`${sys}/partition`)) continue;
    const disk = basename(dirname(sys));
    if (/^(loop|dm-|md|zram|ram|nbd)/.test(disk)) continue;
    const device = `/dev/${basename(sys)}`;
    if (existsSync(device) && existsSync(`/dev/${disk}`)) {
      return { device, disk: `/dev/${disk}`, mountpoint };
    }
  }
  const on = [...new Set(seen)].join(', ') || 'no block device';
  return `no partition of a real disk is mounted here (the mounted filesystems are on ${on})`;
}
