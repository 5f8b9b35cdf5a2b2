import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runOutline, runRects } from '../run-shape';

test('a run within a row is one rectangle, across part of its cells', () => {
  assert.deepEqual(runRects({ from: 2.5, to: 4 }, 8, 10), [{ x: 25, y: 0, width: 15, height: 10 }]);
  // Ending at the end of a row stays in that row.
  assert.deepEqual(runRects({ from: 9, to: 16 }, 8, 10), [{ x: 10, y: 10, width: 70, height: 10 }]);
  assert.deepEqual(runOutline({ from: 9, to: 16 }, 8, 10), [
    [
      [10, 10],
      [80, 10],
      [80, 20],
      [10, 20],
    ],
  ]);
});

test('a run over rows: the end of one, whole rows, the start of another; one outline', () => {
  const run = { from: 6, to: 26.5 };
  assert.deepEqual(runRects(run, 8, 10), [
    { x: 60, y: 0, width: 20, height: 10 },
    { x: 0, y: 10, width: 80, height: 20 },
    { x: 0, y: 30, width: 25, height: 10 },
  ]);
  assert.deepEqual(runOutline(run, 8, 10), [
    [
      [60, 0],
      [80, 0],
      [80, 30],
      [25, 30],
      [25, 40],
      [0, 40],
      [0, 10],
      [60, 10],
    ],
  ]);
});

test('the end of a row and the start of the next that do not overlap: two boxes', () => {
  assert.deepEqual(runOutline({ from: 6, to: 10 }, 8, 10), [
    [
      [60, 0],
      [80, 0],
      [80, 10],
      [60, 10],
    ],
    [
      [0, 10],
      [20, 10],
      [20, 20],
      [0, 20],
    ],
  ]);
  // Overlapping ones make one outline.
  assert.equal(runOutline({ from: 2, to: 12 }, 8, 10).length, 1);
});
