// The FAT32 volume of partition 1 as fsck.fat, The Sleuth Kit and mtools read it.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { planFatGeometry } from '../fat-geometry';
import { sampleFat32Files } from '../sample-contents';
import { SAMPLE_FAT32_PARTITION as PART } from '../sample-layout';
import {
  assertFsckFatClean,
  hasTool,
  parseFls,
  parseFsstatFields,
  parseFsstatLayout,
  runTool,
  toolBytes,
  toolText,
} from './oracle-tools';
import { fatWrittenTime, flattenTree } from './sample-files';
import { damagedCopy, extractSectors, makeTempSample, type TempSample } from './temp-sample';

const geometry = planFatGeometry(PART.fatType, PART.sectorCount, PART.sectorsPerCluster);
const offset = String(PART.firstLba);
const files = flattenTree(sampleFat32Files());

let sample: TempSample;
let volume: string;
before(async () => {
  sample = await makeTempSample();
  volume = join(sample.folder, 'fat32.img');
  extractSectors(sample.image, PART.firstLba, PART.sectorCount, volume);
});
after(() => sample.remove());

test('fsck.fat -n finds nothing to report on the carved partition', () => {
  assertFsckFatClean(volume);
});

test('fsck.fat -n -v sees the intended geometry', () => {
  const result = runTool('fsck.fat', ['-n', '-v', volume]);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  const out = result.stdout;
  assert.match(out, new RegExp(`^\\s+${geometry.clusterCount} data clusters`, 'm'));
  assert.match(out, /^\s+2 FATs, 32 bit entries$/m);
  assert.match(out, new RegExp(`\\(= ${geometry.sectorsPerFat} sectors\\)`));
  assert.match(out, /^Root directory start at cluster 2 /m);
  assert.match(out, new RegExp(`^\\s+${PART.firstLba} hidden sectors$`, 'm'));
  assert.match(out, new RegExp(`^\\s+${PART.sectorCount} sectors total$`, 'm'));
});

test('the fsck check notices a broken chain, a differing backup boot sector, a bad LFN checksum', async () => {
  const inode = inodeOf('PATTERN.BIN');
  const sectors = toolText('istat', ['-o', offset, sample.image, inode]);
  const firstSector = Number(/Sectors:\s+(\d+)/.exec(sectors)?.[1]);
  const firstCluster = (firstSector - geometry.firstDataSector) / geometry.sectorsPerCluster + 2;
  const secondEntry = geometry.reservedSectors * 512 + (firstCluster + 1) * 4;
  const brokenChain = join(sample.folder, 'broken-chain.img');
  await damagedCopy(volume, brokenChain, secondEntry, new Uint8Array(4));
  assert.throws(() => assertFsckFatClean(brokenChain), /File size is 3072 bytes, cluster chain/);

  const differentBackup = join(sample.folder, 'different-backup.img');
  await damagedCopy(volume, differentBackup, 6 * 512 + 3, Uint8Array.of(0x58));
  assert.throws(() => assertFsckFatClean(differentBackup), /differences between boot sector/);

  // Root directory: label, README.TXT, then the first long-name entry of the notes file.
  const checksumByte = geometry.firstDataSector * 512 + 2 * 32 + 13;
  const wrongChecksum = join(sample.folder, 'wrong-lfn-checksum.img');
  await damagedCopy(volume, wrongChecksum, checksumByte, Uint8Array.of(0));
  assert.throws(() => assertFsckFatClean(wrongChecksum), /Wrong checksum for long file name/);
});

