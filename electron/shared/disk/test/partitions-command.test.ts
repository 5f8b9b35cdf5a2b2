import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  formatPartitionsText,
  formatSize,
  partitionsReport,
  type PartitionsJson,
} from '../../../cli/partitions-command';
import { analyzeDisk, type DiskLayout } from '../index';
import { expectedGaps } from './helpers/compare';
import { buildGptFilesystemDisk, buildMbrDisk, patchFile } from './helpers/images';
import { memorySource } from './helpers/memory-source';
import { blkid, mmls, sfdiskJson, sfdiskNumber } from './helpers/oracles';
import { makeTempDir, run } from './helpers/tools';

const analyze = (path: string): Promise<DiskLayout> =>
  analyzeDisk(memorySource(readFileSync(path)), { crc32 });

/** What survives JSON: the report must be plain data. */
const roundTrip = (report: PartitionsJson): PartitionsJson => JSON.parse(JSON.stringify(report));

describe('sectorscope partitions: JSON and text output', () => {
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

  test('text output lists the partitions, the mmls view, gaps and findings', async () => {
    const layout = await analyze(mbr);
    const text = formatPartitionsText(layout);
    assert.match(
      text,
      /^MBR \(DOS\) partition table, disk identifier 0x5ec70c0e; 131072 sectors of 512 bytes \(64\.0 MiB\)/,
    );
    for (const p of layout.partitions) {
      assert.match(
        text,
        new RegExp(`^  ${p.index}\\*?\\s+${p.start}\\s+${p.end}\\s+${p.size}\\s`, 'm'),
      );
    }
    assert.match(text, /Extended Table \(#2\)/);
    for (const gap of layout.gaps) assert.ok(text.includes(`LBA ${gap.start}-${gap.end}`));
    assert.match(text, /No problems found\.\n$/);

    const damaged = join(dir.path, 'no-signature.img');
    copyFileSync(mbr, damaged);
    const second = layout.ebrs[1];
    assert.ok(second);
    patchFile(damaged, Number(second.lba) * 512 + 510, Uint8Array.of(0, 0));
    const broken = formatPartitionsText(await analyze(damaged));
    assert.match(broken, new RegExp(`ERROR EBR_NO_SIGNATURE at LBA ${second.lba}: .*0x55AA`));
  });

  test('sizes print like numfmt --to=iec-i', () => {
    for (const bytes of [1048576, 67108864, 1610612736, 2199023255552]) {
      const expected = run('numfmt', ['--to=iec-i', '--suffix=B', '--format=%.1f', String(bytes)])
        .trim()
        .replace(/([KMGTP]i?B)$/, ' $1');
      assert.equal(formatSize(BigInt(bytes / 512), 512), expected);
    }
    assert.equal(formatSize(1n, 512), '512 bytes');
  });
});
