// File > Recent Cases: newest first, each once, at most eight; a missing or damaged file is no
// recent cases, never a failure to start.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RECENT_CASES, RecentCases } from '../recent-cases';

test('recent cases: newest first, once each, kept across starts, at most eight', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sectorscope-recent-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'userData', 'recent-cases.json');
  const recent = new RecentCases(file);
  assert.deepEqual(await recent.load(), [], 'no file: none');
  await recent.add('/cases/a');
  await recent.add('/cases/b');
  await recent.add('/cases/a/');
  assert.deepEqual(recent.list, ['/cases/a', '/cases/b']);
  assert.deepEqual(await new RecentCases(file).load(), ['/cases/a', '/cases/b'], 'kept on disk');
  for (let i = 0; i < 12; i++) await recent.add(`/cases/${i}`);
  assert.equal(recent.list.length, RECENT_CASES);
  assert.equal(recent.list[0], '/cases/11');
  await recent.clear();
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { cases: [] });
});

test('a damaged recent-cases file counts as none; relative paths and other values are dropped', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sectorscope-recent-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'recent-cases.json');
  writeFileSync(file, '{"cases": [');
  assert.deepEqual(await new RecentCases(file).load(), []);
  writeFileSync(file, JSON.stringify({ cases: ['/ok', 'relative', 7, null, '/also-ok'] }));
  assert.deepEqual(await new RecentCases(file).load(), ['/ok', '/also-ok']);
});
