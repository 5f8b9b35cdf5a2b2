import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellAt, mapPicture } from '../../../../electron/shared/content-map';
import {
  cellAtPoint,
  clampView,
  fitView,
  mapGrid,
  MIN_CELL_PX,
  panBy,
  visibleCellSpan,
  zoomAt,
  zoomBy,
  zoomLevels,
} from '../map-view';

const GRID = mapGrid(4096);
const VIEWPORT = { width: 400, height: 300 };

test('a grid is laid out as the PNG is: 64 columns of 16 px for 4,096 cells', () => {
  assert.deepEqual(GRID, { cellCount: 4096, columns: 64, rows: 64, pngCellPx: 16 });
  assert.deepEqual(mapGrid(2048), { cellCount: 2048, columns: 64, rows: 32, pngCellPx: 16 });
  assert.deepEqual(mapGrid(5), { cellCount: 5, columns: 4, rows: 2, pngCellPx: 256 });
});

test('fit: the largest whole cell that shows every row and column, centred', () => {
  const view = fitView(GRID, VIEWPORT);
  assert.equal(view.cellPx, 4); // (300 - 8) / 64 = 4.56
  assert.equal(view.originX, Math.round((256 - 400) / 2));
  assert.equal(view.originY, Math.round((256 - 300) / 2));
  // Too small a panel still gets cells of MIN_CELL_PX: the bad-sector marks need them.
  assert.equal(fitView(GRID, { width: 100, height: 100 }).cellPx, MIN_CELL_PX);
});

test('zoom levels run from 3 px about √2 apart, the fit and the PNG size among them', () => {
  const levels = zoomLevels(GRID, VIEWPORT);
  assert.equal(levels[0], MIN_CELL_PX);
  assert.ok(levels.includes(16) && levels.includes(4));
  for (let i = 1; i < levels.length; i++) {
    const ratio = (levels[i] as number) / (levels[i - 1] as number);
    assert.ok(ratio > 1 && ratio <= 1.5, `${levels[i - 1]} -> ${levels[i]}`);
  }
  assert.equal(levels.at(-1), 256);
  // A map of a few cells zooms up to its PNG's cell size.
  assert.equal(zoomLevels(mapGrid(1), VIEWPORT).at(-1), 1024);
});

test('zooming keeps the cell under the pointer under it', () => {
  let view = fitView(GRID, VIEWPORT);
  const [x, y] = [123, 77];
  const cell = cellAtPoint(view, GRID, x, y);
  assert.ok(cell >= 0);
  for (let step = 0; step < 6; step++) {
    view = zoomBy(view, GRID, VIEWPORT, 1, x, y);
    assert.equal(cellAtPoint(view, GRID, x, y), cell, `at ${view.cellPx} px`);
  }
  assert.ok(view.cellPx > 16);
  for (let step = 0; step < 6; step++) view = zoomBy(view, GRID, VIEWPORT, -1, x, y);
  assert.equal(view.cellPx, 4);
  // Off the levels (another viewport's fit), a step lands on the next level each way.
  const odd = { cellPx: 13, originX: 0, originY: 0 };
  assert.equal(zoomBy(odd, GRID, VIEWPORT, 1, 0, 0).cellPx, 16);
  assert.equal(zoomBy(odd, GRID, VIEWPORT, -1, 0, 0).cellPx, 11);
});

test('panning stops where an edge of the picture reaches the middle', () => {
  const view = zoomAt(fitView(GRID, VIEWPORT), GRID, VIEWPORT, 16, 200, 150);
  const far = panBy(view, GRID, VIEWPORT, 1e6, 1e6);
  assert.deepEqual(far, { cellPx: 16, originX: 1024 - 200, originY: 1024 - 150 });
  const back = panBy(view, GRID, VIEWPORT, -1e6, -1e6);
  assert.deepEqual(back, { cellPx: 16, originX: -200, originY: -150 });
  assert.deepEqual(clampView(back, GRID, VIEWPORT), back);
});

test("the cell at a point is the picture's cellAt, shifted by the origin", () => {
  const view = { cellPx: 7, originX: 33, originY: -20 };
  const picture = mapPicture(4096, 7);
  for (const [x, y] of [
    [0, 0],
    [5, 19],
    [5, 20],
    [250, 100],
    [399, 299],
  ] as const) {
    assert.equal(cellAtPoint(view, GRID, x, y), cellAt(picture, x + 33, y - 20), `${x},${y}`);
  }
  assert.equal(cellAtPoint(view, GRID, 0, 0), -1, 'above the picture');
});

test('the cells in view: from the first visible one to the last, in LBA order', () => {
  assert.deepEqual(visibleCellSpan(fitView(GRID, VIEWPORT), GRID, VIEWPORT), {
    first: 0,
    last: 4095,
  });
  // 16 px cells, origin (160, 320): columns 10-34, rows 20-38.
  const span = visibleCellSpan({ cellPx: 16, originX: 160, originY: 320 }, GRID, VIEWPORT);
  assert.deepEqual(span, { first: 20 * 64 + 10, last: 38 * 64 + 34 });
  // The last row of 2,050 cells is short: the span ends at the last cell.
  const short = mapGrid(2050);
  assert.deepEqual(visibleCellSpan(fitView(short, VIEWPORT), short, VIEWPORT)?.last, 2049);
});
