// Evidence as it arrives damaged, each said plainly and never shown as data: an E01 with a
// segment missing (in the middle, or the last), a segment cut short, a chunk whose checksum
// fails (its sectors unreadable, at the range ewfverify names), a damaged first segment; formats
// this app does not read; split raw with a gap or a short segment.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSource, type EvidenceSource, type UnreadableSector } from '..';
import {
  buildEvidenceDisk,
  formatToolsMissing,
  makeEwf,
  makeSplit,
  tempFolder,
  type EvidenceDisk,
} from './helpers/evidence-images';

/** Every unreadable sector of the whole source, and the bytes it gave for them. */
async function unreadableOf(
  source: EvidenceSource,
): Promise<{ sectors: UnreadableSector[]; zero: boolean }> {
  const sectors: UnreadableSector[] = [];
  let zero = true;
  const piece = 4 * 1024 * 1024;
  const sectorSize = BigInt(source.geometry.logicalSectorSize);
  for (let offset = 0n; offset < source.geometry.size; offset += BigInt(piece)) {
    const read = await source.read(offset, piece);
    for (const sector of read.unreadable) {
      sectors.push(sector);
      const at = Number(sector.lba * sectorSize - offset);
      if (!read.data.subarray(at, at + Number(sectorSize)).every((byte) => byte === 0))
        zero = false;
    }
  }
  return { sectors, zero };
}

/** "191616 - 191679 (number: 64)" ranges of ewfverify's report. */
function ewfverifyRanges(image: string): [bigint, bigint][] {
  const result = spawnSync('ewfverify', ['-q', image], { encoding: 'utf8' });
  return [...`${result.stdout}${result.stderr}`.matchAll(/at sector\(s\): (\d+) - (\d+)/g)].map(
    (match) => [BigInt(match[1] ?? 0), BigInt(match[2] ?? 0)],
  );
}

function rangesOf(sectors: UnreadableSector[]): [bigint, bigint][] {
  const ranges: [bigint, bigint][] = [];
  for (const { lba } of sectors) {
    const last = ranges.at(-1);
    if (last && last[1] + 1n === lba) last[1] = lba;
    else ranges.push([lba, lba]);
  }
  return ranges;
}

function copyImage(files: string[], folder: string): string {
  mkdirSync(folder, { recursive: true });
  for (const file of files) copyFileSync(file, join(folder, file.split('/').at(-1) ?? ''));
  return join(folder, 'disk.E01');
}

const skip = formatToolsMissing();

