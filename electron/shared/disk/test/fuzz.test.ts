import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  analyzeDisk,
  partitionsReport,
  compareBootBackup,
  decodeTemplate,
  decodeTemplateArray,
  detectFilesystem,
  FINDING_CODES,
  listTemplates,
  locateStructures,
  TEMPLATES,
  type DiskLayout,
  type SectorSource,
} from '../index';
import { createSparse } from './helpers/images';
import { makeTempDir, run } from './helpers/tools';

const ROUNDS = 3000;

/** A source over bytes that may also claim another size, fail, or return the wrong data. */
function chaoticSource(bytes: Uint8Array, sectorSize: number, misbehave: boolean): SectorSource {
  const real = BigInt(Math.ceil(bytes.length / sectorSize));
  const sectorCount = misbehave && randomInt(4) === 0 ? real + BigInt(randomInt(0, 100000)) : real;
  return {
    sectorSize,
    sectorCount,
    async read(lba, count) {
      if (misbehave) {
        const roll = randomInt(40);
        if (roll === 0) throw new Error('EIO: injected read failure');
        if (roll === 1) return new Uint8Array(randomInt(0, count * sectorSize));
        if (roll === 2) return 'not bytes' as unknown as Uint8Array;
        if (roll === 3) throw 'a string, not an Error';
      }
      const out = new Uint8Array(count * sectorSize);
      const start = Number(lba) * sectorSize;
      if (start < bytes.length)
        out.set(bytes.subarray(start, Math.min(bytes.length, start + out.length)));
      return out;
    },
  };
}

function fixGptCrcs(bytes: Uint8Array, sectorSize: number, lba: number): void {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = lba * sectorSize;
  if (at + sectorSize > bytes.length) return;
  const entriesLba = Number(view.readBigUInt64LE(at + 72) & 0xffffn);
  const arrayBytes = view.readUInt32LE(at + 80) * view.readUInt32LE(at + 84);
  const arrayAt = entriesLba * sectorSize;
  if (arrayBytes > 0 && arrayBytes < 1 << 20 && arrayAt + arrayBytes <= bytes.length) {
    view.writeUInt32LE(crc32(view.subarray(arrayAt, arrayAt + arrayBytes)), at + 88);
  }
  const headerSize = view.readUInt32LE(at + 12);
  if (headerSize >= 92 && headerSize <= sectorSize) {
    view.writeUInt32LE(0, at + 16);
    view.writeUInt32LE(crc32(view.subarray(at, at + headerSize)), at + 16);
  }
}

function mutate(base: Uint8Array, hotSectors: readonly number[], sectorSize: number): Uint8Array {
  const bytes = Uint8Array.from(base);
  const changes = randomInt(1, 40);
  for (let i = 0; i < changes; i++) {
    const sector = hotSectors[randomInt(hotSectors.length)] ?? 0;
    const at = sector * sectorSize + randomInt(sectorSize);
    if (at < bytes.length) bytes[at] = randomInt(256);
  }
  // Often make the CRCs right again, so that the damage reaches the code behind the CRC checks.
  if (randomInt(2) === 0) {
    fixGptCrcs(bytes, sectorSize, 1);
    fixGptCrcs(bytes, sectorSize, bytes.length / sectorSize - 1);
  }
  return bytes;
}

function assertWellFormed(layout: DiskLayout): void {
  assert.ok(['gpt', 'mbr', 'none'].includes(layout.scheme));
  for (const finding of layout.findings) {
    assert.ok(FINDING_CODES.includes(finding.code));
    assert.ok(['error', 'warning', 'info'].includes(finding.severity));
    assert.equal(typeof finding.message, 'string');
  }
  assert.ok(
    !layout.findings.some((f) => f.code === 'ANALYSIS_FAILED'),
    layout.findings.map((f) => f.message).join('\n'),
  );
  for (const p of layout.partitions) assert.ok(p.start <= p.end || p.size === 0n);
  for (let i = 1; i < layout.slots.length; i++) {
    assert.ok((layout.slots[i - 1]?.start ?? 0n) <= (layout.slots[i]?.start ?? 0n), 'slots sorted');
  }
  for (let i = 1; i < layout.gaps.length; i++) {
    assert.ok((layout.gaps[i - 1]?.end ?? 0n) < (layout.gaps[i]?.start ?? 0n), 'gaps disjoint');
  }
  for (const gap of layout.gaps) assert.ok(gap.end < layout.sectorCount && gap.size > 0n);
  JSON.stringify(partitionsReport(layout));
  locateStructures(layout);
}

