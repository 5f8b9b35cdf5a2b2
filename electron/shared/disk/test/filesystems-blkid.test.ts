import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyzeDisk,
  bufferVolume,
  detectVolume,
  partitionsReport,
  type DiskLayout,
} from '../index';
import { patchFile } from './helpers/images';
import { partitionByIndex } from './helpers/compare';
import { fileSource } from './helpers/memory-source';
import { blkidExport, fsstat, keyValues, need, range } from './helpers/oracles';
import { makeTempDir, run } from './helpers/tools';
import { buildFilesystemZoo, type Zoo } from './helpers/zoo';

describe('every format the tools here make, recognised as blkid does', () => {
  const dir = makeTempDir('zoo');
  let zoo: Zoo;
  let layout: DiskLayout;

  before(async () => {
    zoo = buildFilesystemZoo(dir.path);
    const source = fileSource(zoo.image);
    layout = await analyzeDisk(source, { crc32 });
    source.close();
  });
  after(() => dir.remove());

  const filesystemOf = (key: string) => {
    const spec = zoo.partitions.get(key);
    assert.ok(spec, key);
    return { spec, fs: partitionByIndex(layout, spec.index).filesystem };
  };

  test('type, label and UUID equal `blkid -p -o export -O OFFSET -S SIZE` for each partition', () => {
    for (const [key, spec] of zoo.partitions) {
      const { fs } = filesystemOf(key);
      const probe = blkidExport(zoo.image, BigInt(spec.start * 512), BigInt(spec.sectors * 512));
      assert.equal(probe.get('TYPE'), spec.blkidType, `${key}: blkid sees what the tool made`);
      assert.ok(fs, `${key}: recognised`);
      // FAT is named by blkid's VERSION (FAT12, FAT16, FAT32), everything else by its TYPE.
      const type =
        probe.get('TYPE') === 'vfat' ? probe.get('VERSION')?.toLowerCase() : probe.get('TYPE');
      assert.equal(fs.type, type, `${key}: type`);
      assert.equal(fs.label, probe.get('LABEL') ?? null, `${key}: label`);
      assert.equal(fs.label, spec.label, `${key}: the label given to the tool`);
      assert.equal(fs.uuid, probe.get('UUID') ?? null, `${key}: UUID`);
      assert.equal(fs.usage, probe.get('USAGE'), `${key}: usage`);
    }
  });

  test("the JSON report carries blkid's names: type, label, UUID, usage and size", () => {
    const report = JSON.parse(JSON.stringify(partitionsReport(layout))) as ReturnType<
      typeof partitionsReport
    >;
    const types = report.partitions.map((p) => p.filesystem?.type);
    assert.deepEqual(types, [
      'fat12',
      'fat16',
      'fat32',
      'exfat',
      'ntfs',
      'ext2',
      'ext3',
      'ext4',
      'btrfs',
      'xfs',
      'f2fs',
      'swap',
      'crypto_LUKS',
      'crypto_LUKS',
      'udf',
      'iso9660',
    ]);
    const ntfs = report.partitions[4]?.filesystem;
    assert.deepEqual(ntfs && [ntfs.label, ntfs.usage, ntfs.size], [
      'Scopé NTFS',
      'filesystem',
      16 * 1024 * 1024,
    ]);
    assert.deepEqual(report.findings, [], 'every filesystem fills its partition');
    assert.deepEqual(report.gapFilesystems, []);
  });

  const sizeOf = (key: string): bigint => {
    const { fs } = filesystemOf(key);
    assert.ok(fs && fs.size !== null, `${key} has a size`);
    return fs.size;
  };
  const offsetOf = (key: string): bigint => BigInt((zoo.partitions.get(key)?.start ?? 0) * 512);

  test('sizes equal what fsstat says of FAT, exFAT and NTFS', () => {
    for (const key of ['fat12', 'fat16', 'fat32']) {
      const info = keyValues(fsstat(zoo.image, offsetOf(key) / 512n));
      const sectors = range(need(info, 'Total Range'))[1] + 1;
      assert.equal(sizeOf(key), BigInt(sectors * Number(need(info, 'Sector Size'))), key);
    }
    const exfat = keyValues(fsstat(zoo.image, offsetOf('exfat') / 512n));
    assert.equal(sizeOf('exfat'), BigInt((range(need(exfat, 'Range'))[1] + 1) * 512));
    // fsstat's range leaves out the backup boot sector in the volume's last sector; ours counts it.
    const ntfs = keyValues(fsstat(zoo.image, offsetOf('ntfs') / 512n));
    assert.equal(sizeOf('ntfs'), BigInt((range(need(ntfs, 'Total Sector Range'))[1] + 2) * 512));
  });

  test('sizes equal what dumpe2fs, btrfs, xfs_db, dump.f2fs, file and isoinfo say', () => {
    for (const key of ['ext2', 'ext3', 'ext4']) {
      const info = keyValues(run('dumpe2fs', ['-h', `${zoo.image}?offset=${offsetOf(key)}`]));
      const bytes = BigInt(need(info, 'Block count')) * BigInt(need(info, 'Block size'));
      assert.equal(sizeOf(key), bytes, key);
    }
    const side = (key: string): string =>
      zoo.sides.get(key) ?? assert.fail(`no side file for ${key}`);
    const btrfs = run('btrfs', ['inspect-internal', 'dump-super', side('btrfs')]);
    const devTotal = /^dev_item\.total_bytes\s+(\d+)$/m.exec(btrfs)?.[1];
    assert.equal(sizeOf('btrfs'), BigInt(devTotal ?? -1));
    const xfs = keyValues(
      run('xfs_db', ['-r', '-c', 'sb 0', '-c', 'print dblocks blocksize', side('xfs')]).replace(
        / = /g,
        ': ',
      ),
    );
    assert.equal(sizeOf('xfs'), BigInt(need(xfs, 'dblocks')) * BigInt(need(xfs, 'blocksize')));
    const f2fs = /total FS sectors = (\d+)/.exec(run('dump.f2fs', [side('f2fs')]))?.[1];
    assert.equal(sizeOf('f2fs'), BigInt(f2fs ?? -1) * 512n);
    // file counts the swap pages after the header page, and names the page size.
    const swap = /(\d+)k page size, .* size (\d+) pages/.exec(run('file', ['-b', side('swap')]));
    assert.ok(swap, 'file describes the swap area');
    assert.equal(sizeOf('swap'), (BigInt(swap[2] ?? -1) + 1n) * BigInt(swap[1] ?? 0) * 1024n);
    const iso = keyValues(run('isoinfo', ['-d', '-i', side('iso9660')]));
    const isoBytes =
      BigInt(need(iso, 'Volume size is')) * BigInt(need(iso, 'Logical block size is'));
    assert.equal(sizeOf('iso9660'), isoBytes);
  });

  test('an NTFS whose MFT is wiped is still NTFS (blkid refuses it), without its label', async () => {
    const ntfs = zoo.sides.get('ntfs') ?? assert.fail('no NTFS side file');
    const info = keyValues(fsstat(ntfs, 0n));
    const mft = Number(need(info, 'First Cluster of MFT')) * Number(need(info, 'Cluster Size'));
    const damaged = join(dir.path, 'ntfs-no-mft.img');
    copyFileSync(ntfs, damaged);
    patchFile(damaged, mft, new Uint8Array(4096));
    assert.equal(blkidExport(damaged, 0n).get('TYPE'), undefined, 'blkid wants the MFT');
    const fs = await detectVolume(bufferVolume(readFileSync(damaged)));
    assert.deepEqual(fs && [fs.type, fs.label, fs.uuid], [
      'ntfs',
      null,
      filesystemOf('ntfs').fs?.uuid,
    ]);
  });

  test('LUKS and UDF give no size of their own: null, not a guess', () => {
    assert.equal(filesystemOf('luks1').fs?.size, null);
    assert.equal(filesystemOf('luks2').fs?.size, null);
    assert.equal(filesystemOf('udf').fs?.size, null);
    assert.equal(filesystemOf('luks2').fs?.name, 'LUKS2');
  });
});
