// Export jobs: the bytes equal dd's, the SHA-256 equals sha256sum's, and every destination that
// could change the evidence is refused before anything is written.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ExportResult } from '../../shared/contract';
import { runJobOnPath } from '../run-job-on-path';
import {
  attachLoop,
  coreutilsDigest,
  ddBytes,
  isRoot,
  tempDir,
  writeImage,
} from './job-test-support';

const MiB = 1024 * 1024;
const SIZE = 3 * MiB + 700;

function exportTo(
  source: string,
  range: { lba: bigint; count: bigint },
  out: string,
  overwrite = false,
  options: { sectorSize?: number } = {},
) {
  return runJobOnPath(
    source,
    range,
    { kind: 'export' },
    {
      exportTo: { path: out, overwrite },
      blockBytes: MiB,
      ...options,
    },
  );
}

/** `stat -c '%t %T'`: a device node's major and minor, as mknod takes them (decimal). */
function majorMinorOf(device: string): [string, string] {
  const [major, minor] = execFileSync('stat', ['-c', '%t %T', device], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .map((hex) => String(parseInt(hex, 16)));
  return [major ?? '', minor ?? ''];
}

async function refusedWith(promise: Promise<unknown>, code: string, message: RegExp) {
  await assert.rejects(promise, (error: Error & { code?: string }) => {
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    return true;
  });
}

describe('export jobs', () => {
  let dir: string;
  let image: string;
  let imageMd5: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-export-'));
    image = join(dir, 'evidence.img');
    writeImage(image, SIZE);
    imageMd5 = coreutilsDigest('md5sum', image);
  });
  after(() => {
    // The evidence never changes, whatever the tests asked for.
    assert.equal(coreutilsDigest('md5sum', image), imageMd5);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a range spanning several blocks: the bytes equal dd, the SHA-256 equals sha256sum', async () => {
    const out = join(dir, 'part.bin');
    const range = { lba: 5n, count: 2048n * 2n + 77n };
    const run = await exportTo(image, range, out);
    const result = run.result as ExportResult;
    assert.equal(result.kind, 'export');
    assert.deepEqual(readFileSync(out), ddBytes(image, 512, range.lba, range.count));
    assert.equal(result.sha256, coreutilsDigest('sha256sum', out));
    assert.equal(result.bytes, String(range.count * 512n));
    assert.equal(result.destination, out);
    assert.deepEqual(result.badSectors, []);
  });

  test('a range ending in the partial last sector holds exactly the bytes the image has', async () => {
    const out = join(dir, 'tail.bin');
    const lastLba = BigInt(Math.ceil(SIZE / 512)) - 1n;
    const run = await exportTo(image, { lba: lastLba - 2n, count: 3n }, out);
    const expected = ddBytes(image, 512, lastLba - 2n, 3n);
    assert.equal(expected.length, 2 * 512 + (SIZE % 512));
    assert.deepEqual(readFileSync(out), expected);
    assert.equal((run.result as ExportResult).sha256, coreutilsDigest('sha256sum', out));
  });

  test('in 4096-byte sectors', async () => {
    const out = join(dir, 'big-sectors.bin');
    await exportTo(image, { lba: 1n, count: 300n }, out, false, { sectorSize: 4096 });
    assert.deepEqual(readFileSync(out), ddBytes(image, 4096, 1n, 300n));
  });

  test('refuses the image itself, by path, by a relative path, a hard link and a symbolic link', async () => {
    const hardLink = join(dir, 'hard-link.img');
    linkSync(image, hardLink);
    const softLink = join(dir, 'soft-link.img');
    symlinkSync(image, softLink);
    const relative = join(dir, '.', 'sub', '..', 'evidence.img');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    for (const destination of [image, relative, hardLink]) {
      for (const overwrite of [false, true]) {
        await refusedWith(
          exportTo(image, { lba: 0n, count: 1n }, destination, overwrite),
          'INVALID_ARGUMENT',
          /Refusing to export to .*the disk or image being examined/,
        );
      }
    }
    await refusedWith(
      exportTo(image, { lba: 0n, count: 1n }, softLink, true),
      'INVALID_ARGUMENT',
      /symbolic link/,
    );
  });

  test('never replaces an existing file unless told to, then replaces it whole', async () => {
    const out = join(dir, 'existing.bin');
    writeFileSync(out, 'keep me');
    await refusedWith(
      exportTo(image, { lba: 0n, count: 4n }, out),
      'INVALID_ARGUMENT',
      /already exists and is left as it is.*--force/,
    );
    assert.equal(readFileSync(out, 'utf8'), 'keep me');
    writeFileSync(out, Buffer.alloc(10000, 7));
    await exportTo(image, { lba: 2n, count: 4n }, out, true);
    assert.deepEqual(readFileSync(out), ddBytes(image, 512, 2n, 4n));
  });

  test('says plainly when the folder is missing or the destination is a folder', async () => {
    const listing = readdirSync(dir).sort();
    await refusedWith(
      exportTo(image, { lba: 0n, count: 1n }, join(dir, 'nowhere', 'x.bin')),
      'NOT_FOUND',
      /folder .*nowhere does not exist/,
    );
    await refusedWith(
      exportTo(image, { lba: 0n, count: 1n }, join(dir, 'sub'), true),
      'IS_DIRECTORY',
      /is a folder/,
    );
    await refusedWith(
      exportTo(image, { lba: 0n, count: 1n }, '/dev/null', true),
      'INVALID_ARGUMENT',
      /not a regular file/,
    );
    assert.deepEqual(readdirSync(dir).sort(), listing, 'a refused export leaves no file');
  });
});

