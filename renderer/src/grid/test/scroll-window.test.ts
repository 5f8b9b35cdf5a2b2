import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_WINDOW_ROWS, needsRebase, windowStartKeepingScroll } from '../scroll-window';

const VIEW = 32;
const WINDOW = MAX_WINDOW_ROWS;
const TOTAL = (8n * 1024n ** 4n) / 16n; // rows of an 8 TiB disk at 16 bytes per row

test('a jump keeps the scroll row: the target row sits exactly where the grid is scrolled to', () => {
  const scrollRow = WINDOW / 2;
  for (const target of [10n ** 6n, TOTAL / 2n, TOTAL - BigInt(WINDOW)]) {
    const start = windowStartKeepingScroll(target, scrollRow, VIEW, WINDOW, TOTAL);
    assert.notEqual(start, null, `target ${target}`);
    assert.equal((start ?? 0n) + BigInt(scrollRow), target);
    assert.equal(needsRebase(scrollRow, VIEW, start ?? 0n, WINDOW, TOTAL), false);
  }
});

test('no such window near the ends of the disk or the edges of the window', () => {
  const middle = WINDOW / 2;
  assert.equal(windowStartKeepingScroll(10n, middle, VIEW, WINDOW, TOTAL), null, 'before row 0');
  assert.equal(
    windowStartKeepingScroll(TOTAL - 10n, middle, VIEW, WINDOW, TOTAL),
    null,
    'past the end',
  );
  assert.equal(
    windowStartKeepingScroll(TOTAL / 2n, 5, VIEW, WINDOW, TOTAL),
    null,
    'scrolled near the window top',
  );
  assert.equal(
    windowStartKeepingScroll(TOTAL / 2n, WINDOW - 40, VIEW, WINDOW, TOTAL),
    null,
    'scrolled near the window bottom',
  );
});

test('a disk smaller than the window only keeps the scroll row at its own place', () => {
  const total = 1000n;
  const rows = Number(total);
  assert.equal(windowStartKeepingScroll(300n, 300, VIEW, rows, total), 0n);
  assert.equal(windowStartKeepingScroll(301n, 300, VIEW, rows, total), null);
});
