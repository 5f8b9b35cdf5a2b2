// The sample's GPT as sgdisk, sfdisk and mmls (The Sleuth Kit) read it.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gapMarkerSector } from '../sample-contents';
import {
  lastLba,
  SAMPLE_DISK_GUID,
  SAMPLE_GAP,
  SAMPLE_PARTITIONS,
  SAMPLE_SECTOR_COUNT,
} from '../sample-layout';
import { parseMmls, runTool, toolBytes, toolText } from './oracle-tools';
import { damagedCopy, makeTempSample, type TempSample } from './temp-sample';

let sample: TempSample;
before(async () => {
  sample = await makeTempSample();
});
after(() => sample.remove());

test('sgdisk -v finds no problems in the protective MBR, both headers and both arrays', () => {
  const result = runTool('sgdisk', ['-v', sample.image]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /No problems found/);
  assert.doesNotMatch(result.stdout, /warning|problem:|mismatch|invalid/i);
  assert.equal(result.stderr.trim(), '', 'sgdisk printed warnings');
});

test('sgdisk -v notices a damaged entry array (so the check above can fail)', async () => {
  const damaged = join(sample.folder, 'damaged-gpt.img');
  const firstEntryName = 2 * 512 + 56;
  await damagedCopy(sample.image, damaged, firstEntryName, Uint8Array.of(0x58));
  const result = runTool('sgdisk', ['-v', damaged]);
  assert.doesNotMatch(result.stdout, /No problems found/);
  assert.match(result.stdout, /Problem: The CRC for the main partition table is invalid/);
  assert.match(result.stderr, /Main partition table: ERROR/);
});

test('sfdisk --json lists both partitions at their places with their names, types and GUIDs', () => {
  const table = JSON.parse(toolText('sfdisk', ['--json', sample.image])).partitiontable;
  assert.equal(table.label, 'gpt');
  assert.equal(table.id, SAMPLE_DISK_GUID);
  assert.equal(table.sectorsize, 512);
  assert.equal(table.firstlba, 34);
  assert.equal(table.lastlba, SAMPLE_SECTOR_COUNT - 34);
  const seen = table.partitions.map((p: Record<string, unknown>) => ({
    start: p.start,
    size: p.size,
    type: p.type,
    uuid: p.uuid,
    name: p.name,
  }));
  const expected = SAMPLE_PARTITIONS.map((p) => ({
    start: p.firstLba,
    size: p.sectorCount,
    type: p.typeGuid,
    uuid: p.uniqueGuid,
    name: p.name,
  }));
  assert.deepEqual(seen, expected);
});

test('mmls shows the GPT structures, both partitions and the gap between them', () => {
  const rows = parseMmls(toolText('mmls', [sample.image]));
  const find = (description: string) => rows.find((row) => row.description === description);
  assert.deepEqual(pick(find('Safety Table')), { start: 0, end: 0 });
  assert.deepEqual(pick(find('GPT Header')), { start: 1, end: 1 });
  assert.deepEqual(pick(find('Partition Table')), { start: 2, end: 33 });
  for (const partition of SAMPLE_PARTITIONS) {
    const row = find(partition.name);
    assert.deepEqual(pick(row), { start: partition.firstLba, end: lastLba(partition) });
    assert.equal(row?.slot, String(partition.number - 1).padStart(3, '0'));
  }
  const unallocated = rows.filter((row) => row.description === 'Unallocated').map(pick);
  const [first, second] = SAMPLE_PARTITIONS;
  assert.ok(first && second);
  assert.deepEqual(unallocated, [
    { start: 0, end: first.firstLba - 1 },
    { start: SAMPLE_GAP.firstLba, end: SAMPLE_GAP.lastLba },
    { start: lastLba(second) + 1, end: SAMPLE_SECTOR_COUNT - 1 },
  ]);
  assert.ok(SAMPLE_GAP.lastLba - SAMPLE_GAP.firstLba + 1 >= 2 * 2048, 'the gap is a few MiB');
});

test('the first sector of the gap holds the marker text (read with blkcat)', () => {
  const sector = toolBytes('blkcat', ['-f', 'raw', sample.image, String(SAMPLE_GAP.firstLba), '1']);
  assert.equal(sector.length, 512);
  assert.match(
    sector.toString('latin1'),
    /^SECTORSCOPE SAMPLE DISK: this sector lies in unallocated/,
  );
  assert.deepEqual(new Uint8Array(sector), gapMarkerSector());
});

function pick(row: { start: number; end: number } | undefined) {
  return row && { start: row.start, end: row.end };
}
