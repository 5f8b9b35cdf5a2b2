// Backup copies compared as an examiner needs: what differs by design is listed apart with its
// reason, what does not stays a real difference. The oracles are the filesystems' own tools:
// dumpe2fs read at the primary and at the backup superblock, and fsck.fat.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { analyzeDisk, compareBackup, locateStructures, TEMPLATES } from '../index';
import { createSparse, patchFile, readBytes } from './helpers/images';
import { memorySource } from './helpers/memory-source';
import { keyValues } from './helpers/oracles';
import { makeTempDir, run } from './helpers/tools';

/** The primary and backup bytes of the first backup pair of a template in an image. */
async function backupPair(image: string, template: string) {
  const layout = await analyzeDisk(memorySource(readFileSync(image)), { crc32 });
  const locations = locateStructures(layout);
  const backup = locations.find((l) => l.template === template && l.backupOf !== null);
  const primary = locations.find((l) => l.id === backup?.backupOf);
  assert.ok(backup && primary, `a ${template} and its backup`);
  const size = TEMPLATES[primary.template].size;
  return {
    primary: readBytes(image, primary.byteOffset, size),
    backup: readBytes(image, backup.byteOffset, size),
    backupOffset: Number(backup.byteOffset),
  };
}

// dumpe2fs's names for the superblock fields it prints, as the template names them.
const DUMPE2FS_NAMES: Record<string, string> = {
  'Filesystem state': 'State',
  Checksum: 'Checksum',
  'Free blocks': 'Free blocks',
  'Free inodes': 'Free inodes',
  'Last write time': 'Write time',
  'Last mount time': 'Mount time',
  'Mount count': 'Mount count',
  'Last checked': 'Last check',
  'Lifetime writes': 'Lifetime writes',
  'Filesystem volume name': 'Volume name',
  'Filesystem features': 'Incompatible features',
  'FS Error count': 'Error count',
  'First error time': 'First error time',
  'First error function': 'First error function',
  'First error line #': 'First error line',
  'First error inode #': 'First error inode',
  'First error block #': 'First error block',
  'First error err': 'First error code',
  'Last error time': 'Last error time',
  'Last error function': 'Last error function',
  'Last error line #': 'Last error line',
  'Last error inode #': 'Last error inode',
  'Last error block #': 'Last error block',
  'Last error err': 'Last error code',
};

