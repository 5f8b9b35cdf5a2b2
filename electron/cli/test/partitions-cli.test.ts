import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PartitionsJson } from '../../shared/disk';
import { expectedGaps } from '../../shared/disk/test/helpers/compare';
import {
  buildGptFilesystemDisk,
  buildMbrDisk,
  buildResizedDisk,
  RESIZED_DISK,
} from '../../shared/disk/test/helpers/images';
import {
  blkidExport,
  mmls,
  sfdiskJson,
  sfdiskNumber,
} from '../../shared/disk/test/helpers/oracles';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.cjs');

function partitions(args: string[]): PartitionsJson {
  const result = spawnSync(process.execPath, [CLI, 'partitions', ...args, '--json'], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as PartitionsJson;
}

/** `sectorscope partitions --json`, field by field against sfdisk --json and mmls. */
function assertMatchesOracles(report: PartitionsJson, image: string, mmlsArgs: string[] = []) {
  const table = sfdiskJson(image);
  assert.equal(report.scheme, table.label === 'gpt' ? 'gpt' : 'mbr');
  const ours = report.partitions.filter((p) => p.kind !== 'extended' || table.label === 'dos');
  assert.equal(ours.length, table.partitions.length);
  for (const expected of table.partitions) {
    const index = sfdiskNumber(expected);
    const partition = report.partitions.find((p) => p.index === index);
    assert.ok(partition, `partition ${index}`);
    assert.equal(partition.start, expected.start);
    assert.equal(partition.size, expected.size);
    assert.equal(partition.end, expected.start + expected.size - 1);
    if (table.label === 'gpt') {
      assert.equal(partition.type, expected.type.toUpperCase());
      assert.equal(partition.guid, expected.uuid?.toUpperCase());
      assert.equal(partition.name, expected.name ?? '');
    } else {
      assert.equal(
        partition.type,
        `0x${Number.parseInt(expected.type, 16).toString(16).padStart(2, '0')}`,
      );
      assert.equal(partition.bootable, expected.bootable === true);
    }
  }
  const backupTables =
    report.scheme === 'gpt'
      ? report.slots.filter((s) => s.extra).map((s) => ({ start: s.start, end: s.end }))
      : [];
  const ourGaps = report.gaps.map((g) => ({ start: g.start, end: g.end }));
  const oracleGaps = expectedGaps(
    mmls(image, mmlsArgs),
    backupTables.map((r) => ({ start: BigInt(r.start), end: BigInt(r.end) })),
  );
  assert.deepEqual(
    ourGaps,
    oracleGaps.map((g) => ({ start: Number(g.start), end: Number(g.end) })),
  );
}

describe('sectorscope partitions', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-partitions-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a GPT disk with FAT32, NTFS, ext4 and exFAT equals sfdisk and mmls', () => {
    const image = buildGptFilesystemDisk(dir);
    const report = partitions([image]);
    assertMatchesOracles(report, image);
    assert.deepEqual(
      report.partitions.map((p) => p.filesystem?.type),
      ['fat32', 'ntfs', 'ext4', 'exfat'],
    );
    assert.deepEqual(report.findings, []);
  });

  test('an MBR disk with an extended partition and two logicals equals sfdisk and mmls', () => {
    const image = buildMbrDisk(dir);
    const report = partitions([image]);
    assertMatchesOracles(report, image);
    assert.deepEqual(
      report.partitions.map((p) => [p.index, p.kind]),
      [
        [1, 'primary'],
        [2, 'extended'],
        [5, 'logical'],
        [6, 'logical'],
      ],
    );
  });

  test('a resized disk: sizes, volume slack and a lost partition in the JSON and the text', () => {
    const image = buildResizedDisk(dir);
    const report = partitions([image]);
    assertMatchesOracles(report, image);
    const { small, lost } = RESIZED_DISK;
    assert.deepEqual(
      report.findings.map((f) => [f.code, f.lba]),
      [
        ['FILESYSTEM_LARGER_THAN_PARTITION', RESIZED_DISK.ext4.start],
        ['FILESYSTEM_LARGER_THAN_PARTITION', RESIZED_DISK.exfat.start],
        ['VOLUME_SLACK', report.partitions[2]?.volumeSlack?.start],
        ['FILESYSTEM_IN_GAP', lost.start],
      ],
    );
    assert.equal(report.partitions[2]?.volumeSlack?.end, small.start + small.sectors - 1);
    assert.equal(report.partitions[2]?.filesystem?.size, small.fsKiB * 1024);
    const probe = blkidExport(image, BigInt(lost.start * 512));
    assert.deepEqual(
      report.gapFilesystems.map((f) => [f.start, f.filesystem.type, f.filesystem.uuid]),
      [[lost.start, probe.get('TYPE'), probe.get('UUID')]],
    );
    const text = spawnSync(process.execPath, [CLI, 'partitions', image], { encoding: 'utf8' });
    assert.equal(text.status, 0, text.stderr);
    assert.match(
      text.stdout,
      /^Volume slack \(partition sectors past the end of their filesystem\):$/m,
    );
    assert.match(
      text.stdout,
      new RegExp(`^  partition 3: LBA ${report.partitions[2]?.volumeSlack?.start}-`, 'm'),
    );
    assert.match(
      text.stdout,
      new RegExp(
        `^  LBA ${lost.start}-${lost.start + lost.sectors - 1}: ext2 "${lost.label}" \\(8\\.0 MiB\\)$`,
        'm',
      ),
    );
    assert.match(text.stdout, /WARNING FILESYSTEM_LARGER_THAN_PARTITION at LBA 2048: Partition 1/);
  });

  test(
    'a 4096-byte-sector image read with --sector-size 4096 equals the 4Kn loop device',
    { skip: process.getuid?.() === 0 ? false : 'needs root for losetup' },
    () => {
      const image = join(dir, '4kn.img');
      execFileSync('truncate', ['-s', '64M', image]);
      const device = execFileSync('losetup', ['--find', '--show', '--sector-size', '4096', image])
        .toString()
        .trim();
      try {
        execFileSync(
          'sgdisk',
          ['--new=1:256:+16M', '--change-name=1:four-k', '--new=2:0:+8M', device],
          { stdio: 'pipe' },
        );
        const fromDevice = partitions([device]);
        assertMatchesOracles(fromDevice, device, ['-b', '4096']);
        const fromImage = partitions([image, '--sector-size', '4096']);
        assert.deepEqual(fromImage.partitions, fromDevice.partitions);
        assert.equal(fromImage.sectorSize, 4096);
        const asIf512 = partitions([image]);
        assert.ok(
          asIf512.findings.some((f) => /4096/.test(f.message)),
          'reading it as 512 suggests 4096',
        );
      } finally {
        execFileSync('losetup', ['-d', device]);
      }
    },
  );
});
