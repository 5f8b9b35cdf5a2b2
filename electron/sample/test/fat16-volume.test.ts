// The FAT16 volume of partition 2 as fsck.fat, The Sleuth Kit and mtools read it.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { planFatGeometry } from '../fat-geometry';
import { sampleFat16Files } from '../sample-contents';
import { SAMPLE_FAT16_PARTITION as PART } from '../sample-layout';
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
import { flattenTree } from './sample-files';
import { extractSectors, makeTempSample, type TempSample } from './temp-sample';

const geometry = planFatGeometry(PART.fatType, PART.sectorCount, PART.sectorsPerCluster);
const offset = String(PART.firstLba);
const files = flattenTree(sampleFat16Files());

let sample: TempSample;
let volume: string;
before(async () => {
  sample = await makeTempSample();
  volume = join(sample.folder, 'fat16.img');
  extractSectors(sample.image, PART.firstLba, PART.sectorCount, volume);
});
after(() => sample.remove());

test('fsck.fat -n finds nothing to report and sees 16-bit FATs and 2 KiB clusters', () => {
  assertFsckFatClean(volume);
  const out = runTool('fsck.fat', ['-n', '-v', volume]).stdout;
  assert.match(out, /^\s+2 FATs, 16 bit entries$/m);
  assert.match(out, new RegExp(`^\\s+${PART.sectorsPerCluster * 512} bytes per cluster$`, 'm'));
  assert.match(out, new RegExp(`^\\s+${geometry.clusterCount} data clusters`, 'm'));
  assert.match(out, new RegExp(`^\\s+${geometry.rootEntryCount} root directory entries$`, 'm'));
});

test('fsstat reports FAT16 with its label and the fixed root directory region', () => {
  const out = toolText('fsstat', ['-o', offset, sample.image]);
  const fields = parseFsstatFields(out);
  assert.equal(fields.get('File System Type'), 'FAT16');
  assert.equal(fields.get('Volume Label (Boot Sector)'), PART.volumeLabel);
  assert.equal(fields.get('Volume Label (Root Directory)'), PART.volumeLabel);
  const layout = parseFsstatLayout(out);
  const root = geometry.reservedSectors + 2 * geometry.sectorsPerFat;
  assert.deepEqual(layout.get('FAT 0'), { first: 1, last: geometry.sectorsPerFat });
  assert.deepEqual(layout.get('Root Directory'), {
    first: root,
    last: root + geometry.rootDirSectors - 1,
  });
  assert.equal(layout.get('Cluster Area')?.first, geometry.firstDataSector);
});

test('fls and icat find ABOUT.TXT with its text', () => {
  const entries = parseFls(toolText('fls', ['-r', '-p', '-o', offset, sample.image])).filter(
    (e) => !e.path.includes('(Volume Label Entry)'),
  );
  assert.deepEqual(
    entries.map((e) => e.path),
    files.map((f) => f.path),
  );
  const about = entries.find((e) => e.path === 'ABOUT.TXT');
  assert.ok(about);
  const content = toolBytes('icat', ['-o', offset, sample.image, about.inode]);
  assert.deepEqual(new Uint8Array(content), files[0]?.data);
  assert.match(content.toString('utf8'), /^This is partition 2 of the Sectorscope sample disk/);
});

test('mdir lists the FAT16 volume', (t) => {
  if (!hasTool('mdir')) {
    t.skip('needs mtools: apt-get install -y mtools');
    return;
  }
  const root = toolText('mdir', ['-i', `${sample.image}@@${PART.firstLba * 512}`, '::/']);
  assert.match(root, new RegExp(`Volume in drive : is ${PART.volumeLabel}`));
  assert.match(root, /^ABOUT {4}TXT +\d+ 2024-05-17 +10:30 *$/m);
});
