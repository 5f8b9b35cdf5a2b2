// Progress reports on a fake clock: how often they come, and what rate and time left they give.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressMeter } from '../progress-meter';

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('at most one report per interval, however often blocks finish', () => {
  const time = clock();
  const meter = new ProgressMeter(1_000_000n, 100, time.now);
  let reports = 0;
  for (let i = 0; i < 1000; i++) {
    time.advance(1);
    if (meter.advance(1000, 0)) reports++;
  }
  // 1000 ms of blocks: the first block reports, then one per 100 ms.
  assert.equal(reports, 10);
});

test('the rate follows the last few seconds, and the time left follows the rate', () => {
  const time = clock();
  const total = 200_000_000n;
  const meter = new ProgressMeter(total, 100, time.now);
  // 5 s at 10 MB/s, then 4 s at 20 MB/s: the 3-second window sees only the faster part.
  for (let i = 0; i < 50; i++) {
    time.advance(100);
    meter.advance(1_000_000, 0);
  }
  for (let i = 0; i < 40; i++) {
    time.advance(100);
    meter.advance(2_000_000, i === 5 ? 3 : 0);
  }
  const progress = meter.snapshot();
  assert.equal(progress.bytesDone, String(50_000_000 + 80_000_000));
  assert.ok(Math.abs(progress.rate - 20_000_000) < 1_000_000, `rate ${progress.rate}`);
  assert.equal(progress.badSectors, 3);
  assert.equal(progress.bytesTotal, '200000000');
  assert.ok(Math.abs((progress.secondsLeft ?? 0) - 3.5) < 0.2, `left ${progress.secondsLeft}`);
});

test('time left: unknown before any rate, zero when done', () => {
  const time = clock();
  const meter = new ProgressMeter(4000n, 100, time.now);
  assert.equal(meter.snapshot().secondsLeft, null);
  time.advance(1000);
  meter.advance(1000, 0);
  const half = meter.snapshot();
  assert.equal(half.rate, 1000);
  assert.equal(half.secondsLeft, 3);
  time.advance(1000);
  meter.advance(3000, 0);
  assert.equal(meter.snapshot().secondsLeft, 0);
});
