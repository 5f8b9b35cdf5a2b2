// The built CLI's file system commands on an NTFS volume (an alternate stream among its files)
// and an ext4 one: files --json with the fields scripts rely on, as fls lists them; owner with
// several --lba in order, as ifind -d answers; extents as istat; cat and extract as icat and
// icat -s; the owner index kept between runs and rebuilt when the image changes.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { makeExt4, makeNtfs, tempDir } from '../../files/test/helpers/fs-images';
import { fls, icat, ifindBlock, istatBlocks } from '../../files/test/helpers/tsk-oracles';
import type { ExtentsJson, FileEntryJson, OwnerJson } from '../../shared/files/file-entry';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.cjs');

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

function json<T>(args: string[], env: Record<string, string> = {}): T {
  const run = cli([...args, '--json'], env);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.toString()) as T;
}

test('files, owner, extents, cat and extract on NTFS match fls, ifind, istat and icat', (t) => {
  const dir = tempDir(t);
  const { image, files } = makeNtfs(dir);
  const entries = json<FileEntryJson[]>(['files', image]);
  for (const entry of entries) {
    assert.equal(typeof entry.path, 'string');
    assert.ok(entry.path.startsWith('/'));
    assert.equal(typeof entry.inode, 'number');
    assert.equal(typeof entry.allocated, 'boolean');
    assert.equal(typeof entry.type, 'string');
    assert.equal(typeof entry.size, 'number');
  }
  const ours = entries.map((e) => `${e.address} ${e.path.slice(1)} ${e.allocated}`).sort();
  const theirs = fls({ image })
    .map((e) => `${e.address} ${e.path} ${!e.deleted}`)
    .sort();
  assert.deepEqual(ours, theirs);
  const stream = entries.find((e) => e.path === '/odd.bin:secret');
  assert.deepEqual(stream?.attribute, { type: 128, id: stream?.attribute?.id, name: 'secret' });

  // extents of the big file, as istat lists its $DATA.
  const big = entries.find((e) => e.path === '/big.bin');
  assert.ok(big);
  const extents = json<ExtentsJson>(['extents', image, '--inode', big.address]);
  const blocks = extents.extents.flatMap((e) =>
    Array.from({ length: e.blocks }, (_, i) => e.block + i),
  );
  assert.deepEqual(
    blocks,
    istatBlocks({ image }, String(big.inode), big.address.split('-').slice(1).join('-')),
  );

  // owner: one answer per --lba, in the order given.
  const lbas = [blocks[3], 0, blocks[0]].map((b) => ((b ?? 0) * extents.blockSize) / 512);
  const owners = json<OwnerJson[]>([
    'owner',
    image,
    ...lbas.flatMap((lba) => ['--lba', String(lba)]),
    '--no-cache',
  ]);
  assert.deepEqual(
    owners.map((o) => o.lba),
    lbas,
  );
  for (const owner of owners) {
    assert.equal(owner.address, ifindBlock({ image }, owner.block ?? -1));
    for (const field of [
      'lba',
      'partition',
      'filesystem',
      'block',
      'inode',
      'path',
      'offset',
      'allocated',
    ]) {
      assert.ok(field in owner, `owner has ${field}`);
    }
  }
  assert.equal(owners[0]?.path, '/big.bin');
  assert.equal(owners[0]?.offset, 3 * extents.blockSize);
  assert.equal(owners[1]?.path, '/$Boot');

  // cat is icat; the stream by its address too.
  const cat = cli(['cat', image, '--inode', big.address]);
  assert.equal(cat.status, 0, cat.stderr);
  assert.ok(cat.stdout.equals(icat({ image }, big.address)));
  assert.ok(cat.stdout.equals(files.get('big.bin') ?? Buffer.alloc(0)));
  const secret = cli(['cat', image, '--inode', stream?.address ?? '']);
  assert.ok(secret.stdout.equals(files.get('odd.bin:secret') ?? Buffer.alloc(0)));

  // extract: the content with its slack is icat -s; the slack alone is its tail.
  const out = join(dir, 'out');
  spawnSync('mkdir', [out]);
  const odd = entries.find((e) => e.path === '/odd.bin');
  assert.ok(odd);
  const withSlack = cli([
    'extract',
    image,
    '--inode',
    odd.address,
    '--slack',
    '--out',
    join(out, 'odd.all'),
  ]);
  assert.equal(withSlack.status, 0, withSlack.stderr);
  const expected = icat({ image }, odd.address, true);
  assert.ok(readFileSync(join(out, 'odd.all')).equals(expected));
  cli(['extract', image, '--inode', odd.address, '--slack-only', '--out', join(out, 'odd.slack')]);
  assert.ok(readFileSync(join(out, 'odd.slack')).equals(expected.subarray(odd.size)));
  const sums = readFileSync(join(out, 'odd.all.sha256'), 'utf8');
  assert.match(sums, /^[0-9a-f]{64} {2}odd\.all\n$/);
  const check = spawnSync('sha256sum', ['-c', 'odd.all.sha256'], { cwd: out, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout);
  // Never onto the evidence.
  const refused = cli(['extract', image, '--inode', odd.address, '--out', image, '--force']);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /being examined, which is never written to/);
});