describe('ext4 backup superblock: by design apart, real differences red', () => {
  const dir = makeTempDir('ext-backup');
  let fresh = '';
  before(() => {
    fresh = join(dir.path, 'ext4.img');
    createSparse(fresh, 32 * 1024 * 1024);
    run('mkfs.ext4', ['-q', '-F', '-b', '1024', '-L', 'backups', fresh]);
  });
  after(() => dir.remove());

  /** Template field names of what dumpe2fs prints differently for the two superblocks. */
  function dumpe2fsDifferences(image: string): string[] {
    const read = (args: string[]) =>
      keyValues(run('dumpe2fs', [...args, '-h', image], { TZ: 'UTC' }));
    const primary = read([]);
    const backup = read(['-o', 'superblock=8193', '-o', 'blocksize=1024']);
    const keys = new Set([...primary.keys(), ...backup.keys()]);
    return [...keys]
      .filter((key) => primary.get(key) !== backup.get(key))
      .map((key) => DUMPE2FS_NAMES[key] ?? `unmapped dumpe2fs key ${key}`)
      .concat('Block group number') // dumpe2fs does not print s_block_group_nr
      .sort();
  }

  async function compared(image: string) {
    const { primary, backup } = await backupPair(image, 'ext-superblock');
    return compareBackup(primary, backup, 'ext-superblock');
  }

  test('a newly made ext4: state and checksum differ by design, nothing red', async () => {
    const { differences, expected } = await compared(fresh);
    assert.deepEqual(differences, []);
    assert.deepEqual(expected.map((d) => d.name).sort(), dumpe2fsDifferences(fresh));
    assert.ok(
      expected.every((d) => (d.reason ?? '').length > 0),
      'each says why',
    );
  });

  test("after e2fsck -f: the primary's lifetime writes are by design, nothing red", async () => {
    const image = join(dir.path, 'fscked.img');
    copyFileSync(fresh, image);
    run('e2fsck', ['-f', '-y', image]);
    const { differences, expected } = await compared(image);
    assert.deepEqual(differences, []);
    const names = expected.map((d) => d.name).sort();
    assert.deepEqual(names, dumpe2fsDifferences(image));
    assert.ok(names.includes('Lifetime writes'), names.join());
  });

  test('an error record in the primary (as the kernel keeps it) is by design, field by field', async () => {
    const image = join(dir.path, 'errors.img');
    copyFileSync(fresh, image);
    for (const set of [
      'error_count 3',
      'first_error_time 20240102030405',
      'first_error_ino 12',
      'first_error_block 8300',
      'first_error_func ext4_lookup',
      'first_error_line 1855',
      'last_error_time 20240203040506',
      'last_error_func ext4_readdir',
      'last_error_line 2001',
      'last_error_ino 13',
      'last_error_block 8400',
    ]) {
      run('debugfs', ['-w', '-R', `ssv ${set}`, image]);
    }
    const { differences, expected } = await compared(image);
    assert.deepEqual(differences, [], 'no error-record field is red');
    assert.deepEqual(expected.map((d) => d.name).sort(), dumpe2fsDifferences(image));
    const first = expected.find((d) => d.name === 'First error function');
    assert.equal(first?.primary, '"ext4_lookup"');
    assert.match(first?.reason ?? '', /error record/);
  });

  test('a journal left to replay (needs_recovery, set in the primary only) is by design', async () => {
    const image = join(dir.path, 'recover.img');
    copyFileSync(fresh, image);
    run('debugfs', ['-w', '-R', 'feature needs_recovery', image]);
    const { differences, expected } = await compared(image);
    assert.deepEqual(differences, []);
    assert.deepEqual(expected.map((d) => d.name).sort(), dumpe2fsDifferences(image));
    assert.match(
      expected.find((d) => d.name === 'Incompatible features')?.reason ?? '',
      /needs_recovery/,
    );
  });

  test('a changed field of the backup stays red, where dumpe2fs sees it', async () => {
    // Without metadata_csum, so that dumpe2fs still reads the changed copy.
    const image = join(dir.path, 'changed.img');
    createSparse(image, 32 * 1024 * 1024);
    run('mkfs.ext4', ['-q', '-F', '-b', '1024', '-O', '^metadata_csum', '-L', 'backups', image]);
    const { backupOffset } = await backupPair(image, 'ext-superblock');
    patchFile(image, backupOffset + 0x78, new TextEncoder().encode('tampered\0'));
    const { differences } = await compared(image);
    assert.deepEqual(
      differences.map((d) => [d.name, d.primary, d.backup]),
      [['Volume name', '"backups"', '"tampered"']],
    );
    assert.ok(dumpe2fsDifferences(image).includes('Volume name'));
  });
});

describe('FAT32 backups against fsck.fat', () => {
  const dir = makeTempDir('fat-backup');
  let image = '';
  before(() => {
    image = join(dir.path, 'fat32.img');
    createSparse(image, 40 * 1024 * 1024);
    run('mkfs.fat', ['-F', '32', '-s', '1', image]);
  });
  after(() => dir.remove());

  test('a blank backup FSInfo sector is by design (fsck.fat accepts it), not red', async () => {
    const blank = join(dir.path, 'blank.img');
    copyFileSync(image, blank);
    const { backupOffset } = await backupPair(blank, 'fat32-fsinfo');
    patchFile(blank, backupOffset, new Uint8Array(512));
    const check = run('fsck.fat', ['-n', blank]);
    assert.doesNotMatch(check, /differences/);
    const { primary, backup } = await backupPair(blank, 'fat32-fsinfo');
    const { differences, expected } = compareBackup(primary, backup, 'fat32-fsinfo');
    assert.deepEqual(differences, []);
    assert.ok(expected.length > 0);
    assert.ok(expected.every((d) => /blank/.test(d.reason ?? '')));
  });

  test('a backup boot sector changed apart is red at the offsets fsck.fat names', async () => {
    const changed = join(dir.path, 'changed.img');
    copyFileSync(image, changed);
    const { backupOffset } = await backupPair(changed, 'fat32-boot');
    patchFile(changed, backupOffset + 36, Uint8Array.of(1));
    const offsets = [...run('fsck.fat', ['-n', changed]).matchAll(/^\s+(\d+):/gm)].map((m) =>
      Number(m[1]),
    );
    assert.deepEqual(offsets, [36]);
    const { primary, backup } = await backupPair(changed, 'fat32-boot');
    const { differences, expected } = compareBackup(primary, backup, 'fat32-boot');
    assert.deepEqual(
      differences.map((d) => [d.offset, d.name]),
      [[36, 'Sectors per FAT (32-bit)']],
    );
    assert.deepEqual(expected, []);
  });
});
