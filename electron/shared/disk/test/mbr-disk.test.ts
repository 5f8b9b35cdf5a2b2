import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { analyzeDisk, type DiskLayout } from '../index';
import { knownMbrTypes } from '../mbr/mbr-types';
import { knownGptTypes } from '../gpt/gpt-types';
import {
  assertPartitionsMatchSfdisk,
  assertSlotsMatchMmls,
  expectedGaps,
  partitionByIndex,
} from './helpers/compare';
import { buildMbrDisk, MBR_DISK } from './helpers/images';
import { memorySource } from './helpers/memory-source';
import {
  blkid,
  fileMbrEntries,
  mmls,
  sfdiskJson,
  sfdiskTypeNames,
  type SfdiskTable,
} from './helpers/oracles';
import { makeTempDir } from './helpers/tools';

describe('MBR disk with a primary and an extended partition holding two logicals', () => {
  const dir = makeTempDir('mbr');
  let image = '';
  let layout: DiskLayout;
  let table: SfdiskTable;

  before(async () => {
    image = buildMbrDisk(dir.path);
    table = sfdiskJson(image);
    layout = await analyzeDisk(memorySource(readFileSync(image)), { crc32 });
  });
  after(() => dir.remove());

  test('partitions match sfdisk --json, logicals numbered 5 and 6', () => {
    assert.equal(table.partitions.length, 4);
    assertPartitionsMatchSfdisk(layout, table);
    assert.equal(layout.diskId, table.id);
    assert.deepEqual(
      layout.partitions.map((p) => p.kind),
      ['primary', 'extended', 'logical', 'logical'],
    );
  });

  test('the EBR chain is decoded: two records, linked, inside the extended partition', () => {
    assert.deepEqual(
      layout.ebrs.map((ebr) => [ebr.tableNumber, ebr.lba]),
      [
        [1, BigInt(MBR_DISK.extended.start)],
        [2, layout.ebrs[0]?.nextLba],
      ],
    );
    assert.equal(layout.ebrs[1]?.nextLba, null);
    const p6 = partitionByIndex(layout, 6);
    assert.equal(p6.tableLba, layout.ebrs[1]?.lba);
  });

  test('the slot view reproduces mmls, table by table', () => {
    assertSlotsMatchMmls(layout, mmls(image));
  });

  test('gaps are mmls Unallocated ranges minus the MBR and EBR sectors', () => {
    assert.deepEqual(layout.gaps, expectedGaps(mmls(image)));
    const firstEbr = layout.ebrs[0]?.lba ?? -1n;
    assert.ok(
      layout.gaps.some((gap) => gap.start === firstEbr + 1n),
      'the sector after the EBR is free',
    );
  });

  test('primary entries (CHS, type, status, LBA) match `file`', () => {
    const described = fileMbrEntries(image);
    assert.equal(described.length, 2);
    for (const expected of described) {
      const entry = layout.mbr?.entries[expected.number - 1];
      assert.ok(entry);
      assert.equal(entry.type, expected.type);
      assert.equal(entry.bootable, expected.active);
      assert.equal(entry.relativeStart, BigInt(expected.start));
      assert.equal(entry.sectorCount, BigInt(expected.sectors));
      const { cylinder: c1, head: h1, sector: s1 } = entry.chsStart;
      const { cylinder: c2, head: h2, sector: s2 } = entry.chsEnd;
      assert.deepEqual([c1, h1, s1], expected.startChs);
      assert.deepEqual([c2, h2, s2], expected.endChs);
    }
  });

  test('filesystems (FAT16, ext2, swap) match blkid', () => {
    const fat = partitionByIndex(layout, 1).filesystem;
    const ext = partitionByIndex(layout, 5).filesystem;
    const swap = partitionByIndex(layout, 6).filesystem;
    const at = (start: number): Map<string, string> => blkid(image, BigInt(start) * 512n);
    const fatProbe = at(MBR_DISK.primary.start);
    assert.equal(fat?.type, fatProbe.get('VERSION')?.toLowerCase());
    assert.equal(fat?.uuid, fatProbe.get('UUID'));
    assert.equal(fat?.label, fatProbe.get('LABEL_FATBOOT'));
    const extProbe = at(MBR_DISK.logical5.start);
    assert.equal(ext?.type, extProbe.get('TYPE'));
    assert.equal(ext?.uuid, extProbe.get('UUID'));
    assert.equal(ext?.label, extProbe.get('LABEL'));
    const swapProbe = at(MBR_DISK.logical6.start);
    assert.equal(swapProbe.get('TYPE'), 'swap');
    assert.equal(swap?.type, 'swap');
    assert.equal(swap?.uuid, swapProbe.get('UUID'));
    assert.equal(swap?.label, swapProbe.get('LABEL'));
    assert.equal(
      partitionByIndex(layout, 2).filesystem,
      null,
      'an extended partition is not probed',
    );
  });

  test('no findings on a sound disk', () => {
    assert.deepEqual(layout.findings, []);
  });
});

describe('partition type names', () => {
  test('every MBR type name is the one sfdisk -T gives', () => {
    const names = sfdiskTypeNames('dos');
    for (const [type, name] of knownMbrTypes()) {
      assert.equal(name, names.get(type.toString(16).toUpperCase()), `type 0x${type.toString(16)}`);
    }
  });

  test('every GPT type name is the one sfdisk -T gives', () => {
    const names = sfdiskTypeNames('gpt');
    for (const [guid, name] of knownGptTypes()) assert.equal(name, names.get(guid), guid);
  });
});
