import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { analyzeDisk, partitionsReport, type DiskLayout, type PartitionsJson } from '../index';
import { expectedGaps } from './helpers/compare';
import { buildGptFilesystemDisk, buildMbrDisk } from './helpers/images';
import { memorySource } from './helpers/memory-source';
import { blkid, mmls, sfdiskJson, sfdiskNumber } from './helpers/oracles';
import { makeTempDir, run } from './helpers/tools';

const analyze = (path: string): Promise<DiskLayout> =>
  analyzeDisk(memorySource(readFileSync(path)), { crc32 });

/** What survives JSON: the report must be plain data. */
const roundTrip = (report: PartitionsJson): PartitionsJson => JSON.parse(JSON.stringify(report));

describe('sectorscope partitions --json: the report against sfdisk and mmls', () => {
  const dir = makeTempDir('cli');
  let mbr = '';
  let gpt = '';

  before(() => {
    mbr = buildMbrDisk(dir.path);
    gpt = buildGptFilesystemDisk(dir.path);
  });
  after(() => dir.remove());

  test('MBR disk: JSON partitions are sfdisk --json, gaps follow mmls', async () => {
    const layout = await analyze(mbr);
    const report = roundTrip(partitionsReport(layout));
    const table = sfdiskJson(mbr);
    assert.equal(report.scheme, 'mbr');
    assert.equal(report.sectorSize, table.sectorsize);
    assert.equal(report.diskId, table.id);
    assert.deepEqual(
      report.partitions.map((p) => [p.index, p.start, p.end, p.size, p.type, p.bootable]),
      table.partitions.map((p) => [
        sfdiskNumber(p),
        p.start,
        p.start + p.size - 1,
        p.size,
        `0x${p.type.padStart(2, '0')}`,
        p.bootable === true,
      ]),
    );
    assert.equal(report.partitions[0]?.typeName, 'FAT16');
    assert.equal(report.partitions[0]?.guid, undefined);
    const gaps = expectedGaps(mmls(mbr)).map((g) => ({
      start: Number(g.start),
      end: Number(g.end),
      size: Number(g.size),
    }));
    assert.deepEqual(report.gaps, gaps);
    for (const p of report.partitions.filter((q) => q.kind !== 'extended')) {
      const probe = blkid(mbr, BigInt(p.start) * 512n);
      assert.equal(p.filesystem?.uuid, probe.get('UUID'), `partition ${p.index}`);
    }
    assert.deepEqual(report.findings, []);
  });

  test('GPT disk: JSON has type GUIDs, unique GUIDs, names and attributes as sfdisk shows them', async () => {
    const layout = await analyze(gpt);
    const report = roundTrip(partitionsReport(layout));
    const table = sfdiskJson(gpt);
    assert.equal(report.scheme, 'gpt');
    assert.equal(report.gptUsed, 'primary');
    assert.equal(report.hybridMbr, false);
    assert.deepEqual(
      report.partitions.map((p) => [p.index, p.start, p.size, p.type, p.guid, p.name]),
      table.partitions.map((p) => [sfdiskNumber(p), p.start, p.size, p.type, p.uuid, p.name ?? '']),
    );
    const attrs = run('sgdisk', ['-i', '2', gpt]).match(/Attribute flags: ([0-9A-F]{16})/)?.[1];
    assert.equal(report.partitions[1]?.attributes, attrs);
    assert.deepEqual(
      report.partitions.map((p) => p.filesystem?.type),
      ['fat32', 'ntfs', 'ext4', 'exfat'],
    );
    assert.equal(report.slots.filter((s) => !s.extra).length, mmls(gpt).length);
  });
});