test('extract --dir: every file under a directory, deleted ones named apart', (t) => {
  const dir = tempDir(t);
  const { image, files } = makeExt4(dir);
  const out = join(dir, 'out', 'docs');
  const run = json<{ path: string; sha256: string; from: string }[]>([
    'extract',
    image,
    '--dir',
    '/docs',
    '--out',
    out,
  ]);
  const names = run.map((f) => f.from).sort();
  assert.deepEqual(names, ['/docs/old/big.bin', '/docs/old/notes.bin', '/docs/report.bin']);
  for (const file of run) {
    assert.ok(readFileSync(file.path).equals(files.get(file.from.slice(1)) ?? Buffer.alloc(0)));
  }
  assert.deepEqual(readdirSync(join(out, 'old')).sort(), [
    'big.bin',
    'big.bin.sha256',
    'notes.bin',
    'notes.bin.sha256',
  ]);
  const root = json<{ from: string }[]>([
    'extract',
    image,
    '--dir',
    '/',
    '--out',
    join(dir, 'all'),
  ]);
  assert.ok(
    root.some((f) => f.from === '/gone.bin'),
    'the deleted file is exported too',
  );
  assert.ok(
    readdirSync(join(dir, 'all')).some((name) => /^gone\.bin \(deleted, inode \d+\)$/.test(name)),
  );
});

test('owner keeps its index between runs, and rebuilds it for a changed image', (t) => {
  const dir = tempDir(t);
  const { image } = makeExt4(dir);
  const cache = join(dir, 'cache');
  const env = { SECTORSCOPE_CACHE_DIR: cache };
  const first = json<OwnerJson[]>(['owner', image, '--lba', '8'], env);
  const kept = readdirSync(join(cache, 'owner-index'));
  assert.equal(kept.length, 1);
  const second = json<OwnerJson[]>(['owner', image, '--lba', '8'], env);
  assert.deepEqual(second, first);
  assert.deepEqual(readdirSync(join(cache, 'owner-index')), kept, 'the same index was used');
  // A copy with one byte changed in the first MiB (a sample) is another image.
  const changed = join(dir, 'changed.img');
  copyFileSync(image, changed);
  const fd = openSync(changed, 'r+');
  writeSync(fd, Buffer.from([0x42]), 0, 1, 100);
  closeSync(fd);
  json<OwnerJson[]>(['owner', changed, '--lba', '8'], env);
  assert.equal(readdirSync(join(cache, 'owner-index')).length, 2);
});

test('file commands say what is wrong with their arguments', (t) => {
  const dir = tempDir(t);
  const { image } = makeExt4(dir);
  const cases: [string[], RegExp][] = [
    [['extents', image], /Missing --inode/],
    [['extents', image, '--inode', '12-x'], /--inode must be ADDR, ADDR-TYPE or ADDR-TYPE-ID/],
    [['owner', image], /Missing --lba/],
    [
      ['files', image, '--partition', '3'],
      /There is no partition 3: this disk has no partition table/,
    ],
    [['owner', image, '--lba', '99999999'], /past the end of the disk/],
    [['extract', image, '--out', join(dir, 'x')], /Name one of --inode X/],
  ];
  for (const [args, message] of cases) {
    const run = cli(args);
    assert.notEqual(run.status, 0, args.join(' '));
    assert.match(run.stderr, message, args.join(' '));
  }
});
