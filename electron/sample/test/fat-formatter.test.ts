// The FAT formatter beyond what the sample needs: long names that fill their entries exactly,
// numeric-tail aliases, non-ASCII names, empty files, multi-cluster and nested directories.
// fsck.fat, fls/icat and mtools judge the result.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { formatFatVolume, type FatNode, type FatVolumeSpec } from '../fat-formatter';
import { planFatGeometry, type FatType } from '../fat-geometry';
import { writeSparseImageFile } from '../sparse-image-file';
import { assertFsckFatClean, hasTool, parseFls, toolBytes, toolText } from './oracle-tools';
import { flattenTree } from './sample-files';
import { makeTempFolder } from './temp-sample';

const time = { year: 2001, month: 2, day: 3, hour: 4, minute: 5, second: 7 };
const bytes = (text: string) => new TextEncoder().encode(text);
const file = (name: string, data: Uint8Array): FatNode => ({ kind: 'file', name, data, time });
const folder = (name: string, children: FatNode[]): FatNode => ({
  kind: 'directory',
  name,
  time,
  children,
});

const EXACT_26 = 'Twenty-six characters.text';

function tree(): FatNode[] {
  return [
    file(EXACT_26, bytes('two long-name entries, no terminator\n')),
    file('Long file name one.txt', bytes('one\n')),
    file('Long file name two.txt', bytes('two\n')),
    file('readme.md', bytes('lower case, fits 8.3\n')),
    file('Größe ü.txt', bytes('non-ASCII name\n')),
    file('EMPTY.TXT', new Uint8Array(0)),
    file(
      'ODD.BIN',
      Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff),
    ),
    folder(
      'MANY',
      Array.from({ length: 40 }, (_, i) => file(`F${i}.TXT`, bytes(`file ${i}\n`))),
    ),
    folder('A', [folder('B', [folder('Deeper folder', [file('DEEP.TXT', bytes('deep\n'))])])]),
  ];
}

function spec(fatType: FatType, totalSectors: number, sectorsPerCluster: number): FatVolumeSpec {
  return {
    fatType,
    totalSectors,
    sectorsPerCluster,
    oemName: 'TESTFAT',
    volumeId: 0x12345678,
    volumeLabel: `TEST FAT${fatType}`,
    hiddenSectors: 0,
    labelTime: time,
    root: tree(),
  };
}

let temp: Awaited<ReturnType<typeof makeTempFolder>>;
before(async () => {
  temp = await makeTempFolder();
});
after(() => temp.remove());

for (const [fatType, sectors, perCluster] of [
  [32, 70000, 1],
  [16, 20000, 2],
] as const) {
  test(`FAT${fatType}: fsck.fat is clean and fls/icat read back every name and byte`, async () => {
    const image = join(temp.folder, `fat${fatType}.img`);
    const volume = spec(fatType, sectors, perCluster);
    assert.equal(EXACT_26.length, 2 * 13, 'the name must fill its two long-name entries');
    await writeSparseImageFile(image, sectors * 512, formatFatVolume(volume), {
      overwrite: false,
    });
    assertFsckFatClean(image);

    const expected = flattenTree(volume.root);
    const listed = parseFls(toolText('fls', ['-r', '-p', image])).filter(
      (e) => !e.path.includes('(Volume Label Entry)'),
    );
    assert.deepEqual(listed.map((e) => e.path).sort(), expected.map((e) => e.path).sort());
    for (const entry of expected.filter((e) => e.kind === 'file')) {
      const inode = listed.find((e) => e.path === entry.path)?.inode ?? '';
      const content = toolBytes('icat', [image, inode]);
      assert.deepEqual(new Uint8Array(content), entry.data, entry.path);
    }
  });

  test(`FAT${fatType}: mdir shows unique numeric-tail aliases next to the long names`, async (t) => {
    if (!hasTool('mdir')) {
      t.skip('needs mtools: apt-get install -y mtools');
      return;
    }
    const image = join(temp.folder, `fat${fatType}.img`);
    const root = toolText('mdir', ['-i', image, '::/']);
    assert.match(root, /^LONGFI~1 TXT +4 .* Long file name one\.txt$/m);
    assert.match(root, /^LONGFI~2 TXT +4 .* Long file name two\.txt$/m);
    assert.match(root, /^TWENTY~1 TEX +\d+ .* Twenty-six characters\.text$/m);
    assert.match(root, /^README +MD +\d+ .* readme\.md$/m);
    // The long name itself is checked through fls; mdir prints it in the C locale's charset.
    assert.match(root, /^GR__E_~1 TXT +15 /m);
    const many = toolText('mdir', ['-i', image, '::/MANY']);
    assert.match(many, /^ +42 files +/m); // the 40 files plus "." and ".."
  });
}

test('clear errors for sizes and names FAT cannot hold', () => {
  assert.throws(() => planFatGeometry(32, 60000, 1), /FAT32 needs 65525 to .* give \d+\. Change/);
  assert.throws(() => planFatGeometry(16, 20000, 3), /power of two/);
  const full = { ...spec(16, 9000, 1), root: [file('BIG.BIN', new Uint8Array(5_000_000))] };
  assert.throws(() => formatFatVolume(full), /volume is full/);
  const bad = { ...spec(16, 20000, 2), root: [file('a:b.txt', bytes('x'))] };
  assert.throws(() => formatFatVolume(bad), /character FAT forbids/);
  const twice = {
    ...spec(16, 20000, 2),
    root: [file('A.TXT', bytes('1')), file('a.txt', bytes('2'))],
  };
  assert.throws(() => formatFatVolume(twice), /Two entries named "a\.txt"/);
  const crowded = {
    ...spec(16, 20000, 2),
    root: Array.from({ length: 600 }, (_, i) => file(`F${i}.TXT`, bytes('x'))),
  };
  assert.throws(() => formatFatVolume(crowded), /root directory holds 512 entries/);
});
