// Every line of "Disk structure notes.txt" (read back with icat) against what mmls, sfdisk and
// fsstat say lies at those LBAs.

import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { SAMPLE_PARTITIONS, type SamplePartition } from '../sample-layout';
import {
  parseFls,
  parseFsstatLayout,
  parseMmls,
  toolText,
  type MmlsRow,
  type SectorRange,
} from './oracle-tools';
import { makeTempSample, type TempSample } from './temp-sample';

interface Claim {
  first: number;
  last: number;
  what: string;
  /** The partition whose indented block the line is in. */
  partition: SamplePartition | null;
}

let sample: TempSample;
before(async () => {
  sample = await makeTempSample();
});
after(() => sample.remove());

test('the notes file claims only what the peer tools confirm', async () => {
  const claims = readClaims();
  assert.ok(claims.length >= 20, `only ${claims.length} lines parsed`);
  const mmls = parseMmls(toolText('mmls', [sample.image]));
  const table = JSON.parse(toolText('sfdisk', ['--json', sample.image])).partitiontable;
  const layouts = new Map(
    SAMPLE_PARTITIONS.map((p) => [
      p,
      parseFsstatLayout(toolText('fsstat', ['-o', String(p.firstLba), sample.image])),
    ]),
  );
  const lastSector = (await stat(sample.image)).size / 512 - 1;

  for (const claim of claims) {
    const at = `${claim.what} (LBA ${claim.first}-${claim.last})`;
    const mmlsRow = (description: string) => {
      const row = mmls.find((r) => r.description === description);
      assert.ok(row, `mmls has no ${description} row`);
      return row;
    };
    if (claim.partition) {
      const layout = layouts.get(claim.partition);
      assert.ok(layout);
      assert.deepEqual(range(claim), fsstatRange(layout, claim), at);
    } else if (claim.what.startsWith('protective MBR')) {
      assert.deepEqual(range(claim), rowRange(mmlsRow('Safety Table')), at);
      const dos = parseMmls(toolText('mmls', ['-t', 'dos', sample.image]));
      const safety = dos.find((r) => r.description === 'GPT Safety Partition (0xee)');
      assert.deepEqual(safety && rowRange(safety), { first: 1, last: lastSector }, at);
    } else if (claim.what === 'primary GPT header') {
      assert.deepEqual(range(claim), rowRange(mmlsRow('GPT Header')), at);
    } else if (claim.what.startsWith('primary GPT partition entries')) {
      assert.deepEqual(range(claim), rowRange(mmlsRow('Partition Table')), at);
    } else if (claim.what.startsWith('partition ')) {
      const name = /"([^"]+)"/.exec(claim.what)?.[1] ?? '';
      assert.deepEqual(range(claim), rowRange(mmlsRow(name)), at);
    } else if (claim.what.startsWith('unallocated')) {
      const inside = mmls.some(
        (r) => r.description === 'Unallocated' && r.start <= claim.first && claim.last <= r.end,
      );
      assert.ok(inside, `${at} is not inside an unallocated row of mmls`);
      assert.ok(claim.first >= table.firstlba && claim.last <= table.lastlba, at);
    } else if (claim.what === 'backup GPT partition entries') {
      assert.deepEqual(range(claim), { first: table.lastlba + 1, last: lastSector - 1 }, at);
    } else if (claim.what === 'backup GPT header') {
      assert.deepEqual(range(claim), { first: lastSector, last: lastSector }, at);
    } else {
      assert.fail(`no check for the line "${at}"`);
    }
  }
});

/** The fsstat layout item a line inside a partition block names, moved to disk LBAs. */
function fsstatRange(layout: Map<string, SectorRange>, claim: Claim): SectorRange {
  const names: [RegExp, string][] = [
    [/^boot sector$/, 'Boot Sector'],
    [/^FSInfo sector$/, 'FS Info Sector'],
    [/^backup boot sector$/, 'Backup Boot Sector'],
    [/^FAT 1$/, 'FAT 0'],
    [/^FAT 2$/, 'FAT 1'],
    [/^root directory$/, 'Root Directory'],
    [/^cluster 2/, 'Cluster Area'],
  ];
  const base = claim.partition?.firstLba ?? 0;
  if (claim.what === 'backup FSInfo sector') {
    // fsstat does not list it; fatgen103 puts it right after the backup boot sector.
    const backup = layout.get('Backup Boot Sector');
    assert.ok(backup);
    return { first: base + backup.first + 1, last: base + backup.first + 1 };
  }
  const name = names.find(([pattern]) => pattern.test(claim.what))?.[1];
  const item = name && layout.get(name);
  assert.ok(item, `fsstat does not list "${claim.what}"`);
  // "cluster 2" names one sector, the start of fsstat's cluster area.
  const last = name === 'Cluster Area' ? item.first : item.last;
  return { first: base + item.first, last: base + last };
}

function readClaims(): Claim[] {
  const fat32 = SAMPLE_PARTITIONS[0];
  assert.ok(fat32);
  const inode = parseFls(toolText('fls', ['-o', String(fat32.firstLba), sample.image])).find(
    (e) => e.path === 'Disk structure notes.txt',
  )?.inode;
  assert.ok(inode, 'fls does not list the notes file');
  const text = toolText('icat', ['-o', String(fat32.firstLba), sample.image, inode]);
  const claims: Claim[] = [];
  let partition: SamplePartition | null = null;
  for (const line of text.split('\r\n')) {
    const match = /^( *)LBA (\d+)(?:-(\d+))? +(.+)$/.exec(line);
    if (!match) continue;
    const [, indent = '', first = '', last, what = ''] = match;
    const claim = { first: +first, last: +(last ?? first), what };
    if (indent === '') {
      claims.push({ ...claim, partition: null });
      const name = /^partition \d+ "([^"]+)"/.exec(what)?.[1];
      partition = SAMPLE_PARTITIONS.find((p) => p.name === name) ?? null;
    } else {
      claims.push({ ...claim, partition });
    }
  }
  return claims;
}

function range(claim: Claim): SectorRange {
  return { first: claim.first, last: claim.last };
}

function rowRange(row: MmlsRow): SectorRange {
  return { first: row.start, last: row.end };
}
