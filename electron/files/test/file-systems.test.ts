// Files, owners, extents and contents of real file systems made at test time, each checked
// against The Sleuth Kit's command-line tools (fls, ifind, ffind, istat, icat, blkstat) and
// against the bytes written into it: ext4, FAT16, FAT32, NTFS with an
// alternate stream, exFAT, ext4 read in 4096-byte sectors, and a GPT disk holding two of them,
// raw and as an E01.

import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import test from 'node:test';
import { openSource } from '../../source';
import { makeEwf, makeSplit } from '../../source/test/helpers/evidence-images';
import { SourceFileSystems } from '../source-file-systems';
import { checkAgainstTsk } from './helpers/check-against-tsk';
import { isRoot, makeExfat, makeExt4, makeFat, makeNtfs, tempDir } from './helpers/fs-images';

async function withSystems(
  path: string,
  sectorSize: number | undefined,
  cacheDir: string | null,
  use: (systems: SourceFileSystems) => Promise<void>,
): Promise<void> {
  const source = await openSource(sectorSize ? { path, sectorSize } : { path });
  const systems = new SourceFileSystems(source, { cacheDir });
  try {
    await use(systems);
  } finally {
    await systems.close();
    await source.close();
  }
}

test('ext4: entries, deleted ones, owners, extents and contents as TSK gives them', async (t) => {
  const dir = tempDir(t);
  const { image, files } = makeExt4(dir);
  await withSystems(image, undefined, null, async (systems) => {
    const checked = await checkAgainstTsk(systems, 0, { image }, files);
    const gone = checked.entries.find((e) => e.path === '/gone.bin');
    assert.equal(gone?.allocated, false, 'the file debugfs deleted is listed, deleted');
    assert.ok(checked.entries.some((e) => e.path === '/link' && e.type === 'symlink'));
    assert.ok(checked.filesCompared >= 19, `compared ${checked.filesCompared} files`);
    // The journal has no name: its blocks are the file system's metadata.
    const journal = await systems.ownerIndex(await systems.target(0));
    assert.ok(journal.index.streams.inodes.includes(8), 'the journal inode is indexed');
  });
});

test('FAT16: deleted entries from mdel, owners and contents as TSK gives them', async (t) => {
  const dir = tempDir(t);
  const { image, files } = makeFat(dir, { fat: 16 });
  await withSystems(image, undefined, null, async (systems) => {
    const checked = await checkAgainstTsk(systems, 0, { image }, files);
    const gone = checked.entries.find((e) => e.name.toLowerCase().endsWith('one.bin'));
    assert.equal(gone?.allocated, false, 'mdel left a deleted entry');
    const fat = checked.entries.find((e) => e.path === '/$FAT1');
    assert.equal(fat?.type, 'virtual');
    // A sector of the first FAT is file system metadata.
    const target = await systems.target(0);
    const fs = await systems.fileSystem(target);
    const extents = await fs.extents({ inode: fat?.inode ?? 0 });
    const first = extents.extents[0];
    assert.ok(first);
    const owner = await systems.owner(BigInt(first.lba));
    assert.equal(owner.kind, 'metadata');
    assert.match(owner.description, /\$FAT1/);
  });
});

test('ext4 read in 4096-byte sectors: the same answers as TSK with -b 4096', async (t) => {
  const dir = tempDir(t);
  const { image, files } = makeExt4(dir);
  await withSystems(image, 4096, null, async (systems) => {
    assert.equal(systems.source.geometry.logicalSectorSize, 4096);
    const checked = await checkAgainstTsk(systems, 0, { image, sectorSize: 4096 }, files);
    assert.ok(checked.filesCompared >= 19);
  });
});

test('FAT32: the same answers as TSK', async (t) => {
  const dir = tempDir(t);
  const { image, files } = makeFat(dir, { fat: 32 });
  await withSystems(image, undefined, null, async (systems) => {
    const checked = await checkAgainstTsk(systems, 0, { image }, files);
    assert.ok(checked.filesCompared >= 19);
  });
});

test('NTFS: streams named as fls names them, $MFT records named by their file', async (t) => {
  const dir = tempDir(t);
  const { image, files, deletedMade } = makeNtfs(dir);
  await withSystems(image, undefined, null, async (systems) => {
    const checked = await checkAgainstTsk(systems, 0, { image }, files);
    const stream = checked.entries.find((e) => e.path === '/odd.bin:secret');
    assert.ok(stream, 'the alternate stream is an entry');
    assert.equal(stream.attribute?.type, 128);
    assert.equal(stream.attribute?.name, 'secret');
    assert.equal(stream.size, 5000);
    if (deletedMade) {
      assert.equal(checked.entries.find((e) => e.path === '/gone.bin')?.allocated, false);
    } else {
      t.diagnostic('not root: no deleted NTFS file made (ntfs-3g needs FUSE)');
    }
    // The resident file's bytes live in its MFT record: the owner says whose record it is.
    const resident = checked.entries.find((e) => e.path === '/resident.bin');
    assert.ok(resident);
    const target = await systems.target(0);
    const fs = await systems.fileSystem(target);
    const mft = await fs.extents({ inode: 0, type: 128 });
    const recordBytes = 1024;
    const mftStart = mft.extents[0];
    assert.ok(mftStart);
    const lba = mftStart.lba + (resident.inode * recordBytes) / 512;
    const owner = await systems.owner(BigInt(lba));
    assert.equal(owner.kind, 'metadata');
    assert.equal(owner.path, '/$MFT');
    assert.match(owner.description, new RegExp(`MFT entry ${resident.inode}: /resident\\.bin`));
  });
});

