import assert from 'node:assert/strict';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  analyzeDisk,
  decodeTemplate,
  locateStructures,
  TEMPLATES,
  type DiskLayout,
} from '../index';
import {
  assertPartitionsMatchSfdisk,
  assertSlotsMatchMmls,
  expectedGaps,
  partitionByIndex,
} from './helpers/compare';
import { createSparse } from './helpers/images';
import { fileSource } from './helpers/memory-source';
import {
  blkid,
  fsstat,
  keyValues,
  mmls,
  need,
  sfdiskJson,
  type SfdiskTable,
} from './helpers/oracles';
import { isRoot, makeTempDir, run } from './helpers/tools';

const SECTOR = 4096;

function readAt(path: string, offset: number, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const out = new Uint8Array(length);
    readSync(fd, out, 0, length, offset);
    return out;
  } finally {
    closeSync(fd);
  }
}

describe(
  'GPT on a disk with 4096-byte logical sectors',
  { skip: isRoot() ? false : 'needs root: losetup --sector-size 4096' },
  () => {
    const dir = makeTempDir('4kn');
    let image = '';
    let table: SfdiskTable;
    let layout: DiskLayout;

    before(async () => {
      image = join(dir.path, 'disk-4kn.img');
      createSparse(image, 320 * 1024 * 1024);
      const loop = run('losetup', [
        '--find',
        '--show',
        '--sector-size',
        String(SECTOR),
        image,
      ]).trim();
      try {
        run('sgdisk', [
          '--new=1:256:+66000',
          '--typecode=1:0700',
          '--change-name=1:fat 4k',
          '--new=2:0:+4096',
          '--typecode=2:8300',
          '--change-name=2:ext4 4k',
          loop,
        ]);
        table = sfdiskJson(loop);
      } finally {
        run('losetup', ['-d', loop]);
      }
      const fat = table.partitions[0];
      const ext = table.partitions[1];
      assert.ok(fat && ext);
      const side = join(dir.path, 'fat.side');
      createSparse(side, fat.size * SECTOR);
      run('mkfs.fat', ['-F', '32', '-S', String(SECTOR), '-s', '1', '-n', 'FAT4KN', side]);
      run('dd', [
        `if=${side}`,
        `of=${image}`,
        `bs=${SECTOR}`,
        `seek=${fat.start}`,
        'conv=notrunc',
        'status=none',
      ]);
      run('mkfs.ext4', [
        '-q',
        '-F',
        '-b',
        '4096',
        '-L',
        'ext4kn',
        '-E',
        `offset=${ext.start * SECTOR}`,
        image,
        `${(ext.size * SECTOR) / 1024}k`,
      ]);
      const source = fileSource(image, SECTOR);
      try {
        layout = await analyzeDisk(source, { crc32 });
      } finally {
        source.close();
      }
    });
    after(() => dir.remove());

    test('the GPT header is found at byte 4096 and the partitions match sfdisk on the loop device', () => {
      assert.equal(table.sectorsize, SECTOR);
      assert.equal(Buffer.from(readAt(image, 4096, 8)).toString('latin1'), 'EFI PART');
      assertPartitionsMatchSfdisk(layout, table);
      assert.equal(layout.gpt?.header.entriesLba, 2n);
      assert.equal(layout.gpt?.header.entrySectors, 4);
      assert.deepEqual(layout.findings, []);
    });

    test('slots and gaps reproduce mmls -b 4096', () => {
      const rows = mmls(image, ['-b', String(SECTOR)]);
      assertSlotsMatchMmls(layout, rows);
      const backup = { start: BigInt((table.lastlba ?? 0) + 1), end: layout.sectorCount - 1n };
      assert.deepEqual(layout.gaps, expectedGaps(rows, [backup]));
    });

    test('filesystems with 4096-byte sectors are detected and located', () => {
      const fat = partitionByIndex(layout, 1);
      const ext = partitionByIndex(layout, 2);
      assert.equal(
        fat.filesystem?.type,
        blkid(image, fat.start * 4096n)
          .get('VERSION')
          ?.toLowerCase(),
      );
      assert.equal(ext.filesystem?.type, blkid(image, ext.start * 4096n).get('TYPE'));
      const info = keyValues(fsstat(image, fat.start, SECTOR));
      const locations = locateStructures(layout);
      const fsInfo = locations.find((l) => l.id === 'p1-fsinfo');
      const backup = locations.find((l) => l.id === 'p1-backup-boot');
      // fsstat counts filesystem sectors (4096 bytes here), relative to the volume.
      assert.equal(
        fsInfo?.byteOffset,
        fat.start * 4096n + BigInt(need(info, '** FS Info Sector')) * 4096n,
      );
      assert.equal(
        backup?.byteOffset,
        fat.start * 4096n + BigInt(need(info, '** Backup Boot Sector')) * 4096n,
      );
      const sb = locations.find((l) => l.id === 'p2-superblock');
      assert.equal(sb?.byteOffset, ext.start * 4096n + 1024n);
      assert.equal(
        sb?.lba,
        ext.start,
        "the ext superblock lies inside the partition's first sector",
      );
      const boot = readAt(image, Number(fat.start) * SECTOR, 512);
      const fields = decodeTemplate(TEMPLATES['fat32-boot'], boot, fat.start * 4096n);
      assert.equal(fields.find((f) => f.name === 'Bytes per sector')?.value, SECTOR);
    });

    test('read with 512-byte sectors, the disk says which sector size to use', async () => {
      const source = fileSource(image, 512);
      const wrong = await analyzeDisk(source, { crc32 });
      source.close();
      const hint = wrong.findings.find((f) => f.code === 'SECTOR_SIZE_MISMATCH');
      assert.match(hint?.message ?? '', /--sector-size 4096/);
    });
  },
);
