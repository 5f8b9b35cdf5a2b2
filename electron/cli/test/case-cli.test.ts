// The case commands as a user runs them (the bundled CLI): case init and info, bookmark add
// (by LBA or byte range, on one of several pieces of evidence), list (text and a JSON array),
// edit and delete, their usage errors; and `serve --case DIR`, held by one serve at a time:
// a second says it has the case read-only and who holds it, and once the first is killed -9
// the case is free again. The evidence's SHA-256 never changes.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import {
  BUNDLED_CLI,
  bundledCliMissing,
  cli,
  cliOk,
  keepsEvidence,
  later,
  readEntries,
  tempDir,
  writeEvidence,
} from '../../case/test/case-test-support';

const skip = bundledCliMissing() ?? false;

function setUp(t: TestContext) {
  const work = tempDir(t);
  const image = join(work, 'disk.img');
  const second = join(work, 'second.img');
  writeEvidence(image);
  writeEvidence(second, 64 * 1024);
  keepsEvidence(t, image);
  keepsEvidence(t, second);
  return { work, image, second, dir: join(work, 'case') };
}

/** A usage error: exit status 2, the message, and the hint. */
function usageError(args: string[], message: RegExp) {
  const result = cli(args);
  assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
  assert.match(result.stderr, message);
  assert.match(result.stderr, /Run `sectorscope help`/);
}

