// Every evidence format behind the one source seam, against the tools that made or unpack it: a
// disk with a GPT, ext4 and FAT16 becomes a segmented E01 (ewfacquire; ewfexport and ewfinfo the
// oracles), split raw (split; cat), VMDK, VHD and VHDX (qemu-img convert; qemu-img convert -O raw
// back) and AFF (affconvert; affcat). Each gives the raw disk's bytes, size and partitions; the
// E01 its acquisition metadata and stored hashes; and a 4096-byte-sector E01 its own geometry.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { analyzeDisk, partitionsReport } from '../../shared/disk';
import { openSource, parserSectors, type EvidenceSource, type SourceFormat } from '..';
import {
  buildEvidenceDisk,
  formatToolsMissing,
  makeEwf,
  makeSplit,
  sha256OfFile,
  tempFolder,
  type EvidenceDisk,
} from './helpers/evidence-images';

/** SHA-256 of every byte the source gives, read in 1 MiB pieces. */
async function sha256OfSource(source: EvidenceSource): Promise<string> {
  const hash = createHash('sha256');
  const piece = 1024 * 1024;
  for (let offset = 0n; offset < source.geometry.size; offset += BigInt(piece)) {
    const read = await source.read(offset, piece);
    assert.deepEqual(read.unreadable, [], `unreadable sectors at ${offset}`);
    hash.update(read.data);
  }
  return hash.digest('hex');
}

async function partitionsOf(source: EvidenceSource) {
  return partitionsReport(await analyzeDisk(parserSectors(source), { crc32 }));
}

const skip = formatToolsMissing();

describe('evidence formats give the raw disk, byte for byte', { skip: skip ?? false }, () => {
  const folder = tempFolder('sectorscope-formats-');
  let disk: EvidenceDisk;
  let rawPartitions: Awaited<ReturnType<typeof partitionsOf>>;

  before(async () => {
    disk = buildEvidenceDisk(folder.path, 512);
    const raw = await openSource({ path: disk.path });
    rawPartitions = await partitionsOf(raw);
    await raw.close();
    assert.equal(rawPartitions.partitions.length, 2, 'the base disk has its two partitions');
  });
  after(() => folder.remove());

  const cases: {
    format: SourceFormat;
    make: () => string;
    /** The oracle's raw bytes, as a file. */
    unpack: (image: string) => string;
    /** How many files the image is made of. */
    segments?: (image: string) => number;
  }[] = [
    {
      format: 'ewf',
      make: () => makeEwf(disk.path, join(folder.path, 'e01', 'disk'), { segmentBytes: '1MiB' }),
      unpack: (image) => {
        const out = join(folder.path, 'e01-export');
        execFileSync('ewfexport', ['-u', '-q', '-t', out, '-f', 'raw', image]);
        return `${out}.raw`;
      },
      segments: (image) => filesLike(image, /^disk\.E[0-9]{2}$/),
    },
    {
      format: 'split',
      make: () => makeSplit(disk.path, join(folder.path, 'split', 'disk.raw.'), 30 * 1024 * 1024),
      unpack: (image) => {
        const out = join(folder.path, 'split-cat.raw');
        execFileSync('sh', ['-c', `cat "$1"0* > "$2"`, 'sh', image.slice(0, -3), out]);
        return out;
      },
      segments: (image) => filesLike(image, /^disk\.raw\.[0-9]{3}$/),
    },
    ...(['vmdk', 'vpc', 'vhdx'] as const).map((qemuFormat) => ({
      format: (qemuFormat === 'vpc' ? 'vhd' : qemuFormat) as SourceFormat,
      make: () => {
        const out = join(folder.path, `disk.${qemuFormat}`);
        const options = qemuFormat === 'vpc' ? ['-o', 'force_size=on'] : [];
        execFileSync('qemu-img', ['convert', '-O', qemuFormat, ...options, disk.path, out]);
        return out;
      },
      unpack: (image: string) => {
        const out = join(folder.path, `${qemuFormat}-back.raw`);
        execFileSync('qemu-img', ['convert', '-O', 'raw', image, out]);
        return out;
      },
    })),
    {
      format: 'aff',
      make: () => {
        const out = join(folder.path, 'disk.aff');
        execFileSync('affconvert', ['-q', '-o', out, disk.path]);
        return out;
      },
      unpack: (image) => {
        const out = join(folder.path, 'aff-cat.raw');
        execFileSync('sh', ['-c', 'affcat "$1" > "$2"', 'sh', image, out]);
        return out;
      },
    },
  ];

  for (const { format, make, unpack, segments } of cases) {
    test(`${format}: detected by its bytes; size, bytes and partitions equal the raw disk's`, async () => {
      const image = make();
      const source = await openSource({ path: image });
      try {
        assert.equal(source.identity.format, format);
        assert.equal(source.geometry.size, BigInt(disk.size));
        assert.equal(source.geometry.logicalSectorSize, 512);
        assert.equal(source.details.segments.length, segments?.(image) ?? 1);
        const oracle = unpack(image);
        assert.equal(sha256OfFile(oracle), disk.sha256, "the oracle unpacks the raw disk's bytes");
        assert.equal(await sha256OfSource(source), disk.sha256);
        assert.deepEqual(await partitionsOf(source), rawPartitions);
      } finally {
        await source.close();
      }
    });
  }

  test('an E01 gives its acquisition metadata and stored hashes as ewfinfo reads them', async () => {
    const image = makeEwf(disk.path, join(folder.path, 'meta', 'disk'), {
      caseNumber: 'CASE-42',
      evidenceNumber: 'EV-7',
      examiner: 'Jane Examiner',
      description: 'laptop disk',
      notes: 'seized 2026-12-01',
    });
    const source = await openSource({ path: image });
    try {
      const info = execFileSync('ewfinfo', [image], { encoding: 'utf8' });
      const field = (label: string) => new RegExp(`${label}:\\s+(.+)`).exec(info)?.[1]?.trim();
      assert.deepEqual(
        {
          caseNumber: source.details.metadata.caseNumber,
          evidenceNumber: source.details.metadata.evidenceNumber,
          examiner: source.details.metadata.examiner,
          description: source.details.metadata.description,
          notes: source.details.metadata.notes,
          acquisitionDate: source.details.metadata.acquisitionDate,
          acquisitionSoftware: source.details.metadata.acquisitionSoftware,
        },
        {
          caseNumber: field('Case number'),
          evidenceNumber: field('Evidence number'),
          examiner: field('Examiner name'),
          description: field('Description'),
          notes: field('Notes'),
          acquisitionDate: field('Acquisition date'),
          acquisitionSoftware: field('Software version used'),
        },
      );
      assert.equal(source.details.storedHashes.md5, field('MD5'));
      assert.equal(source.details.storedHashes.sha1, field('SHA1'));
      assert.equal(source.details.storedHashes.md5, disk.md5, 'and they are the raw disk’s');
    } finally {
      await source.close();
    }
  });

  const isRoot = process.getuid?.() === 0;
  test(
    '4096-byte sectors: an E01 says its own, split raw takes them when asked',
    {
      skip: isRoot ? false : 'needs root: the 4096-byte-sector disk is partitioned through losetup',
    },
    async () => {
      const disk4k = buildEvidenceDisk(join(folder.path, 'k4'), 4096);
      const ewf = await openSource({
        path: makeEwf(disk4k.path, join(folder.path, 'k4', 'e01'), { bytesPerSector: 4096 }),
      });
      const split = await openSource({
        path: makeSplit(disk4k.path, join(folder.path, 'k4', 'split.'), 20 * 1024 * 1024),
        sectorSize: 4096,
      });
      const raw = await openSource({ path: disk4k.path, sectorSize: 4096 });
      try {
        const rawPartitions4k = await partitionsOf(raw);
        assert.equal(rawPartitions4k.sectorSize, 4096);
        for (const source of [ewf, split]) {
          assert.equal(source.geometry.logicalSectorSize, 4096, source.identity.format);
          assert.equal(source.geometry.sectorCount, BigInt(disk4k.size / 4096));
          assert.equal(await sha256OfSource(source), disk4k.sha256, source.identity.format);
          assert.deepEqual(await partitionsOf(source), rawPartitions4k, source.identity.format);
        }
        await assert.rejects(
          openSource({ path: ewf.identity.path, sectorSize: 512 }),
          /EWF image with 4096-byte sectors of its own; a sector size can be chosen for raw images only/,
        );
      } finally {
        await Promise.all([ewf.close(), split.close(), raw.close()]);
      }
    },
  );
});

