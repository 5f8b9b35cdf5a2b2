// The faults a case meets, on real filesystems (as root): a case folder that cannot be written
// (a read-only mount), a disk filled to the brim, a case.json that cannot be replaced once the
// log line is written, and a case folder on the evidence itself (a loop mount of the image, the
// loop device, the image). Each action is refused with the reason, the log keeps no half line
// and still verifies, and the evidence's SHA-256 is the same after as before.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { readCase } from '../../case/audit-append';
import { AUDIT_FILE, CASE_FILE } from '../../case/case-types';
import {
  bundledCliMissing,
  cli,
  cliOk,
  isRoot,
  keepsEvidence,
  tempDir,
  writeEvidence,
} from '../../case/test/case-test-support';
import { Rig, syncedSha256 } from '../../jobs/test/export-rigs';
import { DiskService } from '../disk-service';

const skip = !isRoot ? 'needs root: losetup, mount' : (bundledCliMissing() ?? false);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The case's two files, byte for byte, to compare after a refusal. */
function caseBytes(dir: string) {
  return { log: readFileSync(join(dir, AUDIT_FILE)), file: readFileSync(join(dir, CASE_FILE)) };
}

function assertUnchanged(dir: string, before: ReturnType<typeof caseBytes>, what: string) {
  const now = caseBytes(dir);
  assert.ok(now.log.equals(before.log), `${what}: the log is as it was`);
  assert.ok(now.file.equals(before.file), `${what}: case.json is as it was`);
  assert.deepEqual(
    readdirSync(dir).filter((name) => name.includes('sectorscope-partial')),
    [],
    `${what}: no temporary left behind`,
  );
  const verified = cli(['audit', 'verify', dir]);
  assert.equal(verified.status, 0, `${what}: ${verified.stdout}`);
}

/** An ext4 image of `mib` MiB in a new folder, its loop device, and where it is mounted. */
function mountedImage(rig: Rig, mib: number) {
  const dir = rig.tempDir('sectorscope-case-fs-');
  const image = join(dir, 'evidence.img');
  rig.mkfs(image, mib);
  const device = rig.attach(image);
  return { dir, image, device, mount: rig.mount(device, join(dir, 'mnt')) };
}

/** Evidence on the ordinary temporary filesystem, checked unchanged when the test ends. */
function evidence(t: TestContext): string {
  const image = join(tempDir(t, 'sectorscope-case-evidence-'), 'evidence.img');
  writeEvidence(image);
  keepsEvidence(t, image);
  return image;
}

