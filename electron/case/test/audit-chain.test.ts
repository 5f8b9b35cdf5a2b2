// `sectorscope audit verify` against every way a log can be tampered with: a line edited (with
// and without its hash computed again), removed, moved, cut from the end, added by hand, torn;
// a head in case.json that disagrees; a hand-edited case.json; and a signed log rewritten by
// someone without the key. Each must fail, naming the first bad line or what disagrees; the
// untouched case must pass. The evidence's SHA-256 never changes.

import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test, type TestContext } from 'node:test';
import { readCase } from '../audit-append';
import { createCase, openCase } from '../case-handle';
import { AUDIT_FILE, CASE_FILE } from '../case-types';
import {
  bundledCliMissing,
  cli,
  cliOk,
  forgeLog,
  keepsEvidence,
  nextLine,
  readEntries,
  readLines,
  rewriteLine,
  suiteTempDir,
  tempDir,
  writeEvidence,
  writeKeyPair,
  writeLines,
} from './case-test-support';

const skip = bundledCliMissing() ?? false;

/** `audit verify DIR`: its exit status and what it printed. */
function verify(dir: string, ...extra: string[]) {
  const result = cli(['audit', 'verify', dir, ...extra]);
  return { status: result.status, out: result.stdout + result.stderr };
}

function verifyJson(dir: string) {
  const result = cli(['audit', 'verify', dir, '--json']);
  return { status: result.status, json: JSON.parse(result.stdout) as Record<string, unknown> };
}

/**
 * A suite's untouched case, made once by `make` on an evidence image, and `copy(t)`: a fresh
 * copy of it for a test to tamper with (the evidence checked unchanged when the test ends).
 */
function suiteCase(make: (original: string, image: string, work: string) => Promise<void>) {
  const work = suiteTempDir();
  const image = join(work, 'evidence.img');
  const original = join(work, 'original');
  before(async () => {
    writeEvidence(image);
    await make(original, image, work);
  });
  const copy = (t: TestContext) => {
    const dir = join(tempDir(t), 'case');
    cpSync(original, dir, { recursive: true });
    keepsEvidence(t, image);
    return dir;
  };
  return { image, original, copy };
}

