// The read thread's wait-mode chooser: it keeps spinning while that is cheap, sleeps while
// spinning costs more than sleeping, and measures the other way again from time to time.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OVERHEAD_CLIP_MICROS,
  RETRY_SPIN_AFTER_WINDOWS,
  SPIN_OVERHEAD_LIMIT_MICROS,
  WINDOW_READS,
  WaitModeChooser,
  type WaitMode,
} from '../read-thread/wait-mode';

/** Feeds one whole window of reads that each cost `micros`; returns the mode after it. */
function window(chooser: WaitModeChooser, micros: number | ((read: number) => number)): WaitMode {
  for (let read = 0; read < WINDOW_READS; read++) {
    chooser.record(typeof micros === 'number' ? micros : micros(read));
  }
  return chooser.mode;
}

test('spinning stays while it costs less than the limit, outliers included', () => {
  const chooser = new WaitModeChooser();
  assert.equal(chooser.mode, 'spin');
  for (let i = 0; i < 40; i++) {
    // 4 us a read, and one read in the window preempted for 5 ms: clipped, it cannot decide.
    assert.equal(
      window(chooser, (read) => (read === 7 ? 5000 : 4)),
      'spin',
    );
  }
  const clippedMean = (OVERHEAD_CLIP_MICROS + 4 * (WINDOW_READS - 1)) / WINDOW_READS;
  assert.ok(clippedMean < SPIN_OVERHEAD_LIMIT_MICROS);
  assert.equal(chooser.latestMicros.spin, clippedMean);
  assert.ok(Number.isNaN(chooser.latestMicros.sleep), 'sleeping was never measured');
});

test('a read that cost less than nothing (clock rounding) counts as nothing', () => {
  const chooser = new WaitModeChooser();
  window(chooser, (read) => (read % 2 === 0 ? -1e6 : 2 * SPIN_OVERHEAD_LIMIT_MICROS + 2));
  // Unclipped, the window's mean would be hugely negative and spinning would look free.
  assert.equal(chooser.latestMicros.spin, SPIN_OVERHEAD_LIMIT_MICROS + 1);
  assert.equal(chooser.mode, 'sleep');
});

test('the mode changes only at the end of a window', () => {
  const chooser = new WaitModeChooser();
  for (let read = 0; read < WINDOW_READS - 1; read++) assert.equal(chooser.record(500), false);
  assert.equal(chooser.mode, 'spin');
  assert.equal(chooser.record(500), true);
  assert.equal(chooser.mode, 'sleep');
});

test('costly spinning turns to sleeping, which is kept while cheaper, and spinning is retried', () => {
  const chooser = new WaitModeChooser();
  assert.equal(window(chooser, 150), 'sleep', 'spinning past the limit: sleeping is measured');
  for (let i = 1; i < RETRY_SPIN_AFTER_WINDOWS; i++) {
    assert.equal(window(chooser, 20), 'sleep', `sleeping window ${i}`);
  }
  assert.equal(window(chooser, 20), 'spin', 'spinning is measured again');
  assert.equal(window(chooser, 150), 'sleep', 'and still costs more');
  for (let i = 1; i < RETRY_SPIN_AFTER_WINDOWS; i++) window(chooser, 20);
  assert.equal(window(chooser, 20), 'spin');
  assert.equal(window(chooser, 5), 'spin', 'the CPUs are free again: spinning stays');
  assert.deepEqual(chooser.latestMicros, { spin: 5, sleep: 20 });
});

test('sleeping that costs no less than spinning did is left at once', () => {
  const chooser = new WaitModeChooser();
  assert.equal(window(chooser, 40), 'sleep');
  assert.equal(window(chooser, 90), 'spin', 'sleeping cost more: back after one window');
  // Spinning still over the limit, but sleeping was measured as dearer a moment ago.
  for (let i = 1; i < RETRY_SPIN_AFTER_WINDOWS; i++) {
    assert.equal(window(chooser, 40), 'spin', `spinning window ${i}`);
  }
  assert.equal(window(chooser, 40), 'sleep', 'an old measure of sleeping is taken again');
  assert.equal(window(chooser, 30), 'sleep', 'now cheaper than spinning: kept');
});
