// The built CLI on evidence formats: info --json names the format, segments, acquisition
// metadata and stored hashes (as ewfinfo prints them); verify passes an intact E01 and fails a
// corrupted one at the sectors ewfverify names; and where the format libraries are missing (hidden
// in a mount namespace), an E01 or a VMDK says which package to install while raw and split raw
// images still open.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  buildEvidenceDisk,
  formatToolsMissing,
  makeEwf,
  makeSplit,
  tempFolder,
  type EvidenceDisk,
} from '../../source/test/helpers/evidence-images';

const root = join(__dirname, '..', '..', '..');
const CLI = join(root, 'dist', 'cli.cjs');

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const skip = formatToolsMissing();

describe('the CLI on evidence formats', { skip: skip ?? false }, () => {
  const folder = tempFolder('sectorscope-formats-cli-');
  let disk: EvidenceDisk;
  let e01: string;

  before(() => {
    disk = buildEvidenceDisk(folder.path, 512);
    e01 = makeEwf(disk.path, join(folder.path, 'e01', 'disk'), {
      segmentBytes: '1MiB',
      caseNumber: 'CASE-9',
      examiner: 'A. Examiner',
    });
  });
  after(() => folder.remove());

  test('info --json: format, segments, metadata and stored hashes as ewfinfo gives them', () => {
    const result = cli(['info', e01, '--json']);
    assert.equal(result.status, 0, result.stderr);
    const info = JSON.parse(result.stdout) as Record<string, unknown>;
    const ewfinfo = execFileSync('ewfinfo', [e01], { encoding: 'utf8' });
    const field = (label: string) => new RegExp(`${label}:\\s+(.+)`).exec(ewfinfo)?.[1]?.trim();
    assert.equal(info.format, 'ewf');
    assert.deepEqual(
      info.segments,
      readdirSync(join(folder.path, 'e01'))
        .filter((name) => /^disk\.E\d\d$/.test(name))
        .sort()
        .map((name) => join(folder.path, 'e01', name)),
    );
    assert.equal(info.size, disk.size);
    assert.deepEqual(info.storedHashes, { md5: field('MD5'), sha1: field('SHA1') });
    const metadata = info.metadata as Record<string, string>;
    assert.equal(metadata.caseNumber, field('Case number'));
    assert.equal(metadata.examiner, field('Examiner name'));
    assert.equal(metadata.acquisitionSoftware, field('Software version used'));
  });

  test('verify: an intact E01 passes, exit 0', () => {
    const result = cli(['verify', e01, '--json']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(report.verified, true);
    assert.deepEqual(report.computed, {
      md5: disk.md5,
      sha1: report.stored && (report.stored as Record<string, string>).sha1,
    });
    assert.deepEqual(report.badRuns, []);
  });

  test('verify: a corrupted chunk fails, exit 1, at the sectors ewfverify names', () => {
    const damaged = join(folder.path, 'damaged');
    mkdirSync(damaged);
    for (const name of readdirSync(join(folder.path, 'e01'))) {
      copyFileSync(join(folder.path, 'e01', name), join(damaged, name));
    }
    const fd = openSync(join(damaged, 'disk.E02'), 'r+');
    writeSync(fd, Buffer.from([0xa5]), 0, 1, 400_000);
    closeSync(fd);
    const image = join(damaged, 'disk.E01');
    const peer = spawnSync('ewfverify', ['-q', image], { encoding: 'utf8' });
    const [, start, end] =
      /at sector\(s\): (\d+) - (\d+)/.exec(`${peer.stdout}${peer.stderr}`) ?? [];
    assert.ok(start && end, 'ewfverify names the bad chunk');
    const result = cli(['verify', image]);
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      new RegExp(`^  ${start} - ${end} \\(number: ${Number(end) - Number(start) + 1}\\)$`, 'm'),
    );
    assert.match(result.stdout, /MD5 computed over data: +[0-9a-f]{32} {2}\(DIFFERENT\)/);
    assert.match(result.stdout, /^NOT VERIFIED\.$/m);
  });

  test('verify: an image that stores no hash is refused, exit 1', () => {
    const result = cli(['verify', disk.path]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /stores no hash of its media to verify against/);
  });
});

const isRoot = process.getuid?.() === 0;

describe(
  'without the format libraries',
  { skip: skip ?? (isRoot ? false : 'needs root: unshare --mount') },
  () => {
    const folder = tempFolder('sectorscope-nolib-');
    let disk: EvidenceDisk;
    let e01: string;
    let vmdk: string;
    let split: string;

    before(() => {
      disk = buildEvidenceDisk(folder.path, 512);
      e01 = makeEwf(disk.path, join(folder.path, 'e01', 'disk'));
      vmdk = join(folder.path, 'disk.vmdk');
      execFileSync('qemu-img', ['convert', '-O', 'vmdk', disk.path, vmdk]);
      split = makeSplit(disk.path, join(folder.path, 'split', 'disk.'), 40 * 1024 * 1024);
    });
    after(() => folder.remove());

    /** The CLI in a mount namespace where `library` is an empty file (dlopen fails on it). */
    function withoutLibrary(library: string, args: string[]) {
      const real = realpathSync(library);
      const script = 'mount --bind /dev/null "$1" && shift && exec "$@"';
      return spawnSync(
        'unshare',
        [
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          script,
          'sh',
          real,
          process.execPath,
          CLI,
          ...args,
        ],
        { encoding: 'utf8' },
      );
    }

    test('an E01 says to install libewf; raw and split raw images still open', () => {
      const libewf = '/usr/lib/x86_64-linux-gnu/libewf.so.2';
      const missing = withoutLibrary(libewf, ['info', e01]);
      assert.equal(missing.status, 1, missing.stderr);
      assert.match(
        missing.stderr,
        /Reading E01 \(Expert Witness\) images needs libewf \(libewf\.so\.2\), which is not installed/,
      );
      assert.match(missing.stderr, /apt install libewf2/);
      assert.doesNotMatch(missing.stderr, /^\s+at /m, 'no stack trace');
      for (const image of [disk.path, split]) {
        const result = withoutLibrary(libewf, ['hash', image, '--algo', 'md5', '--json']);
        assert.equal(result.status, 0, result.stderr);
        assert.equal((JSON.parse(result.stdout) as { md5: string }).md5, disk.md5);
      }
    });

    test('a VMDK says to install libtsk', () => {
      const missing = withoutLibrary('/usr/lib/x86_64-linux-gnu/libtsk.so.19', ['info', vmdk]);
      assert.equal(missing.status, 1, missing.stderr);
      assert.match(
        missing.stderr,
        /needs The Sleuth Kit's libtsk \(libtsk\.so\.19\), which is not installed/,
      );
      assert.match(missing.stderr, /apt install libtsk19/);
    });
  },
);