describe('case faults on real filesystems', { skip }, () => {
  test('a case folder on a read-only filesystem: every change refused, reading still works', async (t) => {
    const rig = new Rig(t);
    const image = evidence(t);
    const { mount } = mountedImage(rig, 8);
    const dir = join(mount, 'case');
    cliOk(['case', 'init', dir, '--evidence', image]);
    cliOk(['bookmark', 'add', dir, '--lba', '1', '--label', 'before']);
    // A viewer holding it read-write before the filesystem turns read-only.
    const service = new DiskService({ caseProgram: 'the test viewer' });
    assert.equal((await service.cases.open(dir)).readOnly, false);
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    const before = caseBytes(dir);

    const add = cli(['bookmark', 'add', dir, '--lba', '2', '--label', 'refused']);
    assert.equal(add.status, 1);
    assert.match(add.stderr, /is on a read-only filesystem: the bookmark was not added/);
    const source = service.sources.add(image);
    const reply = await service.handle('addBookmark', {
      source: source.id,
      offset: '0',
      length: '1',
      label: 'x',
    });
    assert.ok(
      !reply.ok && /read-only filesystem: the bookmark was not added/.test(reply.error.message),
      JSON.stringify(reply),
    );
    // A job that cannot be recorded does not run.
    const opened = await service.handle('open', { source: source.id });
    assert.ok(opened.ok);
    const { session } = opened.value as { session: string };
    const job = await service.handle('startJob', {
      session,
      spec: { kind: 'hash', algorithms: ['sha256'] },
    });
    assert.ok(
      !job.ok && /read-only filesystem: the hash was not started/.test(job.error.message),
      JSON.stringify(job),
    );
    assert.equal(service.runningJobs, 0);
    assertUnchanged(dir, before, 'read-only');

    // Reading, listing and reporting need no writing.
    assert.match(cliOk(['bookmark', 'list', dir]), /"before"/);
    const out = join(rig.tempDir(), 'report.html');
    cliOk(['report', dir, '--out', out]);
    assert.match(readFileSync(out, 'utf8'), /Audit log intact/);
    // A second viewer opens it read-only, and says why.
    await service.dispose();
    const other = new DiskService({ caseProgram: 'another viewer' });
    const info = await other.cases.open(dir);
    await other.dispose();
    assert.equal(info.readOnly, true);
    assert.match(info.readOnlyReason ?? '', /read-only filesystem/);
    // A new case there is refused before anything is made.
    const init = cli(['case', 'init', join(mount, 'another'), '--evidence', image]);
    assert.equal(init.status, 1);
    assert.match(init.stderr, /read-only filesystem: the case was not created/);
    assert.equal(existsSync(join(mount, 'another')), false);
  });

  test('a disk filled to the brim: the change is refused, the log keeps no half line', async (t) => {
    const rig = new Rig(t);
    const image = evidence(t);
    const { mount } = mountedImage(rig, 4);
    const dir = join(mount, 'case');
    cliOk(['case', 'init', dir, '--evidence', image]);
    cliOk(['bookmark', 'add', dir, '--lba', '1', '--label', 'before the disk filled']);
    // Every block taken: big writes, then small ones, then one-byte files.
    spawnSync('dd', ['if=/dev/zero', `of=${join(mount, 'fill')}`, 'bs=64k', 'status=none']);
    spawnSync('dd', ['if=/dev/zero', `of=${join(mount, 'fill-small')}`, 'bs=1k', 'status=none']);
    for (let i = 0; i < 64; i++) {
      if (spawnSync('sh', ['-c', 'printf x > "$1"', 'sh', join(mount, `crumb-${i}`)]).status !== 0)
        break;
    }
    execFileSync('sync');
    const df = execFileSync('df', ['--output=avail', '-B1', mount], { encoding: 'utf8' });
    t.diagnostic(`bytes free: ${df.split('\n')[1]?.trim()}`);
    const before = caseBytes(dir);

    // A long note needs new blocks for the log line itself; a short one fits the log's last
    // block but not the new case.json, so its line is written and then taken back out.
    for (const note of ['n'.repeat(60000), 'short']) {
      const add = cli(['bookmark', 'add', dir, '--lba', '2', '--label', 'refused', '--note', note]);
      assert.equal(add.status, 1, add.stdout);
      assert.match(
        add.stderr,
        new RegExp(
          `The disk holding the case ${escape(dir)} is full: the bookmark was not added and nothing was recorded`,
        ),
      );
      assertUnchanged(dir, before, `a ${note.length}-character note`);
    }
    // Room again: the next change goes on the same chain.
    execFileSync('rm', ['-f', join(mount, 'fill'), join(mount, 'fill-small')]);
    execFileSync('sync');
    cliOk(['bookmark', 'add', dir, '--lba', '2', '--label', 'after space was freed']);
    const { verification, state } = await readCase(dir);
    assert.equal(verification.intact, true, verification.problems.join('; '));
    assert.deepEqual(
      [...(state?.bookmarks.values() ?? [])].map((bookmark) => bookmark.label),
      ['before the disk filled', 'after space was freed'],
    );
  });

  test('case.json cannot be replaced after the log line is written: the line is taken back', async (t) => {
    const rig = new Rig(t);
    const image = evidence(t);
    const { mount } = mountedImage(rig, 8);
    const dir = join(mount, 'case');
    cliOk(['case', 'init', dir, '--evidence', image]);
    // An immutable folder: its files can still be written, but no file made or renamed in it.
    execFileSync('chattr', ['+i', dir]);
    rig.later(() => spawnSync('chattr', ['-i', dir]));
    const before = caseBytes(dir);
    const add = cli(['bookmark', 'add', dir, '--lba', '1', '--label', 'refused']);
    assert.equal(add.status, 1);
    assert.match(
      add.stderr,
      /No permission to write to the case folder .*: the bookmark was not added/,
    );
    assertUnchanged(dir, before, 'an immutable case folder');
    execFileSync('chattr', ['-i', dir]);
    cliOk(['bookmark', 'add', dir, '--lba', '1', '--label', 'now it can']);
    assert.equal((await readCase(dir)).verification.intact, true);
  });

  test('a case folder on the image being examined, the loop device or the image itself: refused', async (t) => {
    const rig = new Rig(t);
    const { image, device, mount } = mountedImage(rig, 16);
    const before = syncedSha256(image);
    const refusedWith = (args: string[], pattern: RegExp) => {
      const result = cli(args);
      assert.equal(result.status, 1, `${args.join(' ')}: ${result.stdout}`);
      assert.match(result.stderr, pattern);
      t.diagnostic(result.stderr.trim());
    };
    const onImage = new RegExp(
      `it is on ${escape(device)}, a loop device over ${escape(image)}, the image being ` +
        'examined; writing there would change the evidence',
    );
    refusedWith(['case', 'init', join(mount, 'case'), '--evidence', image], onImage);
    refusedWith(
      ['case', 'init', join(mount, 'deeper', 'still', 'case'), '--evidence', image],
      onImage,
    );
    refusedWith(
      ['case', 'init', join(mount, 'case'), '--evidence', device],
      new RegExp(`it is on ${escape(device)}, the loop device being examined`),
    );
    refusedWith(
      ['case', 'init', device, '--evidence', image],
      /it is a device\. A case is a folder of files/,
    );
    refusedWith(
      ['case', 'init', image, '--evidence', image],
      /it is the evidence .*evidence\.img, which is never written to/,
    );
    refusedWith(
      ['case', 'init', device, '--evidence', device],
      /it is the evidence \/dev\/loop\d+/,
    );
    assert.deepEqual(readdirSync(mount).sort(), ['lost+found'], 'nothing was made on the image');

    // A case elsewhere may not put its report on the image either.
    const caseDir = join(rig.tempDir(), 'case');
    cliOk(['case', 'init', caseDir, '--evidence', image]);
    refusedWith(['report', caseDir, '--out', join(mount, 'report.html')], onImage);
    assert.equal(syncedSha256(image), before, 'the image is unchanged');
  });
});
