import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { analyzeDisk, type DiskLayout } from '../index';
import {
  assertPartitionsMatchSfdisk,
  assertSlotsMatchMmls,
  codes,
  partitionByIndex,
} from './helpers/compare';
import { buildMbrDisk, buildPlainGptDisk, patchFile } from './helpers/images';
import { memorySource } from './helpers/memory-source';
import { mmls, sfdiskJson, sfdiskNumber } from './helpers/oracles';
import { makeTempDir, run, runAll } from './helpers/tools';

const analyze = (path: string): Promise<DiskLayout> =>
  analyzeDisk(memorySource(readFileSync(path)), { crc32 });

function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

describe('damaged partition tables', () => {
  const dir = makeTempDir('damaged');
  let gpt = '';
  let mbr = '';

  before(() => {
    gpt = buildPlainGptDisk(dir.path);
    mbr = buildMbrDisk(dir.path);
  });
  after(() => dir.remove());

  function damagedCopy(source: string, name: string): string {
    const path = join(dir.path, name);
    copyFileSync(source, path);
    return path;
  }

  test('primary GPT header CRC broken: the backup is used, as sfdisk and sgdisk do', async () => {
    const path = damagedCopy(gpt, 'bad-header.img');
    const stored = readFileSync(path).readUInt32LE(512 + 16);
    patchFile(path, 512 + 16, u32(stored ^ 0xff));
    const sfdisk = runAll('sfdisk', ['--json', path]);
    assert.match(sfdisk.stderr, /primary GPT table is corrupt/);
    const verify = runAll('sgdisk', ['-v', path]);
    assert.match(verify.stdout + verify.stderr, /invalid main GPT header, but valid backup/);

    const layout = await analyze(path);
    assertPartitionsMatchSfdisk(layout, sfdiskJson(path));
    assert.equal(layout.gpt?.used, 'backup');
    const crcFinding = layout.findings.find((f) => f.code === 'GPT_HEADER_CRC');
    assert.equal(crcFinding?.lba, 1n);
    assert.equal(crcFinding?.severity, 'error');
    const header = readFileSync(path).subarray(512, 512 + 92);
    const zeroed = Buffer.from(header);
    zeroed.writeUInt32LE(0, 16);
    const hex = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
    assert.ok(crcFinding?.message.includes(`stored ${hex((stored ^ 0xff) >>> 0)}`));
    assert.ok(crcFinding?.message.includes(`computed ${hex(crc32(zeroed))}`));
    assert.ok(codes(layout).includes('GPT_USING_BACKUP'));
    // mmls ignores CRCs and still reads the primary; positions agree.
    assertSlotsMatchMmls(layout, mmls(path));
  });

  test('entry array CRC broken: the backup is used and the changed entry is named', async () => {
    const path = damagedCopy(gpt, 'bad-entries.img');
    patchFile(path, 1024 + 56, new TextEncoder().encode('X'));
    assert.match(runAll('sfdisk', ['--json', path]).stderr, /primary GPT table is corrupt/);
    assert.match(run('sgdisk', ['-v', path]), /CRC for the main partition table is invalid/);

    const layout = await analyze(path);
    assertPartitionsMatchSfdisk(layout, sfdiskJson(path));
    assert.equal(partitionByIndex(layout, 1).name, 'EFI system');
    assert.deepEqual(
      layout.findings.map((f) => [f.code, f.lba]),
      [
        ['GPT_ENTRIES_CRC', 2n],
        ['GPT_ENTRY_DIFFERS', 2n],
        ['GPT_USING_BACKUP', layout.sectorCount - 1n],
      ],
    );
    assert.match(layout.findings[1]?.message ?? '', /entry 1 .*"XFI system".*"EFI system"/);
  });

  test('primary GPT wiped: the backup is used, as mmls falls back to it', async () => {
    const path = damagedCopy(gpt, 'no-primary.img');
    patchFile(path, 512, new Uint8Array(512 * 33));
    const layout = await analyze(path);
    assertPartitionsMatchSfdisk(layout, sfdiskJson(path));
    assert.equal(layout.gpt?.primary, null);
    assert.ok(codes(layout).includes('GPT_HEADER_MISSING'));
    // Told it is GPT, mmls falls back to the backup header and lists the backup's areas.
    assertSlotsMatchMmls(layout, mmls(path, ['-t', 'gpt']));
    // The wiped primary area is no longer a table: it shows up as a gap.
    assert.equal(layout.gaps[0]?.start, 1n);
  });

  test('image truncated: backup GPT missing and partitions past the end are reported', async () => {
    const path = damagedCopy(gpt, 'truncated.img');
    run('truncate', ['-s', '50M', path]);
    const layout = await analyze(path);
    const sectors = BigInt(statSync(path).size / 512);
    assert.equal(layout.sectorCount, sectors);
    assert.equal(layout.gpt?.used, 'primary');
    const found = codes(layout);
    assert.ok(found.includes('GPT_HEADER_MISSING'), found.join());
    assert.ok(found.includes('GPT_BACKUP_NOT_AT_END'), found.join());
    const pastEnd = layout.findings.filter(
      (f) => f.code === 'PARTITION_PAST_END' || f.code === 'PARTITION_STARTS_PAST_END',
    );
    const expectedPast = sfdiskJson(gpt).partitions.filter(
      (p) => BigInt(p.start + p.size) > sectors,
    );
    assert.deepEqual(
      pastEnd.map((f) => f.lba),
      expectedPast.map((p) => BigInt(p.start)),
    );
  });

  test('an EBR pointing back at itself: the loop is reported, not followed', async () => {
    const path = damagedCopy(mbr, 'ebr-loop.img');
    const [first, second] = (await analyze(mbr)).ebrs;
    assert.ok(first && second);
    // The second EBR's link (slot 2, relative to the first EBR) points at the second EBR itself.
    const relative = Number(second.lba - first.lba);
    const link = Number(second.lba) * 512 + 446 + 16;
    patchFile(path, link + 4, Uint8Array.of(0x05));
    patchFile(path, link + 8, Uint8Array.of(...u32(relative), ...u32(1000)));

    const sfdisk = runAll('sfdisk', ['--json', path]);
    assert.match(sfdisk.stderr, /Omitting partitions after #60/, 'sfdisk loops until its limit');
    const layout = await analyze(path);
    const loop = layout.findings.find((f) => f.code === 'EBR_LOOP');
    assert.equal(loop?.lba, second.lba);
    assert.equal(loop?.severity, 'error');
    // Up to the loop, the partitions are sfdisk's; sfdisk then repeats the last one.
    const listed = sfdiskJson(path).partitions;
    const distinct = listed.filter(
      (p, i) => i === listed.findIndex((q) => q.start === p.start && q.size === p.size),
    );
    assert.deepEqual(
      layout.partitions.map((p) => [p.index, p.start, p.size]),
      distinct.map((p) => [sfdiskNumber(p), BigInt(p.start), BigInt(p.size)]),
    );
    assertSlotsMatchMmls(layout, mmls(path));
  });

  test('a partition running past the end of the disk', async () => {
    const path = damagedCopy(mbr, 'past-end.img');
    const entry = 446 + 2 * 16;
    patchFile(path, entry, Uint8Array.of(0, 0, 0, 0, 0x83, 0, 0, 0, ...u32(100000), ...u32(40000)));
    const layout = await analyze(path);
    assertPartitionsMatchSfdisk(layout, sfdiskJson(path));
    const sectors = BigInt(statSync(path).size / 512);
    assert.ok(partitionByIndex(layout, 3).end >= sectors);
    const finding = layout.findings.find((f) => f.code === 'PARTITION_PAST_END');
    assert.equal(finding?.lba, 100000n);
    assert.match(
      finding?.message ?? '',
      new RegExp(`${139999n - sectors + 1n} sectors past the end`),
    );
    assertSlotsMatchMmls(layout, mmls(path));
  });

  test('overlapping partitions are reported, as sfdisk --verify reports them', async () => {
    const path = damagedCopy(mbr, 'overlap.img');
    const entry = 446 + 2 * 16;
    patchFile(path, entry, Uint8Array.of(0, 0, 0, 0, 0x83, 0, 0, 0, ...u32(10000), ...u32(5000)));
    const verify = runAll('sfdisk', ['--verify', path]);
    assert.match(verify.stdout + verify.stderr, /Partition 1: overlaps partition 3/);
    const layout = await analyze(path);
    const overlaps = layout.findings.filter((f) => f.code === 'PARTITION_OVERLAP');
    assert.equal(overlaps.length, 1);
    assert.match(overlaps[0]?.message ?? '', /partition 3 .* overlaps partition 1/);
  });
});
