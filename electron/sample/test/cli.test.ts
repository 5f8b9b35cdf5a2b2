// write-sample-disk.ts from the command line: writes the image, and refuses to replace anything
// unless told to, and never anything that is not a regular file.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstat, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeSampleDisk } from '../sample-disk';
import { toolBytes, toolText } from './oracle-tools';
import { makeTempFolder } from './temp-sample';

const CLI = join(__dirname, '..', 'write-sample-disk.ts');

let temp: Awaited<ReturnType<typeof makeTempFolder>>;
before(async () => {
  temp = await makeTempFolder();
});
after(() => temp.remove());

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function leftovers(): Promise<string[]> {
  return (await readdir(temp.folder)).filter((name) => name.includes('.partial'));
}

test('writes the same image as writeSampleDisk, and sgdisk finds no problems in it', async () => {
  const fromCli = join(temp.folder, 'cli.img');
  const fromApi = join(temp.folder, 'api.img');
  const result = cli(fromCli);
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stdout,
    /^Wrote .*cli\.img: 67108864 bytes, GPT with SAMPLE-FAT32 at LBA 2048/,
  );
  await writeSampleDisk(fromApi);
  toolBytes('cmp', [fromCli, fromApi]);
  assert.match(toolText('sgdisk', ['-v', fromCli]), /No problems found/);
});

test('refuses to replace an existing file without --force, and leaves it alone', async () => {
  const precious = join(temp.folder, 'evidence.img');
  await writeFile(precious, 'not to be touched');
  const result = cli(precious);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /evidence\.img already exists and is left as it is\. .* --force/);
  assert.equal(await readFile(precious, 'utf8'), 'not to be touched');
  assert.deepEqual(await leftovers(), []);
});

test('--force replaces an existing regular file with the full image', async () => {
  const old = join(temp.folder, 'old.img');
  await writeFile(old, 'stale');
  const result = cli(old, '--force');
  assert.equal(result.status, 0, result.stderr);
  assert.equal((await lstat(old)).size, 67108864);
  assert.match(toolText('sgdisk', ['-v', old]), /No problems found/);
});

test('never replaces a FIFO or a symbolic link, even with --force', async () => {
  const fifo = join(temp.folder, 'a.fifo');
  toolBytes('mkfifo', [fifo]);
  const link = join(temp.folder, 'link.img');
  const target = join(temp.folder, 'target.txt');
  await writeFile(target, 'target');
  await symlink(target, link);
  for (const path of [fifo, link]) {
    const result = cli(path, '--force');
    assert.equal(result.status, 1, path);
    assert.match(result.stderr, /exists and is not a regular file/);
  }
  assert.ok((await lstat(fifo)).isFIFO());
  assert.ok((await lstat(link)).isSymbolicLink());
  assert.equal(await readFile(target, 'utf8'), 'target');
  assert.deepEqual(await leftovers(), []);
});

test('says plainly when the folder is missing', () => {
  const result = cli(join(temp.folder, 'no-such-folder', 'x.img'));
  assert.equal(result.status, 1);
  assert.match(result.stderr, /The folder .*no-such-folder does not exist\./);
});

test('prints the usage and exits 2 without a path or with two', () => {
  for (const args of [[], ['a.img', 'b.img'], ['--bogus']]) {
    const result = cli(...args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /Usage: node --import tsx electron\/sample\/write-sample-disk\.ts/);
  }
  const help = cli('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage:/);
});