describe(
  'exports next to loop devices',
  { skip: isRoot ? false : 'needs root: losetup, mount' },
  () => {
    test('refuses a block device, the loop device of the image, and the image behind a loop device', async (t) => {
      const dir = tempDir(t);
      const image = join(dir, 'evidence.img');
      writeImage(image, 2 * MiB);
      const before = coreutilsDigest('md5sum', image);
      const device = attachLoop(t, image);
      // The image's own loop device, as the destination of an export of the image.
      for (const overwrite of [false, true]) {
        await refusedWith(
          exportTo(image, { lba: 0n, count: 1n }, device, overwrite),
          'INVALID_ARGUMENT',
          /is a block device/,
        );
      }
      // The loop device being examined, exported onto the image behind it.
      await refusedWith(
        exportTo(device, { lba: 0n, count: 1n }, image, true),
        'INVALID_ARGUMENT',
        /it is the image behind \/dev\/loop\d+ \(the loop device being examined\), which is never written to/,
      );
      // The loop device itself, under its own name and under another node of the same device.
      const alias = join(dir, 'alias-of-loop');
      execFileSync('mknod', [alias, 'b', ...majorMinorOf(device)]);
      for (const destination of [device, alias]) {
        await refusedWith(
          exportTo(device, { lba: 0n, count: 1n }, destination, true),
          'INVALID_ARGUMENT',
          /it is the disk (or image )?being examined/,
        );
      }
      assert.equal(coreutilsDigest('md5sum', image), before);
      // An export of the loop device to an ordinary file works and equals dd of the device.
      const out = join(dir, 'from-loop.bin');
      await exportTo(device, { lba: 10n, count: 100n }, out);
      assert.deepEqual(readFileSync(out), ddBytes(device, 512, 10n, 100n));
    });

    test('refuses a file on a filesystem of the disk being examined', async (t) => {
      const dir = tempDir(t);
      const image = join(dir, 'fs.img');
      writeFileSync(image, Buffer.alloc(16 * MiB));
      execFileSync('mkfs.ext4', ['-q', '-F', image]);
      const device = execFileSync('losetup', ['--find', '--show', image], {
        encoding: 'utf8',
      }).trim();
      const mountpoint = join(dir, 'mnt');
      mkdirSync(mountpoint);
      try {
        execFileSync('mount', [device, mountpoint]);
        try {
          const out = join(mountpoint, 'export.bin');
          await refusedWith(
            exportTo(device, { lba: 0n, count: 8n }, out),
            'INVALID_ARGUMENT',
            /its folder is on \/dev\/loop\d+, the loop device being examined; writing there would change the evidence/,
          );
          assert.ok(!existsSync(out));
        } finally {
          spawnSync('umount', [mountpoint]);
        }
      } finally {
        spawnSync('losetup', ['-d', device]);
      }
    });
  },
);
