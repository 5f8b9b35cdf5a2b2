import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JumpHistory } from '../jump-history';

/** Goes back until there is nothing before, returning the offsets passed. */
function walkBack(history: JumpHistory): bigint[] {
  const seen: bigint[] = [];
  for (let offset = history.back(); offset !== null; offset = history.back()) seen.push(offset);
  return seen;
}

test('nothing to go back or forward to before the first jump', () => {
  const history = new JumpHistory();
  assert.equal(history.canBack, false);
  assert.equal(history.canForward, false);
  assert.equal(history.back(), null);
  assert.equal(history.forward(), null);
});

test('back walks to where each jump started, forward walks to where it went', () => {
  const history = new JumpHistory();
  history.push(0n, 100n);
  history.push(100n, 200n);
  assert.equal(history.canBack, true);
  assert.equal(history.canForward, false);
  assert.deepEqual(walkBack(history), [100n, 0n]);
  assert.equal(history.canBack, false);
  assert.equal(history.canForward, true);
  assert.equal(history.forward(), 100n);
  assert.equal(history.forward(), 200n);
  assert.equal(history.forward(), null);
  assert.equal(history.canForward, false);
});

test('a jump from where the last one landed records that place once', () => {
  const history = new JumpHistory();
  history.push(0n, 100n);
  history.push(100n, 200n);
  history.push(200n, 300n);
  assert.deepEqual(walkBack(history), [200n, 100n, 0n]);
});

test('a jump from elsewhere (the cursor moved after landing) records where it started', () => {
  const history = new JumpHistory();
  history.push(0n, 100n);
  history.push(150n, 300n);
  assert.deepEqual(walkBack(history), [150n, 100n, 0n]);
});

test('a new jump after going back drops the forward entries', () => {
  const history = new JumpHistory();
  history.push(0n, 100n);
  history.push(100n, 200n);
  assert.equal(history.back(), 100n);
  history.push(100n, 500n);
  assert.equal(history.canForward, false);
  assert.equal(history.forward(), null, '200 is gone');
  assert.deepEqual(walkBack(history), [100n, 0n]);
  assert.equal(history.forward(), 100n);
  assert.equal(history.forward(), 500n);
});

test('offsets past 2^53 stay exact', () => {
  const history = new JumpHistory();
  const far = 2n ** 53n + 1n;
  history.push(0n, far);
  history.push(far, far + 512n);
  assert.deepEqual(walkBack(history), [far, 0n]);
});