describe('sectorscope case, bookmark', { skip }, () => {
  test('case init: the folder made, the evidence recorded, the head printed', (t) => {
    const { image, second, dir } = setUp(t);
    const out = cliOk([
      'case',
      'init',
      dir,
      '--evidence',
      image,
      '--evidence',
      second,
      '--examiner',
      'Ann Example',
    ]);
    const lines = out.trim().split('\n');
    assert.match(
      lines[0] ?? '',
      new RegExp(`^Created the case in ${dir} \\(case [0-9a-f-]{36}\\)\\.$`),
    );
    assert.equal(
      lines[1],
      `  E1  ${image}: raw image file, 512-byte sectors, read with O_DIRECT; 1048576 bytes (1.00 MiB), 2048 sectors`,
    );
    assert.match(
      lines[2] ?? '',
      new RegExp(`^  E2  ${second}: .*; 65536 bytes \\(64.0 KiB\\), 128 sectors$`),
    );
    assert.match(lines[3] ?? '', /^Audit log: 3 entries; last hash [0-9a-f]{64}\.$/);
    const file = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8'));
    assert.equal(file.examiner, 'Ann Example');
    assert.deepEqual(
      file.evidence.map((e: { id: string }) => e.id),
      ['E1', 'E2'],
    );

    const info = JSON.parse(cliOk(['case', 'info', dir, '--json']));
    assert.equal(info.intact, true);
    assert.equal(info.bookmarks, 0);
    assert.deepEqual(info.audit, file.audit);
    assert.match(
      cliOk(['case', 'info', dir]),
      /Examiner: Ann Example;[\s\S]*The audit log checks out/,
    );

    const again = cli(['case', 'init', dir, '--evidence', image]);
    assert.equal(again.status, 1);
    assert.match(
      again.stderr,
      /holds a case already \(case\.json\): open it, or choose another folder/,
    );
    usageError(
      ['case', 'init', join(dir, 'x')],
      /Name the evidence: sectorscope case init DIR --evidence IMAGE/,
    );
    usageError(['case', 'init', '--evidence', image], /Name the case folder/);
    usageError(
      ['case', 'frobnicate', dir],
      /Unknown case command "frobnicate": init, info or add-evidence/,
    );
    const missing = cli([
      'case',
      'init',
      join(dir, '..', 'other'),
      '--evidence',
      join(dir, 'nope.img'),
    ]);
    assert.equal(missing.status, 1);
  });

  test('bookmark add by LBA or by bytes, on the evidence named; list as text and as a JSON array', (t) => {
    const { image, second, dir } = setUp(t);
    cliOk(['case', 'init', dir, '--evidence', image, '--evidence', second]);
    const several = cli(['bookmark', 'add', dir, '--lba', '1', '--label', 'x']);
    assert.equal(several.status, 1);
    assert.match(
      several.stderr,
      /The case holds 2 pieces of evidence \(E1, E2\): say which with --evidence ID/,
    );

    const byLba = cliOk([
      'bookmark',
      'add',
      dir,
      '--evidence',
      'E1',
      '--lba',
      '0x10',
      '--count',
      '2',
      '--label',
      'Two sectors',
      '--note',
      'first\nsecond',
      '--colour',
      'green',
    ]);
    assert.match(
      byLba,
      /^Added B1 on E1: bytes 8192-9215 \(LBA 16-17\), 1024 bytes, #27ae60, "Two sectors"\.\nAudit log: 4 entries; last hash [0-9a-f]{64}\.\n$/,
    );
    const byBytes = JSON.parse(
      cliOk([
        'bookmark',
        'add',
        dir,
        '--evidence',
        second,
        '--offset',
        '0x203',
        '--length',
        '8',
        '--label',
        'OEM',
        '--json',
      ]),
    );
    assert.deepEqual(
      { ...byBytes, created: '', modified: '' },
      {
        id: 'B2',
        evidence: 'E2',
        offset: '515',
        length: '8',
        label: 'OEM',
        note: '',
        colour: '#f2c94c',
        origin: { kind: 'command-line' },
        created: '',
        modified: '',
      },
    );

    const listed = JSON.parse(cliOk(['bookmark', 'list', dir, '--json']));
    assert.ok(Array.isArray(listed));
    assert.deepEqual(
      listed.map((b: { id: string; label: string }) => [b.id, b.label]),
      [
        ['B1', 'Two sectors'],
        ['B2', 'OEM'],
      ],
    );
    assert.deepEqual(listed[1], byBytes);
    assert.equal(
      cliOk(['bookmark', 'list', dir]),
      'B1 on E1: bytes 8192-9215 (LBA 16-17), 1024 bytes, #27ae60, "Two sectors"\n    first\n    second\n' +
        'B2 on E2: bytes 515-522 (LBA 1), 8 bytes, #f2c94c, "OEM"\n',
    );

    // Mistakes: exit 2 for how it was called, 1 for what the case refuses.
    usageError(
      [
        'bookmark',
        'add',
        dir,
        '--evidence',
        'E1',
        '--lba',
        '1',
        '--offset',
        '0',
        '--length',
        '1',
        '--label',
        'x',
      ],
      /either as --lba N \[--count K\] or as --offset BYTES --length BYTES, not both/,
    );
    usageError(
      ['bookmark', 'add', dir, '--evidence', 'E1', '--offset', '0', '--label', 'x'],
      /--offset BYTES goes with --length BYTES/,
    );
    usageError(
      ['bookmark', 'add', dir, '--evidence', 'E1', '--lba', '-1', '--label', 'x'],
      /--lba must be 0 or more; got -1/,
    );
    usageError(
      ['bookmark', 'add', dir, '--evidence', 'E1', '--lba', '1'],
      /A bookmark needs --label TEXT/,
    );
    usageError(
      ['bookmark', 'add', dir, '--evidence', 'E1', '--lba', '1', '--label', 'x', '--length', '5'],
      /, not both/,
    );
    const refusals: [string[], RegExp][] = [
      [
        ['--evidence', 'E1', '--lba', '2048'],
        /Byte 1048576 is past the end of E1: it has 1048576 bytes/,
      ],
      [
        ['--evidence', 'E2', '--lba', '127', '--count', '2'],
        /1024 bytes from byte 65024 run past the end of E2, which has 65536 bytes/,
      ],
      [
        ['--evidence', 'E3', '--lba', '1'],
        /The case holds no evidence E3; it holds E1 \(.*\), E2 \(.*\)\./,
      ],
      [
        ['--evidence', 'E1', '--lba', '1', '--colour', 'chartreuse'],
        /A colour is #rrggbb or one of yellow, orange/,
      ],
      [['--evidence', 'E1', '--lba', '1', '--label', ' '], /needs a label: it is empty/],
    ];
    for (const [args, message] of refusals) {
      const result = cli(['bookmark', 'add', dir, '--label', 'x', ...args]);
      assert.equal(result.status, 1, args.join(' '));
      assert.match(result.stderr, message);
    }
    assert.equal(readEntries(dir).length, 5, 'nothing refused was recorded');
  });

  test('bookmark edit and delete: the log keeps what it was', (t) => {
    const { image, dir } = setUp(t);
    cliOk(['case', 'init', dir, '--evidence', image]);
    cliOk(['bookmark', 'add', dir, '--lba', '1', '--label', 'Boot', '--note', 'n']);
    assert.match(
      cliOk(['bookmark', 'edit', dir, 'B1', '--label', 'Boot sector', '--color', 'red']),
      /^Changed B1 on E1: .*#eb5757, "Boot sector"\./,
    );
    assert.match(cliOk(['bookmark', 'delete', dir, 'B1']), /^Deleted B1 on E1: .*"Boot sector"\./);
    assert.equal(cliOk(['bookmark', 'list', dir]), 'No bookmarks.\n');
    assert.deepEqual(JSON.parse(cliOk(['bookmark', 'list', dir, '--json'])), []);
    const [changed, deleted] = readEntries(dir).slice(3);
    assert.equal(changed?.action, 'bookmark.changed');
    assert.deepEqual(
      [
        (changed?.details.before as { label: string }).label,
        (changed?.details.after as { label: string }).label,
      ],
      ['Boot', 'Boot sector'],
    );
    assert.equal(deleted?.action, 'bookmark.deleted');
    assert.equal((deleted?.details.bookmark as { note: string }).note, 'n');
    const gone = cli(['bookmark', 'edit', dir, 'B1', '--label', 'x']);
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /The case has no bookmark B1 \(it was deleted, or never made\)/);
    usageError(['bookmark', 'edit', dir, 'B1'], /Say what to change: --label, --note or --colour/);
    assert.match(cliOk(['help']), /sectorscope bookmark add DIR \[--evidence ID\|PATH\]/);
  });
});

