import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSource } from '../../source';
import { createSparse, patchFile } from '../../shared/disk/test/helpers/images';
import { makeTempDir, run } from '../../shared/disk/test/helpers/tools';
import { describeDiskStructure } from '../disk-structure';

describe('the service compares every backup a disk has, with reasons for what differs by design', () => {
  const dir = makeTempDir('service-structure');
  let image = '';
  before(() => {
    // A superfloppy ext4 that e2fsck has checked: its backup lacks the primary's lifetime writes.
    image = join(dir.path, 'ext4.img');
    createSparse(image, 32 * 1024 * 1024);
    run('mkfs.ext4', ['-q', '-F', '-b', '1024', '-L', 'service', image]);
    run('e2fsck', ['-f', '-y', image]);
  });
  after(() => dir.remove());

  async function backupsOf(path: string) {
    const source = await openSource({ path });
    try {
      return (await describeDiskStructure(source)).backups;
    } finally {
      await source.close();
    }
  }

  test("an e2fsck'ed ext4: no real difference, each by-design one with its reason", async () => {
    const [comparison] = await backupsOf(image);
    assert.equal(comparison?.structure, 'volume-superblock');
    assert.equal(comparison?.backup, 'volume-backup-superblock');
    assert.deepEqual(comparison?.differences, []);
    const expected = comparison?.expected ?? [];
    assert.ok(expected.some((d) => d.name === 'Lifetime writes'));
    assert.ok(expected.every((d) => typeof d.reason === 'string' && d.reason.length > 0));
  });

  test('a backup changed apart has a real difference', async () => {
    const changed = join(dir.path, 'changed.img');
    copyFileSync(image, changed);
    patchFile(changed, 8193 * 1024 + 0x78, new TextEncoder().encode('other\0'));
    const [comparison] = await backupsOf(changed);
    assert.deepEqual(
      comparison?.differences.map((d) => d.name),
      ['Volume name'],
    );
  });
});
