// File system images made at test time with each file system's own tools: ext4 (mkfs.ext4 -d,
// debugfs to delete), FAT (mkfs.vfat, mcopy, mdel), NTFS (mkntfs, ntfscp for files and
// alternate streams; with root, ntfs-3g to make directories and delete files), exFAT (mkfs.exfat;
// with root, exfat-fuse on a loop device to fill it). Contents are random, seeded per test.

import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export const isRoot = process.getuid?.() === 0;

export function tempDir(t: TestContext, prefix = 'sectorscope-fs-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function run(command: string, args: string[], input?: string): string {
  return execFileSync(command, args, {
    encoding: 'utf8',
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...(input === undefined ? {} : { input }),
  });
}

/** Files of assorted sizes (one byte to 300 KiB) in a tree of folders: name -> content. */
export function sampleTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const put = (path: string, size: number) => {
    const content = randomBytes(size);
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
    files.set(path, content);
  };
  put('tiny.txt', 1);
  put('small.bin', 700);
  put('page.bin', 4096);
  put('odd.bin', 12_345);
  put('docs/report.bin', 150_000);
  put('docs/old/notes.bin', 9_000);
  put('docs/old/big.bin', 300_000);
  for (let i = 0; i < 12; i++) put(`many/file${i}.bin`, 1000 + i * 2500);
  return files;
}

/** An ext4 volume of `megabytes` holding sampleTree, with `gone.bin` deleted by debugfs. */
export function makeExt4(dir: string, options: { blockSize?: number; megabytes?: number } = {}) {
  const tree = join(dir, 'ext4-tree');
  const files = sampleTree(tree);
  writeFileSync(join(tree, 'gone.bin'), randomBytes(20_000));
  symlinkSync('docs/report.bin', join(tree, 'link'));
  const image = join(dir, 'ext4.img');
  writeFileSync(image, Buffer.alloc(0));
  truncateSync(image, (options.megabytes ?? 32) * 1024 * 1024);
  run('mkfs.ext4', ['-q', '-F', '-b', String(options.blockSize ?? 4096), '-d', tree, image]);
  run('debugfs', ['-w', '-R', 'rm /gone.bin', image]);
  return { image, files };
}

/** A FAT volume with sampleTree copied in by mcopy and `gone.bin` deleted by mdel. */
export function makeFat(dir: string, options: { fat?: 12 | 16 | 32 } = {}) {
  const tree = join(dir, 'fat-tree');
  const files = sampleTree(tree);
  writeFileSync(join(tree, 'gone.bin'), randomBytes(20_000));
  const image = join(dir, 'fat.img');
  const megabytes = options.fat === 32 ? 64 : 32;
  writeFileSync(image, Buffer.alloc(0));
  truncateSync(image, megabytes * 1024 * 1024);
  run('mkfs.vfat', ['-F', String(options.fat ?? 16), image]);
  const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
  execFileSync(
    'mcopy',
    [
      '-s',
      '-i',
      image,
      ...['docs', 'many', 'tiny.txt', 'small.bin', 'page.bin', 'odd.bin', 'gone.bin'].map((f) =>
        join(tree, f),
      ),
      '::/',
    ],
    { env, stdio: 'pipe' },
  );
  execFileSync('mdel', ['-i', image, '::/gone.bin'], { env, stdio: 'pipe' });
  return { image, files };
}

/**
 * An NTFS volume: files and an alternate stream by ntfscp (no root needed); with root, a
 * directory tree through ntfs-3g and a deleted file.
 */
export function makeNtfs(dir: string) {
  const image = join(dir, 'ntfs.img');
  writeFileSync(image, Buffer.alloc(0));
  truncateSync(image, 64 * 1024 * 1024);
  run('mkntfs', ['-q', '-F', '-Q', image]);
  const files = new Map<string, Buffer>();
  const put = (name: string, size: number) => {
    const content = randomBytes(size);
    const source = join(dir, `put-${name.replace(/[/:]/g, '_')}`);
    writeFileSync(source, content);
    return { source, content };
  };
  for (const [name, size] of [
    ['tiny.txt', 1],
    ['resident.bin', 400],
    ['odd.bin', 12_345],
    ['big.bin', 300_000],
  ] as const) {
    const { source, content } = put(name, size);
    run('ntfscp', ['-q', image, source, name]);
    files.set(name, content);
  }
  const stream = put('odd.bin:secret', 5_000);
  run('ntfscp', ['-q', '-N', 'secret', image, stream.source, 'odd.bin']);
  files.set('odd.bin:secret', stream.content);
  let deletedMade = false;
  if (isRoot && spawnSync('sh', ['-c', 'command -v ntfs-3g'], { stdio: 'ignore' }).status === 0) {
    const mount = join(dir, 'ntfs-mount');
    mkdirSync(mount);
    run('ntfs-3g', [image, mount]);
    try {
      mkdirSync(join(mount, 'docs', 'old'), { recursive: true });
      for (const [name, size] of [
        ['docs/report.bin', 150_000],
        ['docs/old/notes.bin', 9_000],
      ] as const) {
        const content = randomBytes(size);
        writeFileSync(join(mount, name), content);
        files.set(name, content);
      }
      writeFileSync(join(mount, 'gone.bin'), randomBytes(20_000));
      run('sync', []);
      rmSync(join(mount, 'gone.bin'));
      deletedMade = true;
    } finally {
      run('umount', [mount]);
    }
  }
  return { image, files, deletedMade };
}

/** An exFAT volume; filled (with a deleted file) through exfat-fuse when root. */
export function makeExfat(dir: string) {
  const image = join(dir, 'exfat.img');
  writeFileSync(image, Buffer.alloc(0));
  truncateSync(image, 64 * 1024 * 1024);
  run('mkfs.exfat', [image]);
  const files = new Map<string, Buffer>();
  let filled = false;
  const fuse = spawnSync('sh', ['-c', 'command -v mount.exfat-fuse'], { stdio: 'ignore' });
  if (isRoot && fuse.status === 0) {
    const loop = run('losetup', ['-f', '--show', image]).trim();
    const mount = join(dir, 'exfat-mount');
    mkdirSync(mount);
    try {
      run('mount.exfat-fuse', [loop, mount]);
      try {
        const tree = sampleTree(join(dir, 'exfat-tree'));
        for (const [path, content] of tree) {
          mkdirSync(join(mount, path, '..'), { recursive: true });
          writeFileSync(join(mount, path), content);
          files.set(path, content);
        }
        writeFileSync(join(mount, 'gone.bin'), randomBytes(20_000));
        run('sync', []);
        rmSync(join(mount, 'gone.bin'));
        filled = true;
      } finally {
        run('umount', [mount]);
      }
    } finally {
      run('losetup', ['-d', loop]);
    }
  }
  return { image, files, filled };
}
