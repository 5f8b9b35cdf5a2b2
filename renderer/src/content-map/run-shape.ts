// A run of cell positions as pixels of the picture at a cell size: the cells read like a page,
// so a run is the end of one row, whole rows, and the start of another.

import type { CellRun } from './overlay-model';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One rectangle per stretch of a row (the whole rows between as one), in picture pixels. */
export function runRects(run: CellRun, columns: number, cellPx: number): Rect[] {
  const firstRow = Math.floor(run.from / columns);
  const lastRow = Math.max(firstRow, Math.ceil(run.to / columns) - 1);
  const x0 = (run.from - firstRow * columns) * cellPx;
  const x1 = (run.to - lastRow * columns) * cellPx;
  const full = columns * cellPx;
  if (firstRow === lastRow) {
    return [{ x: x0, y: firstRow * cellPx, width: x1 - x0, height: cellPx }];
  }
  const rects: Rect[] = [{ x: x0, y: firstRow * cellPx, width: full - x0, height: cellPx }];
  if (lastRow > firstRow + 1) {
    rects.push({
      x: 0,
      y: (firstRow + 1) * cellPx,
      width: full,
      height: (lastRow - firstRow - 1) * cellPx,
    });
  }
  rects.push({ x: 0, y: lastRow * cellPx, width: x1, height: cellPx });
  return rects;
}

/**
 * The outline of a run as closed polygons: one around the whole run, or two where it is the end
 * of a row and a start of the next that do not overlap.
 */
export function runOutline(run: CellRun, columns: number, cellPx: number): [number, number][][] {
  const rects = runRects(run, columns, cellPx);
  const box = (r: Rect): [number, number][] => [
    [r.x, r.y],
    [r.x + r.width, r.y],
    [r.x + r.width, r.y + r.height],
    [r.x, r.y + r.height],
  ];
  const first = rects[0] as Rect;
  const last = rects.at(-1) as Rect;
  if (rects.length === 1) return [box(first)];
  if (rects.length === 2 && last.x + last.width <= first.x) return [box(first), box(last)];
  const full = columns * cellPx;
  const bottom = last.y + last.height;
  const right = last.x + last.width;
  return [
    [
      [first.x, first.y],
      [full, first.y],
      [full, last.y],
      [right, last.y],
      [right, bottom],
      [0, bottom],
      [0, first.y + cellPx],
      [first.x, first.y + cellPx],
    ],
  ];
}
