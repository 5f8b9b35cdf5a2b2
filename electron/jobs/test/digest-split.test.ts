// How the digests are shared between the two threads of a hash job.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HashAlgorithm } from '../../shared/contract';
import { measureDigestCosts, splitDigests } from '../digest-split';

const costs = (entries: [HashAlgorithm, number][]) => new Map(entries);

test('the split whose slower side is fastest, with the lighter share on the reading thread', () => {
  // With SHA-NI: MD5 alone weighs about as much as SHA-1 and SHA-256 together (a bit more).
  const withShaNi = splitDigests(
    costs([
      ['md5', 1.9],
      ['sha1', 1.0],
      ['sha256', 0.8],
    ]),
    2,
  );
  assert.deepEqual(withShaNi, { local: ['sha1', 'sha256'], helper: ['md5'] });
  // Without: SHA-256 is the heaviest.
  const without = splitDigests(
    costs([
      ['md5', 1.9],
      ['sha1', 1.4],
      ['sha256', 4.0],
    ]),
    2,
  );
  assert.deepEqual(without, { local: ['md5', 'sha1'], helper: ['sha256'] });
  const four = splitDigests(
    costs([
      ['md5', 2],
      ['sha1', 1],
      ['sha256', 1],
      ['sha512', 2.5],
    ]),
    2,
  );
  const weight = (group: HashAlgorithm[]) =>
    group.reduce((sum, a) => sum + { md5: 2, sha1: 1, sha256: 1, sha512: 2.5 }[a], 0);
  assert.equal(Math.max(weight(four.local), weight(four.helper)), 3.5);
  assert.ok(weight(four.local) <= weight(four.helper));
});

test('no helper thread for one digest or one core', () => {
  assert.deepEqual(splitDigests(costs([['sha256', 1]]), 8), { local: ['sha256'], helper: [] });
  assert.deepEqual(
    splitDigests(
      costs([
        ['md5', 2],
        ['sha1', 1],
      ]),
      1,
    ),
    {
      local: ['md5', 'sha1'],
      helper: [],
    },
  );
});

test('costs are measured for each algorithm asked for', () => {
  const measured = measureDigestCosts(['md5', 'sha512']);
  assert.deepEqual([...measured.keys()], ['md5', 'sha512']);
  for (const cost of measured.values()) assert.ok(cost > 0 && cost < 100, `${cost} ns/byte`);
});
