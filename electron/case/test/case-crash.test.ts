// kill -9 during writes: a child process appends to a case for ever (long lines, so that a
// kill can land inside a write) and is killed with SIGKILL after a few appends, again and
// again. Whatever moment it died at, verify must say exactly what it left: an intact log, a
// torn last line (never taken as an entry), or a head one step behind (the process died between
// the log and case.json); never a silent half line, never anything else. Opening the case then
// repairs it on record, and the next round appends on a chain that verifies.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCase } from '../audit-append';
import { createCase, openCase } from '../case-handle';
import { AUDIT_FILE } from '../case-types';
import { keepsEvidence, readEntries, ROOT, tempDir, writeEvidence } from './case-test-support';

const APPENDER = join(__dirname, 'support', 'append-forever.ts');

/**
 * Starts the appender on `dir`; once it has appended `count` times, kills it `delayMs` later
 * (different delays land the kill at different points of an append: in the lock, the write,
 * the fsync, case.json's replacement).
 */
function appendThenKill(dir: string, count: number, delayMs: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', APPENDER, dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let seen = 0;
    let killing = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      seen += (chunk.match(/appended \d+\n/g) ?? []).length;
      if (seen < count || killing) return;
      killing = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.once('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(stderr);
      else reject(new Error(`the appender ended by itself (${code}): ${stderr}`));
    });
  });
}

test('kill -9 during appends: verify names what was left, and opening repairs it', async (t) => {
  const work = tempDir(t);
  const image = join(work, 'evidence.img');
  writeEvidence(image);
  keepsEvidence(t, image);
  const dir = join(work, 'case');
  await createCase(dir, { evidence: [{ path: image }] });
  const outcomes: string[] = [];
  const delays = [0, 1, 2, 3, 5, 8, 13, 21];
  for (const [index, delay] of delays.entries()) {
    const round = index + 1;
    await appendThenKill(dir, 1 + (round % 2), delay);
    const bytes = readFileSync(join(dir, AUDIT_FILE));
    const { verification } = await readCase(dir);
    const { reading, head } = verification;
    assert.equal(reading.problem, null, `round ${round}: every whole line checks out`);
    assert.equal(verification.caseFileProblem, null, `round ${round}`);
    if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) {
      // A half line is reported as torn, and is not counted as an entry.
      assert.ok(reading.torn, `round ${round}: a torn line is reported`);
      assert.equal(verification.intact, false);
      assert.equal(reading.entries.length, reading.lineCount);
      outcomes.push('torn');
    } else if (head.behind > 0) {
      assert.equal(head.behind, 1, `round ${round}: at most the one entry being written`);
      assert.equal(verification.intact, false);
      outcomes.push('head behind');
    } else {
      assert.equal(
        verification.intact,
        true,
        `round ${round}: ${verification.problems.join('; ')}`,
      );
      outcomes.push('intact');
    }
    // The viewer opening the case repairs it, on record.
    const handle = await openCase(dir, { write: true, holder: 'the test', recordAs: 'the test' });
    assert.equal(handle.readOnlyReason, null);
    await handle.close();
    const after = await readCase(dir);
    assert.equal(after.verification.intact, true, after.verification.problems.join('; '));
  }
  t.diagnostic(`what each kill left: ${outcomes.join(', ')}`);
  const actions = readEntries(dir).map((entry) => entry.action);
  assert.equal(
    actions.filter((action) => action === 'audit.torn-line-set-aside').length,
    outcomes.filter((outcome) => outcome === 'torn').length,
    'each torn line set aside is on record',
  );
  assert.equal(
    actions.filter((action) => action === 'audit.head-caught-up').length,
    outcomes.filter((outcome) => outcome === 'head behind').length,
  );
});
