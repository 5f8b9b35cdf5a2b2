import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  analyzeDisk,
  locateStructures,
  partitionsReport,
  type PartitionsJson,
  type StructureLocation,
} from '../../../../electron/shared/disk';
import {
  buildResizedDisk,
  RESIZED_DISK,
} from '../../../../electron/shared/disk/test/helpers/images';
import { fileSource } from '../../../../electron/shared/disk/test/helpers/memory-source';
import { keyValues, need } from '../../../../electron/shared/disk/test/helpers/oracles';
import { makeTempDir, runAll } from '../../../../electron/shared/disk/test/helpers/tools';
import { layoutMarks } from '../map-marks';
import { layoutSegments } from '../map-segments';
import { foundVolumes, isStructureOf, volumeAt } from '../volume-at';
import { FILESYSTEM_OVERFLOW, LOST_FILESYSTEM, VOLUME_SLACK, volumeMarks } from '../volume-marks';

/**
 * The sectors an ext volume spans by dumpe2fs, at a partition's start (the exFAT made over the
 * big ext4's end broke its journal: dumpe2fs says so after the superblock, and fails).
 */
function extSectors(image: string, start: number): bigint {
  const info = keyValues(runAll('dumpe2fs', ['-h', `${image}?offset=${start * 512}`]).stdout);
  return (BigInt(need(info, 'Block count')) * BigInt(need(info, 'Block size'))) / 512n;
}

describe('the map and the structure panel on a disk of resized, shrunk and lost file systems', () => {
  const dir = makeTempDir('volume-marks');
  let image = '';
  let report: PartitionsJson;
  let structures: StructureLocation[];

  before(async () => {
    image = buildResizedDisk(dir.path);
    const source = fileSource(image);
    const layout = await analyzeDisk(source, { crc32 });
    source.close();
    // Through JSON, as the renderer gets it.
    report = JSON.parse(JSON.stringify(partitionsReport(layout))) as PartitionsJson;
    structures = locateStructures(layout);
  });
  after(() => dir.remove());

  test('slack after the small ext4, to the end of its partition, by dumpe2fs', () => {
    const { small } = RESIZED_DISK;
    const slack = volumeMarks(report).filter((m) => m.kind === VOLUME_SLACK);
    const start = BigInt(small.start) + extSectors(image, small.start);
    assert.deepEqual(
      slack.map((m) => [m.start, m.end, m.region]),
      [[start, BigInt(small.start + small.sectors - 1), true]],
    );
    assert.match(slack[0]?.label ?? '', /^Volume slack of partition 3, after its ext4 “smallext4”/);
    assert.match(slack[0]?.label ?? '', /48\.0 MiB/);
  });

  test('overflows run from past the partition to the end the file system gives itself', () => {
    const { ext4, exfat } = RESIZED_DISK;
    const overflows = volumeMarks(report).filter((m) => m.kind === FILESYSTEM_OVERFLOW);
    assert.deepEqual(
      overflows.map((m) => [m.start, m.end]),
      [
        [
          BigInt(ext4.start + ext4.sectors),
          BigInt(ext4.start) + extSectors(image, ext4.start) - 1n,
        ],
        [BigInt(exfat.start + exfat.sectors), BigInt(exfat.start + exfat.fsSectors - 1)],
      ],
    );
    // Apart (each in its partition's hue), so a click on each goes to its own start.
    assert.notEqual(overflows[0]?.color, overflows[1]?.color);
    const segments = layoutSegments(report, 1000);
    const drawn = layoutMarks(overflows, segments);
    assert.equal(drawn.length, 2);
    assert.deepEqual(
      drawn.map((d) => d.lane),
      [0, 0],
    );
  });

  test('the lost ext2 is a region in its gap, ending where its superblock says', () => {
    const { lost } = RESIZED_DISK;
    const found = volumeMarks(report).filter((m) => m.kind === LOST_FILESYSTEM);
    assert.deepEqual(
      found.map((m) => [m.start, m.end, m.text]),
      [[BigInt(lost.start), BigInt(lost.start) + extSectors(image, lost.start) - 1n, 'lost ext2']],
    );
  });

  test('regions lie inside what they mark on the map, and take no lane', () => {
    const segments = layoutSegments(report, 1400);
    const drawn = layoutMarks(volumeMarks(report), segments);
    const slack = drawn.find((d) => d.kind === VOLUME_SLACK);
    const partition3 = segments.find((s) => s.partitionIndex === 3);
    assert.ok(slack && partition3);
    assert.equal(slack.region, true);
    assert.ok(slack.x > partition3.x && slack.x + slack.width <= partition3.x + partition3.width);
    const lost = drawn.find((d) => d.kind === LOST_FILESYSTEM);
    const gap = segments.find((s) => s.start === BigInt(RESIZED_DISK.lost.start));
    assert.ok(lost && gap);
    assert.ok(lost.x >= gap.x && lost.x + lost.width <= gap.x + gap.width + 1);
  });

  test('the volume at an LBA, and the templates located in it', () => {
    const volumes = foundVolumes(report);
    assert.deepEqual(
      volumes.map((v) => [v.where, v.title, v.filesystem.label]),
      [
        ['partition', 'Partition 1', 'bigext4'],
        ['partition', 'Partition 2', 'BIGEXFAT'],
        ['partition', 'Partition 3', 'smallext4'],
        ['gap', `Unallocated LBA ${RESIZED_DISK.lost.start}`, 'lostext2'],
      ],
    );
    const lost = volumeAt(volumes, BigInt(RESIZED_DISK.lost.start + 5));
    assert.equal(lost?.where, 'gap');
    assert.equal(volumeAt(volumes, 1000n), null, 'LBA 1000 is in no volume');
    assert.ok(lost);
    const ofLost = structures.filter((s) => isStructureOf(lost, s)).map((s) => s.id);
    assert.ok(ofLost.includes(`gap-${RESIZED_DISK.lost.start}-superblock`), ofLost.join());
    const p1 = volumes[0];
    assert.ok(p1);
    assert.ok(structures.filter((s) => isStructureOf(p1, s)).every((s) => s.partitionIndex === 1));
  });
});
