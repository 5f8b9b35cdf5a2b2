import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { analyzeDisk, locateStructures, partitionsReport, type DiskLayout } from '../index';
import { createSparse } from './helpers/images';
import { memorySource } from './helpers/memory-source';
import { blkidExport, keyValues, need, sfdiskJson } from './helpers/oracles';
import { isRoot, makeTempDir, run, runAll } from './helpers/tools';

const analyze = (path: string): Promise<DiskLayout> =>
  analyzeDisk(memorySource(readFileSync(path)), { crc32 });

describe('ISO 9660 at the start of a disk: plain, and hybrid (an MBR describes it)', () => {
  const dir = makeTempDir('iso');
  let plain = '';
  let hybrid = '';

  before(() => {
    const root = join(dir.path, 'root');
    mkdirSync(join(root, 'isolinux'), { recursive: true });
    writeFileSync(join(root, 'hello.txt'), 'hello\n');
    copyFileSync('/usr/lib/ISOLINUX/isolinux.bin', join(root, 'isolinux', 'isolinux.bin'));
    plain = join(dir.path, 'plain.iso');
    run('genisoimage', ['-quiet', '-o', plain, '-V', 'SCOPE PLAIN', '-J', '-R', root]);
    hybrid = join(dir.path, 'hybrid.iso');
    run('genisoimage', [
      '-quiet',
      '-o',
      hybrid,
      '-V',
      'SCOPEHYBRID',
      '-b',
      'isolinux/isolinux.bin',
      '-c',
      'isolinux/boot.cat',
      '-no-emul-boot',
      '-boot-load-size',
      '4',
      '-boot-info-table',
      '-J',
      '-R',
      root,
    ]);
    run('isohybrid', [hybrid]);
  });
  after(() => dir.remove());

  test("a plain ISO is the whole disk's filesystem, as blkid sees the image", async () => {
    const layout = await analyze(plain);
    const probe = blkidExport(plain, 0n);
    assert.equal(layout.scheme, 'none');
    assert.equal(layout.filesystem?.type, probe.get('TYPE'));
    assert.equal(layout.filesystem?.label, probe.get('LABEL'));
    assert.equal(layout.filesystem?.uuid, probe.get('UUID'));
    const info = keyValues(run('isoinfo', ['-d', '-i', plain]));
    assert.equal(
      layout.filesystem?.size,
      BigInt(need(info, 'Volume size is')) * BigInt(need(info, 'Logical block size is')),
    );
    assert.deepEqual(layout.findings, []);
    const pvd = locateStructures(layout).find((l) => l.template === 'iso9660-pvd');
    assert.equal(pvd?.byteOffset, 32768n, 'the primary volume descriptor, where isoinfo reads it');
  });

  test('an ext2 superblock written over an ISO: both signatures named, as wipefs lists them', async () => {
    const ext2 = join(dir.path, 'ext2.img');
    createSparse(ext2, 8 * 1024 * 1024);
    run('mkfs.ext2', ['-q', '-F', '-L', 'overiso', ext2]);
    const mixed = join(dir.path, 'mixed.img');
    copyFileSync(plain, mixed);
    run('truncate', ['-s', '8M', mixed]);
    run('dd', [`if=${ext2}`, `of=${mixed}`, 'bs=1024', 'count=2', 'conv=notrunc', 'status=none']);
    assert.match(runAll('blkid', ['-p', mixed]).stderr, /ambivalent result/);
    const listed = run('wipefs', ['--noheadings', '--output', 'TYPE', mixed])
      .split('\n')
      .filter(Boolean);
    const layout = await analyze(mixed);
    const fs = layout.filesystem;
    assert.ok(fs);
    assert.deepEqual([fs.type, ...(fs.otherSignatures ?? [])].sort(), listed.sort());
    assert.equal(fs.type, 'ext2', "ISO 9660 gives way, as blkid's tolerant types do");
    assert.deepEqual(
      layout.findings.map((f) => f.code),
      ['FILESYSTEM_SIGNATURES_AMBIVALENT'],
    );
  });

  test("a hybrid ISO: the MBR's partition 1 and the disk both hold the ISO 9660 volume", async () => {
    const layout = await analyze(hybrid);
    const table = sfdiskJson(hybrid);
    assert.equal(layout.scheme, 'mbr');
    assert.equal(table.partitions[0]?.start, 0, 'isohybrid describes the image from LBA 0');
    const probe = blkidExport(hybrid, 0n);
    assert.equal(probe.get('PTTYPE'), 'dos', 'blkid sees the MBR as well');
    const report = JSON.parse(JSON.stringify(partitionsReport(layout))) as ReturnType<
      typeof partitionsReport
    >;
    assert.equal(report.filesystem?.type, probe.get('TYPE'));
    assert.equal(report.filesystem?.label, probe.get('LABEL'));
    assert.equal(report.filesystem?.uuid, probe.get('UUID'));
    assert.equal(report.filesystemPartition, 1);
    assert.deepEqual(report.partitions[0]?.filesystem, report.filesystem);
    // The MBR inside the ISO's system area is by design: an info, not a warning.
    assert.deepEqual(
      layout.findings.map((f) => [f.severity, f.code]),
      [['info', 'PARTITION_OVERLAPS_TABLE']],
    );
    assert.match(layout.findings[0]?.message ?? '', /hybrid ISO/);
    // Its structures are listed once, with the partition.
    assert.deepEqual(
      locateStructures(layout)
        .filter((l) => l.template === 'iso9660-pvd')
        .map((l) => l.id),
      ['p1-pvd'],
    );
  });
});

describe(
  'LVM2 physical volume (pvcreate needs a block device)',
  { skip: isRoot() ? false : 'needs root for losetup' },
  () => {
    const dir = makeTempDir('lvm');
    let image = '';

    before(() => {
      image = join(dir.path, 'pv.img');
      createSparse(image, 16 * 1024 * 1024);
      const device = run('losetup', ['--find', '--show', image]).trim();
      try {
        run('pvcreate', ['-q', '--config', LVM_CONFIG, device], LVM_ENV);
      } finally {
        run('losetup', ['-d', device]);
      }
    });
    after(() => dir.remove());

    test('type, UUID and the size pvck reads from the PV header', async () => {
      const layout = await analyze(image);
      const probe = blkidExport(image, 0n);
      assert.equal(layout.filesystem?.type, probe.get('TYPE'));
      assert.equal(layout.filesystem?.type, 'LVM2_member');
      assert.equal(layout.filesystem?.uuid, probe.get('UUID'));
      assert.equal(layout.filesystem?.usage, 'raid');
      const dump = run('pvck', ['--dump', 'headers', image], LVM_ENV);
      assert.equal(
        layout.filesystem?.size,
        BigInt(/pv_header\.device_size (\d+)/.exec(dump)?.[1] ?? -1),
      );
    });
  },
);

/** pvcreate without udev (as in a container) and without the devices file. */
const LVM_CONFIG =
  'devices { use_devicesfile=0 obtain_device_list_from_udev=0 } activation { udev_sync=0 udev_rules=0 }';
const LVM_ENV = { LVM_SUPPRESS_FD_WARNINGS: '1' };
