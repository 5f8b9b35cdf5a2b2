import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { analyzeDisk, partitionsReport, type DiskLayout, type Finding } from '../index';
import { expectedGaps } from './helpers/compare';
import { buildResizedDisk, RESIZED_DISK } from './helpers/images';
import { fileSource } from './helpers/memory-source';
import { blkidExport, fsstat, keyValues, mmls, need, range } from './helpers/oracles';
import { makeTempDir, run, runAll } from './helpers/tools';

describe('filesystems against their partitions: larger, much smaller, and lost', () => {
  const dir = makeTempDir('resized');
  let image = '';
  let layout: DiskLayout;

  before(async () => {
    image = buildResizedDisk(dir.path);
    const source = fileSource(image);
    layout = await analyzeDisk(source, { crc32 });
    source.close();
  });
  after(() => dir.remove());

  const findingsOf = (code: string): Finding[] => layout.findings.filter((f) => f.code === code);

  test('an ext4 and an exFAT larger than their partitions, by the sizes dumpe2fs and fsstat give', () => {
    const { ext4, exfat } = RESIZED_DISK;
    // The exFAT made over its end broke its journal: dumpe2fs says so, after the superblock.
    const info = keyValues(
      runAll('dumpe2fs', ['-h', `${image}?offset=${ext4.start * 512}`]).stdout,
    );
    const extBytes = BigInt(need(info, 'Block count')) * BigInt(need(info, 'Block size'));
    assert.equal(extBytes, BigInt(ext4.fsKiB) * 1024n, 'mkfs.ext4 made what it was asked');
    const exfatSectors = range(need(keyValues(fsstat(image, BigInt(exfat.start))), 'Range'))[1] + 1;
    assert.equal(exfatSectors, exfat.fsSectors);
    const larger = findingsOf('FILESYSTEM_LARGER_THAN_PARTITION');
    assert.deepEqual(
      larger.map((f) => [f.severity, f.lba]),
      [
        ['warning', BigInt(ext4.start)],
        ['warning', BigInt(exfat.start)],
      ],
    );
    const [onExt, onExfat] = larger.map((f) => f.message);
    assert.match(
      onExt ?? '',
      new RegExp(`^Partition 1 \\(LBA 2048-83967, ${ext4.sectors} sectors`),
    );
    assert.match(onExt ?? '', new RegExp(`ext4 filesystem \\(label "${ext4.label}"`));
    assert.match(
      onExt ?? '',
      new RegExp(`spans ${extBytes} bytes \\(${extBytes / 512n} sectors, 139\\.0 MiB\\)`),
    );
    assert.match(
      onExt ?? '',
      new RegExp(`${extBytes / 512n - BigInt(ext4.sectors)} sectors, .* more than the partition`),
    );
    assert.match(
      onExfat ?? '',
      new RegExp(`^Partition 2 \\(LBA 83968-165887, ${exfat.sectors} sectors`),
    );
    assert.match(onExfat ?? '', new RegExp(`\\(${exfatSectors} sectors, 99\\.0 MiB\\)`));
    assert.match(onExfat ?? '', new RegExp(`to LBA ${exfat.start + exfatSectors - 1}\\.`));
  });

  test('an ext4 much smaller than its partition leaves volume slack, listed for the map', () => {
    const { small } = RESIZED_DISK;
    const info = keyValues(run('dumpe2fs', ['-h', `${image}?offset=${small.start * 512}`]));
    const fsSectors = (BigInt(need(info, 'Block count')) * BigInt(need(info, 'Block size'))) / 512n;
    const start = BigInt(small.start) + fsSectors;
    const end = BigInt(small.start + small.sectors - 1);
    assert.deepEqual(layout.volumeSlack, [
      { partitionIndex: small.index, start, end, size: end - start + 1n },
    ]);
    const [slack] = findingsOf('VOLUME_SLACK');
    assert.equal(slack?.severity, 'info');
    assert.equal(slack?.lba, start);
    assert.match(
      slack?.message ?? '',
      new RegExp(`^Partition 3 .* of only ${fsSectors * 512n} bytes`),
    );
    assert.match(
      slack?.message ?? '',
      new RegExp(`LBA ${start}-${end} \\(${end - start + 1n} sectors, 48\\.0 MiB\\)`),
    );
    const report = JSON.parse(JSON.stringify(partitionsReport(layout))) as ReturnType<
      typeof partitionsReport
    >;
    assert.deepEqual(report.partitions[2]?.volumeSlack, {
      start: Number(start),
      end: Number(end),
      size: Number(end - start + 1n),
    });
  });

  test('an ext2 whose partition entry was deleted is found in the gap mmls shows', () => {
    const { lost } = RESIZED_DISK;
    const gap = layout.gaps.find((g) => g.start === BigInt(lost.start));
    assert.ok(gap, 'the deleted partition left a gap');
    assert.ok(
      expectedGaps(mmls(image)).some(
        (g) => g.start <= gap.start && g.end >= BigInt(lost.start + lost.sectors - 1),
      ),
      'mmls lists its sectors as unallocated',
    );
    const probe = blkidExport(image, BigInt(lost.start * 512));
    assert.deepEqual(
      layout.gapFilesystems.map((f) => [
        f.start,
        f.filesystem.type,
        f.filesystem.label,
        f.filesystem.uuid,
      ]),
      [[BigInt(lost.start), probe.get('TYPE'), probe.get('LABEL'), probe.get('UUID')]],
    );
    assert.equal(layout.gapFilesystems[0]?.end, BigInt(lost.start + lost.sectors - 1));
    const [found] = findingsOf('FILESYSTEM_IN_GAP');
    assert.equal(found?.severity, 'warning');
    assert.match(
      found?.message ?? '',
      new RegExp(
        `^Unallocated LBA ${gap.start}-${gap.end} holds an ext2 filesystem \\(label "${lost.label}"`,
      ),
    );
    assert.match(
      found?.message ?? '',
      new RegExp(
        `spans LBA ${lost.start}-${lost.start + lost.sectors - 1} \\(${lost.sectors} sectors, 8\\.0 MiB\\)`,
      ),
    );
  });

  test('nothing else is reported', () => {
    assert.deepEqual(layout.findings.map((f) => f.code).sort(), [
      'FILESYSTEM_IN_GAP',
      'FILESYSTEM_LARGER_THAN_PARTITION',
      'FILESYSTEM_LARGER_THAN_PARTITION',
      'VOLUME_SLACK',
    ]);
  });
});
