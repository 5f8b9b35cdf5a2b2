import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorByte, BOTTOM, positionAt, reflow, type GridPosition } from '../grid-position';
import { MAX_WINDOW_ROWS, ROW_HEIGHT } from '../scroll-window';

const TIB16 = 16n * 1024n ** 4n;
const shape = { sizeBytes: TIB16, viewportRows: 30 };

/** The position with `topRow` at the top, at 16 bytes per row, its window centred on it. */
function at(topRow: bigint, bytesPerRow = 16): GridPosition {
  return positionAt(
    { bytesPerRow, windowStart: 0n, topRow: 0n, scrollTop: null },
    topRow,
    shape,
    0,
  );
}

test("the anchor is the cursor when it is on screen, else the top row's first byte", () => {
  const position = at(1000n);
  assert.equal(anchorByte(position, 1000n * 16n + 5n * 16n + 3n, 30), 16083n);
  assert.equal(anchorByte(position, 5n, 30), 16000n, 'the cursor above the view');
  assert.equal(anchorByte(position, 1030n * 16n, 30), 16000n, 'the cursor just below it');
});

test('another row width keeps the anchor byte on its screen row', () => {
  const from = at(65536n); // LBA 2048 at the top at 16 bytes per row
  for (const [width, screenRow] of [
    [8, 0n],
    [32, 7n],
    [64, 29n],
  ] as const) {
    const anchor = 65536n * 16n + screenRow * 16n + 9n;
    const to = reflow(from, width, anchor, shape);
    assert.equal(to.bytesPerRow, width);
    assert.equal(anchor / BigInt(width) - to.topRow, screenRow, `at ${width} bytes per row`);
    assert.ok(to.windowStart <= to.topRow && to.topRow < to.windowStart + BigInt(MAX_WINDOW_ROWS));
    assert.equal(to.scrollTop, Number(to.topRow - to.windowStart) * ROW_HEIGHT);
  }
});

test('near the start of the disk the anchor moves up rather than the view past LBA 0', () => {
  const from = at(3n); // the anchor 20 rows down, at byte 368
  const to = reflow(from, 64, 23n * 16n, shape);
  assert.equal(to.topRow, 0n);
});

test('a jump keeps the native scroll where it is when a window start allows it', () => {
  const from = at(1n << 36n);
  const scrollRow = Math.round(MAX_WINDOW_ROWS / 2);
  const to = positionAt(from, (1n << 36n) + 123_456_789n, shape, scrollRow);
  assert.equal(to.topRow - to.windowStart, BigInt(scrollRow), 'the same scroll row');
  assert.equal(to.scrollTop, scrollRow * ROW_HEIGHT);
});

test('the last rows sit flush with the bottom', () => {
  const last = TIB16 / 16n - 30n;
  const to = positionAt(at(0n), TIB16 / 16n, shape, 0);
  assert.equal(to.topRow, last);
  assert.equal(to.scrollTop, BOTTOM);
});