interface Served {
  child: ChildProcess;
  /** What it printed up to "Press Ctrl+C to stop.". */
  out: string;
}

/** `sectorscope serve ARGS`, once it says it is serving. */
function serve(t: TestContext, args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BUNDLED_CLI, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  later(t, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('Press Ctrl+C to stop.')) resolve({ child, out });
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('close', (code) => reject(new Error(`serve ended (${code}): ${out}`)));
  });
}

const ended = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve()
      : child.once('close', () => resolve()),
  );

describe('sectorscope serve --case', { skip }, () => {
  test('one serve holds the case; a second gets it read-only and is told who; kill -9 frees it', async (t) => {
    const { image, dir } = setUp(t);
    const first = await serve(t, [image, '--case', dir]);
    assert.match(
      first.out,
      new RegExp(`Started the case in ${dir}: 1 evidence, 0 bookmarks, 3 audit entries\\.`),
    );
    assert.match(
      first.out,
      /Bookmarks and jobs are recorded in it; it is held by this serve while it runs\./,
    );
    assert.deepEqual(
      readEntries(dir).map((entry) => entry.action),
      ['case.created', 'evidence.added', 'case.opened'],
    );

    const second = await serve(t, ['--case', dir]);
    assert.match(
      second.out,
      new RegExp(`Sectorscope is serving "${image}" read-only at:`),
      'the case evidence is served',
    );
    assert.match(
      second.out,
      new RegExp(
        `The case is open READ-ONLY: the case is open in another Sectorscope \\(sectorscope serve, pid ${first.child.pid} on [^,]+, since [0-9T:.-]+Z\\)\\. Nothing done here is recorded in it\\.`,
      ),
    );
    second.child.kill('SIGTERM');
    await ended(second.child);

    first.child.kill('SIGKILL');
    await ended(first.child);
    const third = await serve(t, ['--case', dir]);
    assert.match(
      third.out,
      /Case in .*: 1 evidence, 0 bookmarks, 4 audit entries\.\nBookmarks and jobs are recorded in it/,
    );
    third.child.kill('SIGTERM');
    await ended(third.child);
    assert.equal(cli(['audit', 'verify', dir]).status, 0);
  });

  test('serve --case DIR without a case there, and no evidence named, says what to do', (t) => {
    const { dir } = setUp(t);
    usageError(['serve', '--case', dir], /holds no case yet: name its evidence to start it with/);
  });
});