test('exFAT: entries and contents as TSK gives them', async (t) => {
  const dir = tempDir(t);
  const { image, files, filled } = makeExfat(dir);
  if (!filled) t.diagnostic('not root: the exFAT volume stays empty (exfat-fuse needs root)');
  await withSystems(image, undefined, null, async (systems) => {
    const checked = await checkAgainstTsk(systems, 0, { image }, files);
    assert.ok(checked.entries.some((e) => e.path === '/$ALLOC_BITMAP'));
    if (filled) {
      assert.equal(checked.entries.find((e) => e.path === '/gone.bin')?.allocated, false);
      assert.ok(checked.filesCompared >= 19);
    }
  });
});

/** A GPT disk whose partition 1 holds `first` and partition 2 `second` (images copied in). */
function partitionedDisk(
  dir: string,
  first: string,
  second: string,
): { path: string; starts: [number, number] } {
  const path = join(dir, 'disk.raw');
  const a = readFileSync(first);
  const b = readFileSync(second);
  const mib = 1024 * 1024;
  const starts: [number, number] = [mib / 512, (mib + a.length + mib) / 512];
  const fd = openSync(path, 'w');
  writeSync(fd, Buffer.alloc(1), 0, 1, starts[1] * 512 + b.length + mib - 1);
  closeSync(fd);
  execFileSync(
    'sgdisk',
    [
      `--new=1:${starts[0]}:+${a.length / 512}`,
      '--typecode=1:8300',
      `--new=2:${starts[1]}:+${b.length / 512}`,
      '--typecode=2:0700',
      path,
    ],
    { stdio: 'ignore' },
  );
  const out = openSync(path, 'r+');
  writeSync(out, a, 0, a.length, starts[0] * 512);
  writeSync(out, b, 0, b.length, starts[1] * 512);
  closeSync(out);
  return { path, starts };
}

test('a GPT disk, raw and as an E01: --partition N and owners across partitions', async (t) => {
  const dir = tempDir(t);
  const ext4 = makeExt4(dir);
  const fat = makeFat(dir, { fat: 16 });
  const disk = partitionedDisk(dir, ext4.image, fat.image);
  const e01 = makeEwf(disk.path, join(dir, 'ewf', 'disk'));
  for (const path of [disk.path, e01]) {
    await withSystems(path, undefined, null, async (systems) => {
      const ext4Checked = await checkAgainstTsk(
        systems,
        1,
        { image: path, offsetSectors: disk.starts[0] },
        ext4.files,
      );
      assert.ok(ext4Checked.filesCompared >= 19, `${path}: ext4 files compared`);
      if (path === disk.path) {
        await checkAgainstTsk(
          systems,
          2,
          { image: path, offsetSectors: disk.starts[1] },
          fat.files,
        );
      }
      // Without --partition, an LBA finds its partition; LBA 0 is in none.
      const report = ext4Checked.entries.find((e) => e.path === '/docs/report.bin');
      assert.ok(report);
      const fs1 = await systems.fileSystem(await systems.target(1));
      const run = (await fs1.extents({ inode: report.inode })).extents[0];
      assert.ok(run);
      const owner = await systems.owner(BigInt(run.lba));
      assert.equal(owner.partition, 1);
      assert.equal(owner.path, '/docs/report.bin');
      const mbr = await systems.owner(0n);
      assert.equal(mbr.kind, 'outside');
      assert.equal(mbr.filesystem, null);
    });
  }
  if (!isRoot) t.diagnostic('(ran unprivileged: ext4, FAT and E01 need no root)');
});

test('split raw, VMDK and VHD of the same disk list and own as the raw disk does', async (t) => {
  const dir = tempDir(t);
  const ext4 = makeExt4(dir);
  const fat = makeFat(dir, { fat: 16 });
  const disk = partitionedDisk(dir, ext4.image, fat.image);
  const split = makeSplit(disk.path, join(dir, 'split', 'disk.'), 16 * 1024 * 1024);
  const vmdk = join(dir, 'disk.vmdk');
  execFileSync('qemu-img', ['convert', '-O', 'vmdk', disk.path, vmdk]);
  const vhd = join(dir, 'disk.vhd');
  execFileSync('qemu-img', ['convert', '-O', 'vpc', '-o', 'force_size=on', disk.path, vhd]);
  const answers = async (path: string) => {
    let result = '';
    await withSystems(path, undefined, null, async (systems) => {
      const lines: string[] = [];
      for (const partition of [1, 2]) {
        const fs = await systems.fileSystem(await systems.target(partition));
        await fs.list((batch) =>
          lines.push(...batch.map((e) => `${partition} ${e.address} ${e.path}`)),
        );
      }
      const lba = BigInt(disk.starts[0] + 64);
      const owners = await Promise.all(
        [lba, lba + 1000n, BigInt(disk.starts[1] + 100)].map((l) => systems.owner(l)),
      );
      lines.push(...owners.map((o) => o.description));
      result = lines.sort().join('\n');
    });
    return result;
  };
  const raw = await answers(disk.path);
  assert.ok(raw.includes('/docs/report.bin'));
  for (const path of [split, vmdk, vhd]) assert.equal(await answers(path), raw, path);
});