describe('every segment is opened read-only', { skip: skip ?? false }, () => {
  const folder = tempFolder('sectorscope-formats-ro-');
  after(() => folder.remove());

  test('the descriptors of an E01 and a split raw image are O_RDONLY, as /proc/self/fdinfo shows', async () => {
    const disk = buildEvidenceDisk(folder.path, 512);
    const images = [
      makeEwf(disk.path, join(folder.path, 'e01', 'disk'), { segmentBytes: '1MiB' }),
      makeSplit(disk.path, join(folder.path, 'split', 'disk.'), 30 * 1024 * 1024),
    ];
    for (const image of images) {
      const source = await openSource({ path: image });
      try {
        // Read it all, so that every segment is open.
        for (let offset = 0n; offset < source.geometry.size; offset += 4194304n) {
          await source.read(offset, 4194304);
        }
        const open = openDescriptorsOf(source.details.segments);
        assert.ok(open.length > 0, `${image}: its segments are open`);
        for (const { path, flags } of open) {
          assert.equal(flags & 0o3, 0, `${path} is open O_RDONLY (flags 0${flags.toString(8)})`);
        }
      } finally {
        await source.close();
      }
    }
  });
});

/** How many files in the image's folder have names like `pattern`. */
function filesLike(image: string, pattern: RegExp): number {
  return readdirSync(dirname(image)).filter((name) => pattern.test(name)).length;
}

/** This process's descriptors (all its threads') on the given files, with their open flags. */
function openDescriptorsOf(paths: readonly string[]): { path: string; flags: number }[] {
  const wanted = new Set(paths);
  const found: { path: string; flags: number }[] = [];
  for (const fd of readdirSync(`/proc/${process.pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${process.pid}/fd/${fd}`);
    } catch {
      continue;
    }
    if (!wanted.has(target)) continue;
    const info = readFileSync(`/proc/${process.pid}/fdinfo/${fd}`, 'utf8');
    const flags = /^flags:\s+([0-7]+)$/m.exec(info)?.[1];
    if (flags) found.push({ path: target, flags: parseInt(flags, 8) });
  }
  return found;
}