describe('parsers never throw on damaged or random input', () => {
  const dir = makeTempDir('fuzz');
  const bases: { name: string; bytes: Uint8Array; hot: number[] }[] = [];

  before(async () => {
    const gpt = join(dir.path, 'gpt.img');
    createSparse(gpt, 1024 * 1024);
    run('sgdisk', [
      '--new=1:40:+300',
      '--new=2:0:+300',
      '--new=3:0:+200',
      '--attributes=1:set:2',
      gpt,
    ]);
    const last = 2047;
    bases.push({
      name: 'gpt',
      bytes: readFileSync(gpt),
      hot: [0, 1, 2, 3, last - 32, last - 31, last],
    });
    const mbr = join(dir.path, 'mbr.img');
    createSparse(mbr, 1024 * 1024);
    const script = [
      'label: dos',
      'start=64, size=300, type=83',
      'start=400, size=1500, type=f',
      'start=464, size=200, type=83',
      'start=728, size=200, type=7',
      'start=992, size=300, type=82',
      '',
    ].join('\n');
    run('sh', ['-c', `printf '%s' "$1" | sfdisk --quiet "$2"`, 'sh', script, mbr]);
    const bytes = readFileSync(mbr);
    const layout = await analyzeDisk(chaoticSource(bytes, 512, false), { crc32 });
    const ebrs = layout.ebrs.map((ebr) => Number(ebr.lba));
    bases.push({ name: 'mbr', bytes, hot: [0, ...ebrs] });
  });
  after(() => dir.remove());

  test('the base images are what the mutations start from', async () => {
    for (const base of bases) {
      const layout = await analyzeDisk(chaoticSource(base.bytes, 512, false), { crc32 });
      assert.equal(layout.scheme, base.name);
      assert.deepEqual(layout.findings, []);
      if (base.name === 'mbr') assert.equal(layout.ebrs.length, 3, 'three EBRs in the chain');
    }
  });

  test(`${ROUNDS} mutated partition tables`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const base = bases[round % bases.length];
      assert.ok(base);
      const bytes = mutate(base.bytes, base.hot, 512);
      const misbehave = randomInt(5) === 0;
      const sectorSize = randomInt(10) === 0 ? 4096 : 512;
      const layout = await analyzeDisk(chaoticSource(bytes, sectorSize, misbehave), { crc32 });
      assertWellFormed(layout);
    }
  });

  test('random bytes of random sizes, and nonsense geometry', async () => {
    for (let round = 0; round < 1000; round++) {
      const bytes = randomBytes(randomInt(0, 40000));
      if (bytes.length > 511 && randomInt(2) === 0) bytes.writeUInt16LE(0xaa55, 510);
      const layout = await analyzeDisk(chaoticSource(bytes, 512, randomInt(3) === 0), { crc32 });
      assertWellFormed(layout);
    }
    const odd: SectorSource[] = [
      { sectorSize: 0, sectorCount: 10n, read: async () => new Uint8Array(0) },
      { sectorSize: 520, sectorCount: 10n, read: async () => new Uint8Array(5200) },
      { sectorSize: 512, sectorCount: -5n, read: async () => new Uint8Array(0) },
      { sectorSize: 512, sectorCount: 0n, read: async () => new Uint8Array(0) },
      {
        sectorSize: 512,
        sectorCount: 1n,
        read: async () => {
          throw new Error('gone');
        },
      },
      {
        sectorSize: 512,
        sectorCount: 2n ** 70n,
        read: async (_lba, count) => new Uint8Array(count * 512),
      },
    ];
    for (const source of odd) {
      const layout = await analyzeDisk(source, { crc32 });
      assertWellFormed(layout);
      assert.ok(layout.findings.length > 0 || source.sectorCount === 2n ** 70n);
    }
  });

  test('templates, backup comparison and filesystem detection take any bytes', async () => {
    for (let round = 0; round < 500; round++) {
      const bytes = randomBytes(randomInt(0, 1200));
      for (const template of listTemplates()) {
        decodeTemplate(template, bytes, BigInt(randomInt(0, 2 ** 40)));
        compareBootBackup(bytes, randomBytes(randomInt(0, 1200)), template);
      }
      decodeTemplateArray(TEMPLATES['gpt-entry'], bytes, 0n, randomInt(0, 300), randomInt(0, 200));
      await detectFilesystem(bytes, BigInt(randomInt(0, 2 ** 40)));
    }
  });
});
