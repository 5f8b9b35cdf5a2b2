// The hash, search and export commands as a user runs them: JSON and text output against
// coreutils, dd and grep; usage errors; progress only on a terminal; Ctrl+C; and the bundled
// CLI finding its bundled job worker.

import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  attachFaultyDisk,
  canUseFaultyDisk,
} from '../../../native-bridge/test/faulty-disk/faulty-disk';
import { UsageError } from '../cli-error';
import { runExportCommand } from '../export-command';
import { runHashCommand } from '../hash-command';
import { runSearchCommand } from '../search-command';
import {
  coreutilsDigest,
  ddBytes,
  ddSha256,
  grepOffsets,
  tempDir,
  writeImage,
} from '../../jobs/test/job-test-support';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'electron', 'cli', 'cli.ts');

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 1 << 26,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(args: string[]): Record<string, unknown> {
  const result = cli([...args, '--json']);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '', 'nothing on stderr when it is not a terminal');
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('sectorscope hash, search and export', () => {
  let dir: string;
  let image: string;
  const size = 2 * 1024 * 1024 + 3 * 512 + 11;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-cli-jobs-'));
    image = join(dir, 'disk.img');
    writeImage(image, size, [
      { offset: 512 * 7, bytes: Buffer.from('NTFS    ') },
      { offset: 1024 * 1024 - 2, bytes: Buffer.from('NTFS') },
      { offset: 3000, bytes: Buffer.from('ntfs', 'utf16le') },
      { offset: 9000, bytes: Buffer.from('NtFs', 'utf16le') },
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('hash --json: the default digests, bytes, no bad sectors, the time', () => {
    const out = json(['hash', image]);
    assert.equal(out.md5, coreutilsDigest('md5sum', image));
    assert.equal(out.sha1, coreutilsDigest('sha1sum', image));
    assert.equal(out.sha256, coreutilsDigest('sha256sum', image));
    assert.equal(out.sha512, undefined);
    assert.equal(out.bytes, size);
    assert.deepEqual(out.badSectors, []);
    assert.equal(typeof out.seconds, 'number');
  });

  test('hash of a range with --algo, in JSON and as text', () => {
    const out = json(['hash', image, '--algo', 'sha512,md5', '--lba', '0x10', '--count', '300']);
    const part = join(dir, 'part.bin');
    writeFileSync(part, ddBytes(image, 512, 16n, 300n));
    assert.equal(out.sha512, coreutilsDigest('sha512sum', part));
    assert.equal(out.md5, coreutilsDigest('md5sum', part));
    assert.equal(out.sha1, undefined);
    assert.equal(out.bytes, 300 * 512);
    assert.equal(out.lba, 16);
    const text = cli(['hash', image, '--algo', 'sha256', '--lba', '16', '--count', '300']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(
      text.stdout,
      /^Hashed .*disk\.img, LBA 16-315 \(300 sectors of 512 bytes\): 153600 bytes in /,
    );
    assert.match(text.stdout, new RegExp(`\nSHA-256: ${ddSha256(image, 512, 16n, 300n)}\n`));
    assert.match(text.stdout, /\nAll sectors were read\.\n$/);
  });

  test('search --hex with a wildcard, in JSON and as text', () => {
    const out = json(['search', image, '--hex', '4E 54 ?? 53']);
    const expected = grepOffsets(image, '(?s)\\x4E\\x54.\\x53', 4);
    const hits = out.hits as { offset: number; lba: number; context: string }[];
    assert.deepEqual(
      hits.map((h) => BigInt(h.offset)),
      expected,
    );
    assert.deepEqual(
      hits.map((h) => h.lba),
      expected.map((o) => Number(o / 512n)),
    );
    assert.equal(out.hitCount, expected.length);
    assert.equal(out.truncated, false);
    const text = cli(['search', image, '--hex', '4e54??53']);
    assert.equal(text.status, 0, text.stderr);
    const lines = text.stdout.trim().split('\n');
    assert.equal(lines.length, expected.length + 2);
    assert.match(
      lines[0] ?? '',
      /^offset 3584 \(0xE00\) {2}LBA 7 {2}(.. ){16}\[4e 54 46 53\] 20 20 20 20/,
    );
    assert.match(
      lines.at(-2) ?? '',
      new RegExp(`^${expected.length} hits? for hex 4E 54 \\?\\? 53 in `),
    );
    assert.equal(lines.at(-1), 'All sectors were read.');
  });

  test('search --text --utf16le --ignore-case, and --aligned', () => {
    const utf16 = json(['search', image, '--text', 'NTFS', '--utf16le', '--ignore-case']);
    const regex = 'n\\x00t\\x00f\\x00s\\x00';
    assert.deepEqual(
      (utf16.hits as { offset: number }[]).map((h) => BigInt(h.offset)),
      grepOffsets(image, regex, 8, true),
    );
    assert.equal(utf16.hitCount, 2);
    const aligned = json(['search', image, '--text', 'NTFS', '--aligned']);
    assert.deepEqual(
      (aligned.hits as { offset: number }[]).map((h) => h.offset),
      grepOffsets(image, 'NTFS', 4)
        .filter((o) => o % 512n === 0n)
        .map(Number),
    );
    assert.equal(aligned.hitCount, 1);
  });

  test('export writes exactly the sectors dd reads, prints the SHA-256, and needs --force to replace', () => {
    const out = join(dir, 'export.bin');
    const text = cli(['export', image, '--lba', '5', '--count', '2000', '--out', out]);
    assert.equal(text.status, 0, text.stderr);
    assert.deepEqual(readFileSync(out), ddBytes(image, 512, 5n, 2000n));
    assert.match(text.stdout, new RegExp(`\nSHA-256: ${coreutilsDigest('sha256sum', out)}\n`));
    assert.match(text.stdout, /^Exported LBA 5-2004 \(2000 sectors of 512 bytes\) of /);
    const again = cli(['export', image, '--lba', '0', '--count', '1', '--out', out]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists and is left as it is.*--force/);
    assert.deepEqual(readFileSync(out), ddBytes(image, 512, 5n, 2000n));
    const forced = json(['export', image, '--lba', '0', '--count', '1', '--out', out, '--force']);
    assert.deepEqual(readFileSync(out), ddBytes(image, 512, 0n, 1n));
    assert.equal(forced.sha256, coreutilsDigest('sha256sum', out));
    assert.equal(forced.bytes, 512);
    const onto = cli(['export', image, '--lba', '0', '--count', '1', '--out', image, '--force']);
    assert.equal(onto.status, 1);
    assert.match(
      onto.stderr,
      /Refusing to export to .*disk\.img: it is the disk or image being examined/,
    );
  });

  test('usage errors exit 2 with a reason and the help hint', async () => {
    const cases: [string[], RegExp][] = [
      [['hash'], /Missing PATH/],
      [['hash', image, '--algo', 'crc32'], /Unknown --algo "crc32"/],
      [['hash', image, '--lba', 'x'], /--lba must be a whole number/],
      [['hash', image, '--count', '0'], /--count must be 1 or more/],
      [
        ['hash', image, '--lba', '4100'],
        /LBA 4100 is past the end of the disk: the last LBA is 4099/,
      ],
      [['hash', image, '--lba', '4000', '--count', '101'], /at most 100 sectors remain/],
      [['hash', image, '--retries', '17'], /--retries must be 0 to 16/],
      [['hash', image, '--bogus'], /Unknown option '--bogus'/],
      [['search', image], /Say what to search for/],
      [['search', image, '--hex', '41', '--text', 'A'], /either --hex or --text, not both/],
      [['search', image, '--hex', '4E 5'], /odd number/],
      [['search', image, '--hex', '41', '--ignore-case'], /go with --text/],
      [['search', image, '--text', 'a', '--max-hits', '0'], /--max-hits must be/],
      [['search', image, 'NTFS'], /search takes one PATH; got 2/],
      [['export', image, '--lba', '0', '--count', '1'], /Missing --out FILE/],
      [['export', image, '--out', join(dir, 'x.bin')], /--lba N --count K/],
    ];
    const commands = { hash: runHashCommand, search: runSearchCommand, export: runExportCommand };
    const io = { out: () => assert.fail('no output for a usage error'), err: process.stderr };
    for (const [[command, ...args], message] of cases) {
      const run = commands[command as keyof typeof commands];
      await assert.rejects(run(args, io), (error: Error) => {
        assert.ok(error instanceof UsageError, `${command} ${args.join(' ')}: ${error.message}`);
        assert.match(error.message, message);
        return true;
      });
    }
    // Through the real command line: exit status 2, the reason and the hint on stderr.
    for (const args of [
      ['search', image, '--hex', '4E 5'],
      ['export', image],
    ]) {
      const result = cli(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^sectorscope: .+\nRun `sectorscope help`/);
      assert.equal(result.stdout, '');
    }
    const help = cli(['hash', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /sectorscope hash PATH/);
    assert.match(help.stdout, /sectorscope search PATH/);
    assert.match(help.stdout, /sectorscope export PATH --lba N --count K --out FILE/);
  });

  test('progress goes to stderr only on a terminal, as one line rewritten in place', (t) => {
    if (spawnSync('script', ['--version']).status !== 0) {
      t.skip('needs script(1) from util-linux to give the command a terminal');
      return;
    }
    const command = [process.execPath, '--import', 'tsx', CLI, 'hash', image, '--algo', 'md5']
      .map((part) => `'${part}'`)
      .join(' ');
    // script gives the command a terminal; its stdout and stderr both end up in ours.
    const result = spawnSync('script', ['-qfec', command, '/dev/null'], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    assert.equal(result.status, 0, result.stdout);
    const erase = '\r\u001b[K';
    const progress = /Hashing {2}.* of .* \(\d+(\.\d)?%\) {2}.*\/s {2}/;
    assert.ok(result.stdout.startsWith(erase), 'the line is drawn from its start');
    assert.match(result.stdout.split(erase)[1] ?? '', progress);
    assert.match(result.stdout.split(erase).at(-1) ?? '', /^Hashed /, 'erased before the result');
    assert.match(result.stdout, new RegExp(`MD5: {5}${coreutilsDigest('md5sum', image)}`));
  });
});

test('Ctrl+C on a terminal cancels a running job: exit status 130 within a second', async (t) => {
  if (spawnSync('script', ['--version']).status !== 0) {
    t.skip('needs script(1) from util-linux to give the command a terminal');
    return;
  }
  const dir = tempDir(t);
  const sparse = join(dir, 'sparse.img');
  const fd = openSync(sparse, 'w');
  ftruncateSync(fd, 64 * 1024 * 1024 * 1024);
  closeSync(fd);
  const command = [process.execPath, '--import', 'tsx', CLI, 'hash', sparse]
    .map((part) => `'${part}'`)
    .join(' ');
  // script puts the command on a terminal; a ^C typed into it reaches the command as SIGINT.
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const hashing = new Promise<void>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Hashing')) resolve();
    });
  });
  await Promise.race([hashing, exited]);
  assert.match(output, /Hashing/, 'the job runs before it is interrupted');
  const started = performance.now();
  child.stdin.write('\x03');
  const status = await exited;
  const latency = performance.now() - started;
  assert.equal(status, 130, output);
  assert.match(output, /sectorscope: cancelled\./);
  assert.ok(latency < 1000, `exit took ${latency} ms`);
});

test('zero-filled sectors are named plainly in text and listed in JSON', async (t) => {
  const why = canUseFaultyDisk();
  if (why) {
    t.skip(why);
    return;
  }
  const dir = tempDir(t);
  const backing = join(dir, 'backing.img');
  writeImage(backing, 1024 * 1024);
  const disk = await attachFaultyDisk({ backingImage: backing, badSectors: [5n, 6n, 900n] });
  t.after(() => disk.detach());
  const text = cli(['hash', disk.device]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(
    text.stdout,
    /\nWARNING: 3 sectors could not be read and were hashed as zeros \(zero-filled\): LBA 5-6, 900\.\n$/,
  );
  const out = json(['hash', disk.device]);
  assert.deepEqual(out.badSectors, [5, 6, 900]);
  const exported = cli([
    'export',
    disk.device,
    '--lba',
    '0',
    '--count',
    '10',
    '--out',
    join(dir, 'e.bin'),
  ]);
  assert.match(exported.stdout, /WARNING: 2 sectors could not be read and were written as zeros/);
});

test('the bundled CLI runs its jobs in the bundled worker beside it', async (t) => {
  const dist = tempDir(t);
  execFileSync(process.execPath, [
    join(ROOT, 'build/scripts/build.mjs'),
    '--node-bundles-to',
    dist,
  ]);
  const image = join(dist, 'disk.img');
  writeImage(image, 3 * 1024 * 1024);
  const result = spawnSync(process.execPath, [join(dist, 'cli.cjs'), 'hash', image, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
  });
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.equal(out.sha256, coreutilsDigest('sha256sum', image));
  assert.equal(out.md5, coreutilsDigest('md5sum', image));
});