describe('audit verify', { skip }, () => {
  const { copy } = suiteCase(async (original, image) => {
    await createCase(original, { evidence: [{ path: image }], examiner: 'Ann Example' });
    const handle = await openCase(original, { write: true });
    const first = await handle.addBookmark({ offset: 0x203, length: 8, label: 'OEM name' });
    await handle.addBookmark({ offset: 0x1000, length: 37, label: 'Text', note: 'a note' });
    await handle.updateBookmark(first.id, { colour: 'red' });
    await handle.close();
    // case.created, evidence.added, two bookmark.added, bookmark.changed.
    assert.equal(readLines(original).length, 5);
  });

  test('an untouched case is intact: exit 0, with the entries and the head', (t) => {
    const dir = copy(t);
    const { status, out } = verify(dir);
    assert.equal(status, 0, out);
    assert.match(out, /is intact: 5 entries/);
    const head = JSON.parse(readFileSync(join(dir, CASE_FILE), 'utf8')).audit;
    assert.match(out, new RegExp(`entry 5, ${head.lastHash}`));
    const json = verifyJson(dir).json;
    assert.equal(json.intact, true);
    assert.equal(json.firstBadLine, null);
    assert.deepEqual(json.problems, []);
  });

  test('a line edited by hand fails at that line', (t) => {
    const dir = copy(t);
    const lines = readLines(dir);
    lines[3] = (lines[3] as string).replace('"Text"', '"Txet"');
    writeLines(dir, lines);
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(out, /NOT intact/);
    assert.match(out, /line 4: its content does not match its hash: the line was changed/);
    assert.equal(verifyJson(dir).json.firstBadLine, 4);
  });

  test('a line rewritten with its own hash computed again fails at the next line', (t) => {
    const dir = copy(t);
    rewriteLine(dir, 3, (old) => ({ bookmark: { ...(old.bookmark as object), label: 'Forged' } }));
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(
      out,
      /line 4 records [0-9a-f]{12}… as the hash of line 3, which is [0-9a-f]{12}…: line 3 was rewritten/,
    );
  });

  test('a line removed from the middle fails at the line after the gap', (t) => {
    const dir = copy(t);
    const lines = readLines(dir);
    lines.splice(2, 1);
    writeLines(dir, lines);
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(
      out,
      /line 3 has sequence number 4: a line before it was removed, or lines were moved/,
    );
    assert.equal(verifyJson(dir).json.firstBadLine, 3);
  });

  test('two lines swapped fail at the first of them', (t) => {
    const dir = copy(t);
    const lines = readLines(dir);
    [lines[2], lines[3]] = [lines[3] as string, lines[2] as string];
    writeLines(dir, lines);
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(out, /line 3 has sequence number 4/);
  });

  test('lines cut from the end fail on the head case.json keeps', (t) => {
    const dir = copy(t);
    writeLines(dir, readLines(dir).slice(0, 3));
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(out, /case\.json records 5 entries but the log has 3: entries 4 to 5 are gone/);
  });

  test('the last line rewritten whole (hash and all) fails on the head', (t) => {
    const dir = copy(t);
    rewriteLine(dir, 5, (old) => ({ ...old, forged: true }));
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(
      out,
      /case\.json records entry 5 with hash [0-9a-f]{12}…, but the log's entry 5 has/,
    );
  });

  test('a head edited in case.json fails', (t) => {
    const dir = copy(t);
    const file = JSON.parse(readFileSync(join(dir, CASE_FILE), 'utf8'));
    file.audit.lastHash = 'f'.repeat(64);
    writeFileSync(join(dir, CASE_FILE), JSON.stringify(file, null, 2));
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(out, /case\.json records entry 5 with hash ffffffffffff…/);
  });

  test('a line added at the end by hand (head not moved) fails and says so', (t) => {
    const dir = copy(t);
    writeLines(dir, [...readLines(dir), nextLine(dir, 'case.opened')]);
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(out, /the log has 1 entry after the head case\.json records \(entry 5\)/);
    assert.equal(verifyJson(dir).json.headBehind, 1);
  });

  test('a torn last line fails as torn, and is never taken as an entry', (t) => {
    const dir = copy(t);
    const line = nextLine(dir, 'bookmark.deleted');
    writeFileSync(
      join(dir, AUDIT_FILE),
      readFileSync(join(dir, AUDIT_FILE), 'utf8') + line.slice(0, 40),
    );
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(out, /the log ends in a torn line: 40 bytes after line 5 with no end of line/);
    const json = verifyJson(dir).json;
    assert.deepEqual(json.torn, {
      offset: readFileSync(join(dir, AUDIT_FILE)).length - 40,
      bytes: 40,
    });
    assert.equal(json.entries, 5);
  });

  test('a process that read the log before sees an edit made since (no stale checkpoint)', async (t) => {
    const dir = copy(t);
    assert.equal((await readCase(dir)).verification.intact, true);
    const lines = readLines(dir);
    lines[1] = (lines[1] as string).replace('"raw"', '"ewf"');
    writeLines(dir, [...lines, nextLine(dir, 'case.opened')]);
    const again = await readCase(dir);
    assert.equal(again.verification.reading.problem?.line, 2);
    assert.equal(again.verification.intact, false);
  });

  test('--head N:HASH passes for the head a report printed, and fails once rewritten', (t) => {
    const dir = copy(t);
    const head = JSON.parse(readFileSync(join(dir, CASE_FILE), 'utf8')).audit;
    assert.equal(verify(dir, '--head', `5:${head.lastHash}`).status, 0);
    assert.equal(
      verify(dir, '--head', `3:${readEntries(dir)[2]?.hash}`).status,
      0,
      'an earlier entry too',
    );
    const wrong = verify(dir, '--head', `5:${'0'.repeat(64)}`);
    assert.equal(wrong.status, 1);
    assert.match(wrong.out, /entry 5 has the hash [0-9a-f]{64}, not 0{64}/);
    assert.equal(verify(dir, '--head', '5:abc').status, 2, 'a malformed head is a usage error');
  });
});

