import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { analyzeDisk, type DiskLayout } from '../index';
import {
  assertPartitionsMatchSfdisk,
  assertSlotsMatchMmls,
  codes,
  expectedGaps,
  partitionByIndex,
} from './helpers/compare';
import { buildGptFilesystemDisk, GPT_FS } from './helpers/images';
import { memorySource } from './helpers/memory-source';
import { blkid, mmls, sfdiskJson, type SfdiskTable } from './helpers/oracles';
import { makeTempDir, run } from './helpers/tools';

describe('GPT disk with FAT32, NTFS, ext4 and exFAT', () => {
  const dir = makeTempDir('gpt');
  let image = '';
  let layout: DiskLayout;
  let table: SfdiskTable;

  before(async () => {
    image = buildGptFilesystemDisk(dir.path);
    table = sfdiskJson(image);
    layout = await analyzeDisk(memorySource(readFileSync(image)), { crc32 });
  });
  after(() => dir.remove());

  test('partitions match sfdisk --json (start, size, type, GUID, name, attributes)', () => {
    assert.equal(table.partitions.length, 4);
    assertPartitionsMatchSfdisk(layout, table);
    assert.equal(layout.diskId, table.id);
    assert.equal(layout.gpt?.header.firstUsableLba, BigInt(table.firstlba ?? -1));
    assert.equal(layout.gpt?.header.lastUsableLba, BigInt(table.lastlba ?? -1));
    assert.equal(layout.gpt?.used, 'primary');
    assert.equal(partitionByIndex(layout, 1).name, GPT_FS.fat.name);
  });

  test('type names and attribute names are readable', () => {
    assert.equal(partitionByIndex(layout, 1).typeName, 'Microsoft basic data');
    assert.equal(partitionByIndex(layout, 3).typeName, 'Linux filesystem');
    assert.deepEqual(
      partitionByIndex(layout, 2).attributeFlags.map((flag) => flag.name),
      ['Required partition (platform)', 'Read-only', 'No automount (no drive letter)'],
    );
    assert.deepEqual(
      partitionByIndex(layout, 1).attributeFlags.map((flag) => flag.name),
      ['Legacy BIOS bootable'],
    );
  });

  test('the slot view reproduces mmls', () => {
    assertSlotsMatchMmls(layout, mmls(image));
    const extra = layout.slots.filter((slot) => slot.extra);
    const backupArray = BigInt((table.lastlba ?? 0) + 1);
    assert.deepEqual(
      extra.map((slot) => [slot.description, slot.start, slot.length]),
      [
        ['Partition Table', backupArray, 32n],
        ['GPT Header', layout.sectorCount - 1n, 1n],
      ],
    );
  });

  test('gaps are mmls Unallocated ranges minus every table, backup GPT included', () => {
    const backup = { start: BigInt((table.lastlba ?? 0) + 1), end: layout.sectorCount - 1n };
    assert.deepEqual(layout.gaps, expectedGaps(mmls(image), [backup]));
    assert.equal(layout.gaps.length, 2);
  });

  test('filesystems match blkid at each partition offset', () => {
    const expectedType: Record<string, string> = { ntfs: 'ntfs', ext4: 'ext4', exfat: 'exfat' };
    for (const p of layout.partitions) {
      const probe = blkid(image, p.start * 512n);
      const fs = p.filesystem;
      assert.ok(fs, `partition ${p.index} has a filesystem`);
      const type =
        probe.get('TYPE') === 'vfat'
          ? probe.get('VERSION')?.toLowerCase()
          : expectedType[probe.get('TYPE') ?? ''];
      assert.equal(fs.type, type, `partition ${p.index} type`);
      assert.equal(fs.uuid, probe.get('UUID'), `partition ${p.index} UUID`);
      if (fs.type === 'fat32') assert.equal(fs.label, probe.get('LABEL_FATBOOT'));
      if (fs.type === 'ext4') assert.equal(fs.label, probe.get('LABEL'));
    }
  });

  test('a sound disk gives no findings (sgdisk -v agrees)', () => {
    assert.match(run('sgdisk', ['-v', image]), /No problems found/);
    assert.deepEqual(layout.findings, []);
    assert.equal(layout.hybridMbr, false);
  });

  test('a hybrid MBR is recognised, and its entries match mmls -t dos', async () => {
    const hybrid = join(dir.path, 'hybrid.img');
    copyFileSync(image, hybrid);
    run('sgdisk', ['--hybrid=1:3', hybrid]);
    const result = await analyzeDisk(memorySource(readFileSync(hybrid)), { crc32 });
    assert.equal(result.scheme, 'gpt');
    assert.equal(result.hybridMbr, true);
    assert.ok(codes(result).includes('GPT_HYBRID_MBR'), codes(result).join());
    assertPartitionsMatchSfdisk(result, sfdiskJson(hybrid));
    const dosRows = mmls(hybrid, ['-t', 'dos']).filter((row) => /^000:\d{3}$/.test(row.slot));
    const used = result.mbr?.entries.filter((entry) => entry.used) ?? [];
    assert.deepEqual(
      used.map((entry) => [
        `000:${String(entry.slot).padStart(3, '0')}`,
        entry.relativeStart,
        entry.sectorCount,
      ]),
      dosRows.map((row) => [row.slot, row.start, row.length]),
    );
    const message = result.findings.find((f) => f.code === 'GPT_HYBRID_MBR')?.message ?? '';
    assert.match(message, /matches GPT partition 1/);
    assert.match(message, /matches GPT partition 3/);
  });
});
