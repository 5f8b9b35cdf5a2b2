import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { analyzeDisk, type DiskLayout } from '../../shared/disk';
import { buildMbrDisk, patchFile } from '../../shared/disk/test/helpers/images';
import { memorySource } from '../../shared/disk/test/helpers/memory-source';
import { makeTempDir, run } from '../../shared/disk/test/helpers/tools';
import { formatPartitionsText, formatSize } from '../partitions-text';

const analyze = (path: string): Promise<DiskLayout> =>
  analyzeDisk(memorySource(readFileSync(path)), { crc32 });

describe('sectorscope partitions: text output for people', () => {
  const dir = makeTempDir('cli-text');
  let mbr = '';

  before(() => {
    mbr = buildMbrDisk(dir.path);
  });
  after(() => dir.remove());

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