test('fsstat -o 2048 reports FAT32, the label, the ID and the intended layout', () => {
  const out = toolText('fsstat', ['-o', offset, sample.image]);
  const fields = parseFsstatFields(out);
  assert.equal(fields.get('File System Type'), 'FAT32');
  assert.equal(fields.get('Volume Label (Boot Sector)'), PART.volumeLabel);
  assert.equal(fields.get('Volume Label (Root Directory)'), PART.volumeLabel);
  assert.equal(fields.get('Volume ID'), `0x${PART.volumeId.toString(16)}`);
  assert.equal(fields.get('Sectors before file system'), offset);

  const layout = parseFsstatLayout(out);
  const fat1 = geometry.reservedSectors;
  const fat2 = fat1 + geometry.sectorsPerFat;
  const data = geometry.firstDataSector;
  assert.deepEqual(layout.get('Total Range'), { first: 0, last: PART.sectorCount - 1 });
  assert.deepEqual(layout.get('Reserved'), { first: 0, last: fat1 - 1 });
  assert.deepEqual(layout.get('Boot Sector'), { first: 0, last: 0 });
  assert.deepEqual(layout.get('FS Info Sector'), { first: 1, last: 1 });
  assert.deepEqual(layout.get('Backup Boot Sector'), { first: 6, last: 6 });
  assert.deepEqual(layout.get('FAT 0'), { first: fat1, last: fat2 - 1 });
  assert.deepEqual(layout.get('FAT 1'), { first: fat2, last: data - 1 });
  assert.deepEqual(layout.get('Root Directory'), { first: data, last: data });
});

test('the FSInfo free count (fsstat) agrees with the clusters fsck.fat counts in use', () => {
  const summary = runTool('fsck.fat', ['-n', volume]).stdout;
  const [, used = '', total = ''] = /(\d+)\/(\d+) clusters/.exec(summary) ?? [];
  const fields = parseFsstatFields(toolText('fsstat', ['-o', offset, sample.image]));
  assert.equal(Number(total), geometry.clusterCount);
  assert.equal(Number(fields.get('Free Sector Count (FS Info)')), Number(total) - Number(used));
});

test('fls lists every file and folder, long name included, with their written times', () => {
  const listing = toolText('fls', ['-r', '-p', '-l', '-o', offset, sample.image]);
  const entries = parseFls(listing).filter((e) => !e.path.includes('(Volume Label Entry)'));
  assert.deepEqual(
    entries.map((e) => [e.type, e.path]),
    files.map((f) => [f.kind === 'file' ? 'r/r' : 'd/d', f.path]),
  );
  for (const file of files) {
    const entry = entries.find((e) => e.path === file.path);
    assert.equal(entry?.details[0], `${fatWrittenTime(file.time)} (UTC)`, file.path);
  }
});

test('icat gives back every file byte for byte, the 3 KiB pattern included', () => {
  for (const file of files.filter((f) => f.kind === 'file')) {
    const content = toolBytes('icat', ['-o', offset, sample.image, inodeOf(file.path)]);
    assert.deepEqual(new Uint8Array(content), file.data, file.path);
  }
  assert.equal(files.find((f) => f.path === 'PATTERN.BIN')?.data?.length, 3072);
});

test('mtools (mdir, mtype, mcopy) lists the files and prints the README', (t) => {
  if (!hasTool('mdir')) {
    t.skip('needs mtools: apt-get install -y mtools');
    return;
  }
  const at = `${sample.image}@@${PART.firstLba * 512}`;
  const root = toolText('mdir', ['-i', at, '::/']);
  assert.match(root, new RegExp(`Volume in drive : is ${PART.volumeLabel}`));
  assert.match(root, /^README {3}TXT +\d+ 2024-05-17 +10:31 *$/m);
  assert.match(root, /^DISKST~1 TXT +\d+ 2024-05-17 +10:32 +Disk structure notes\.txt$/m);
  assert.match(root, /^DOCS +<DIR> +2024-05-17 +10:33 *$/m);
  assert.match(root, /^PATTERN +BIN +3072 2024-05-17 +10:34 *$/m);
  const docs = toolText('mdir', ['-i', at, '::/DOCS']);
  assert.match(docs, /^CLUSTERS TXT +\d+ /m);

  for (const path of ['README.TXT', 'Disk structure notes.txt', 'DOCS/CLUSTERS.TXT']) {
    const printed = toolBytes('mtype', ['-i', at, `::/${path}`]);
    assert.deepEqual(new Uint8Array(printed), files.find((f) => f.path === path)?.data, path);
  }
  const pattern = toolBytes('mcopy', ['-i', at, '::/PATTERN.BIN', '-']);
  assert.deepEqual(new Uint8Array(pattern), files.find((f) => f.path === 'PATTERN.BIN')?.data);
});

function inodeOf(path: string): string {
  const entry = parseFls(toolText('fls', ['-r', '-p', '-o', offset, sample.image])).find(
    (e) => e.path === path,
  );
  assert.ok(entry, `fls does not list ${path}`);
  return entry.inode;
}