describe('damaged E01 images', { skip: skip ?? false }, () => {
  const folder = tempFolder('sectorscope-bad-e01-');
  let disk: EvidenceDisk;
  let segments: string[];

  before(() => {
    disk = buildEvidenceDisk(folder.path, 512);
    makeEwf(disk.path, join(folder.path, 'whole', 'disk'), { segmentBytes: '1MiB' });
    segments = readdirSync(join(folder.path, 'whole'))
      .filter((name) => /^disk\.E\d\d$/.test(name))
      .sort()
      .map((name) => join(folder.path, 'whole', name));
    assert.ok(segments.length >= 3, `the image has ${segments.length} segments`);
  });
  after(() => folder.remove());

  test('a missing middle segment is named, and the sectors it held are unreadable, not zeros', async () => {
    const image = copyImage(
      segments.filter((_, i) => i !== 1),
      join(folder.path, 'middle'),
    );
    const source = await openSource({ path: image });
    try {
      assert.match(source.details.warnings.join('\n'), /Segment 2 of disk\.E01 is missing/);
      const { sectors, zero } = await unreadableOf(source);
      assert.ok(sectors.length > 0, 'the missing data is unreadable');
      assert.ok(sectors.every((sector) => sector.error.code === 'IMAGE_MISSING_DATA'));
      assert.ok(zero, 'and zero in the bytes, never garbage');
      assert.deepEqual(rangesOf(sectors), ewfverifyRanges(image), 'the ranges ewfverify reports');
    } finally {
      await source.close();
    }
  });

  test('a missing last segment is found from the section chain; the stored hashes go with it', async () => {
    const image = copyImage(segments.slice(0, -1), join(folder.path, 'last'));
    const source = await openSource({ path: image });
    try {
      assert.match(
        source.details.warnings.join('\n'),
        /does not end the image .* a later segment is missing/,
      );
      assert.deepEqual(source.details.storedHashes, {});
      const { sectors } = await unreadableOf(source);
      assert.deepEqual(rangesOf(sectors), ewfverifyRanges(image));
    } finally {
      await source.close();
    }
  });

  test('a segment cut short is named', async () => {
    const image = copyImage(segments, join(folder.path, 'short'));
    truncateSync(join(folder.path, 'short', 'disk.E02'), 300_000);
    const source = await openSource({ path: image });
    try {
      assert.match(source.details.warnings.join('\n'), /Segment disk\.E02 is cut short/);
      const { sectors, zero } = await unreadableOf(source);
      assert.ok(sectors.length > 0 && zero);
    } finally {
      await source.close();
    }
  });

  test('a chunk that fails its checksum: its sectors are unreadable at the range ewfverify names', async () => {
    const image = copyImage(segments, join(folder.path, 'flip'));
    const segment = join(folder.path, 'flip', 'disk.E02');
    // A byte in the middle of the second segment's chunks (the first segment ends with the
    // compressed zeros; the second holds the random data).
    const fd = openSync(segment, 'r+');
    writeSync(fd, Buffer.from([0x5a]), 0, 1, 400_000);
    closeSync(fd);
    const expected = ewfverifyRanges(image);
    assert.equal(expected.length, 1, 'ewfverify finds one bad chunk');
    const source = await openSource({ path: image });
    try {
      assert.deepEqual(source.details.warnings, []);
      const { sectors, zero } = await unreadableOf(source);
      assert.deepEqual(rangesOf(sectors), expected);
      assert.ok(sectors.every((sector) => sector.error.code === 'IMAGE_CHECKSUM'));
      assert.match(sectors[0]?.error.message ?? '', /failed its checksum/);
      assert.ok(zero, 'the bad chunk reads as zeros, listed, never as its damaged bytes');
    } finally {
      await source.close();
    }
  });

  test('a damaged first segment is refused with what is wrong with it', async () => {
    const image = copyImage(segments, join(folder.path, 'damaged'));
    const fd = openSync(image, 'r+');
    writeSync(fd, Buffer.alloc(16), 0, 16, 13);
    closeSync(fd);
    await assert.rejects(
      openSource({ path: image }),
      /Cannot open .*disk\.E01 as an EWF image: .* Segment disk\.E01 is damaged: the section descriptor at byte 13 is not one of EWF's\./,
    );
  });
});

describe(
  'formats this app does not read, and split raw with holes',
  { skip: skip ?? false },
  () => {
    const folder = tempFolder('sectorscope-bad-other-');
    let disk: EvidenceDisk;
    before(() => {
      disk = buildEvidenceDisk(folder.path, 512);
    });
    after(() => folder.remove());

    test('a QCOW2 image is named, with the command that converts it', async () => {
      const image = join(folder.path, 'disk.qcow2');
      execFileSync('qemu-img', ['convert', '-O', 'qcow2', disk.path, image]);
      await assert.rejects(
        openSource({ path: image }),
        /disk\.qcow2 is a QCOW image: not supported; convert it to a raw image with `qemu-img convert -O raw IMAGE IMAGE\.raw`/,
      );
    });

    test('a VirtualBox VDI image is named, with the command that converts it', async () => {
      const image = join(folder.path, 'disk.vdi');
      execFileSync('qemu-img', ['convert', '-O', 'vdi', disk.path, image]);
      await assert.rejects(openSource({ path: image }), /is a VirtualBox VDI image: not supported/);
    });

    test('split raw with a segment missing is refused, naming it', async () => {
      const first = makeSplit(disk.path, join(folder.path, 'gap', 'disk.'), 20 * 1024 * 1024);
      rmSync(join(folder.path, 'gap', 'disk.003'));
      await assert.rejects(
        openSource({ path: first }),
        /segment disk\.003 is missing \(found disk\.001 to disk\.002, then disk\.004\)/,
      );
    });

    test('split raw with a short segment before the last opens, and says so', async () => {
      const first = makeSplit(disk.path, join(folder.path, 'short', 'disk.'), 20 * 1024 * 1024);
      truncateSync(join(folder.path, 'short', 'disk.002'), 10 * 1024 * 1024);
      const source = await openSource({ path: first });
      try {
        assert.equal(source.identity.format, 'split');
        assert.match(
          source.details.warnings.join('\n'),
          /Segment disk\.002 is 10485760 bytes, shorter than the first/,
        );
      } finally {
        await source.close();
      }
    });
  },
);