describe('a hand-edited case.json', { skip }, () => {
  const { copy } = suiteCase(async (original, image) => {
    await createCase(original, { evidence: [{ path: image }], examiner: 'Ann Example' });
  });

  const edited = (t: TestContext, edit: (text: string) => string) => {
    const dir = copy(t);
    writeFileSync(join(dir, CASE_FILE), edit(readFileSync(join(dir, CASE_FILE), 'utf8')));
    return dir;
  };

  test('not JSON: refused by every command, saying so', (t) => {
    const dir = edited(t, (text) => text.replace('"format"', 'format'));
    for (const args of [
      ['audit', 'verify', dir],
      ['bookmark', 'list', dir],
      ['bookmark', 'add', dir, '--lba', '1', '--label', 'x'],
      ['report', dir, '--out', join(dir, '..', 'r.html')],
    ]) {
      const result = cli(args);
      assert.equal(result.status, 1, args.join(' '));
      assert.match(
        result.stderr,
        /case\.json is not a valid case file: it is not JSON \(.*\)\. It was changed by hand/,
      );
    }
  });

  test('a field of the wrong kind is named by its path', (t) => {
    const dir = edited(t, (text) => text.replace(/"size": "\d+"/, '"size": -5'));
    const result = cli(['audit', 'verify', dir]);
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /"evidence\[0\]\.size" must be a number of bytes in decimal, as a string; it is -5/,
    );
  });

  test('a field a case does not have is refused', (t) => {
    const dir = edited(t, (text) => text.replace('"version": 1,', '"version": 1, "sealed": true,'));
    const result = cli(['audit', 'verify', dir]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /it has a field "sealed" that a case does not have/);
  });

  test('a well-formed change (another examiner, another size) disagrees with the log', (t) => {
    const dir = edited(t, (text) =>
      text.replace('"Ann Example"', '"Somebody Else"').replace(/"size": "\d+"/, '"size": "1"'),
    );
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(out, /case\.json differs from what the audit log records at "examiner"/);
    const add = cli(['bookmark', 'add', dir, '--lba', '1', '--label', 'x']);
    assert.equal(add.status, 1, 'nothing more is written on top of it');
    assert.match(add.stderr, /does not check out: case\.json differs/);
    assert.equal(readLines(dir).length, 2);
  });
});

describe('a signed log', { skip }, () => {
  let examiner: { key: string; publicKey: string };
  let forger: { key: string; publicKey: string };
  const { original, copy } = suiteCase(async (original, image, work) => {
    examiner = writeKeyPair(work, 'examiner');
    forger = writeKeyPair(work, 'forger');
    cliOk(['case', 'init', original, '--evidence', image, '--sign-key', examiner.key]);
    const signed = ['--label', 'Signed', '--sign-key', examiner.key];
    cliOk(['bookmark', 'add', original, '--lba', '1', ...signed]);
  });

  test('verifies with its key, named by fingerprint, and pinned with --public-key', (t) => {
    const dir = copy(t);
    const { status, out } = verify(dir, '--public-key', examiner.publicKey);
    assert.equal(status, 0, out);
    assert.match(out, /Every entry is signed with the key SHA256:[0-9a-f]{64}/);
    assert.ok(readEntries(dir).every((entry) => typeof entry.sig === 'string'));
  });

  test('cannot be added to without the key, or with another', (t) => {
    const dir = copy(t);
    const without = cli(['bookmark', 'add', dir, '--lba', '2', '--label', 'x']);
    assert.equal(without.status, 1);
    assert.match(
      without.stderr,
      /signs every entry of its log \(key SHA256:[0-9a-f]+\): give the private key/,
    );
    const other = cli([
      'bookmark',
      'add',
      dir,
      '--lba',
      '2',
      '--label',
      'x',
      '--sign-key',
      forger.key,
    ]);
    assert.equal(other.status, 1);
    assert.match(other.stderr, /is not the one the case .* signs with/);
    assert.equal(readLines(dir).length, 3);
  });

  test('rewritten without the key, keeping the old signatures: fails at the changed line', async (t) => {
    const dir = copy(t);
    await forgeLog(
      dir,
      (entries) => {
        const bookmark = entries[2]?.details.bookmark as { label: string };
        bookmark.label = 'Forged';
        return entries;
      },
      { keepSignatures: true },
    );
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(out, /line 3's signature does not verify with the case's key/);
  });

  test('rewritten without the key, signatures dropped: fails at the first line', async (t) => {
    const dir = copy(t);
    await forgeLog(dir, (entries) => entries);
    const { status, out } = verify(dir);
    assert.equal(status, 1, out);
    assert.match(out, /line 1 is not signed, though this case signs every entry/);
  });

  test("rewritten and signed with the forger's own key: fails against the examiner's key", async (t) => {
    const dir = copy(t);
    await forgeLog(dir, (entries) => entries.slice(0, 2), { signerKey: forger.key });
    // The folder alone agrees with itself (a new key throughout): only the examiner's key, or
    // the fingerprint a report printed, can tell.
    const unpinned = verify(dir);
    assert.equal(unpinned.status, 0, unpinned.out);
    const pinned = verify(dir, '--public-key', examiner.publicKey);
    assert.equal(pinned.status, 1, pinned.out);
    assert.match(pinned.out, /the log is signed with SHA256:[0-9a-f]+, not with the key given/);
    const originalKey = JSON.parse(readFileSync(join(original, CASE_FILE), 'utf8')).signing
      .fingerprint;
    assert.doesNotMatch(unpinned.out, new RegExp(originalKey), 'the fingerprint printed differs');
  });
});
