// Zoom and pan of the content map's canvas. The view is a cell size in whole device pixels and
// the picture pixel (of the map's picture at that cell size, content-map/picture.ts) shown at the
// canvas's top left, so that what the canvas shows is exactly drawMap's picture, cut out.

import { cellAt, mapPicture } from '../../../electron/shared/content-map';

/** The smallest cell drawn: a bad-sector mark needs 3 pixels (picture.ts). */
export const MIN_CELL_PX = 3;
/** The largest cell, unless the picture's own (the PNG's) is larger. */
const MAX_CELL_PX = 256;
/** Room left around a fitted picture, so that outlines along its edges show whole. */
const FIT_MARGIN = 8;

export interface MapGrid {
  cellCount: number;
  columns: number;
  rows: number;
  /** The cell size of `sectorscope map --png`'s picture of this many cells. */
  pngCellPx: number;
}

export interface Viewport {
  width: number;
  height: number;
}

export interface MapView {
  cellPx: number;
  /** The picture pixel at the canvas's top left (negative: the picture starts further in). */
  originX: number;
  originY: number;
}

export function mapGrid(cellCount: number): MapGrid {
  const { columns, rows, cellPx } = mapPicture(Math.max(1, cellCount));
  return { cellCount, columns, rows, pngCellPx: cellPx };
}

/** The cell size that shows the whole picture in the viewport (never below MIN_CELL_PX). */
export function fitCellPx(grid: MapGrid, viewport: Viewport): number {
  const fit = Math.floor(
    Math.min(
      (viewport.width - FIT_MARGIN) / grid.columns,
      (viewport.height - FIT_MARGIN) / grid.rows,
    ),
  );
  return Math.max(MIN_CELL_PX, Math.min(maxCellPx(grid), fit));
}

function maxCellPx(grid: MapGrid): number {
  return Math.max(MAX_CELL_PX, grid.pngCellPx);
}

/** The cell sizes zooming steps through: about √2 apart, with the fit and the PNG's among them. */
export function zoomLevels(grid: MapGrid, viewport: Viewport): number[] {
  const levels = new Set<number>([fitCellPx(grid, viewport), grid.pngCellPx]);
  for (let px = MIN_CELL_PX; px <= maxCellPx(grid); px = Math.max(px + 1, Math.round(px * 1.41))) {
    levels.add(px);
  }
  levels.add(maxCellPx(grid));
  return [...levels].filter((px) => px >= MIN_CELL_PX).sort((a, b) => a - b);
}

/**
 * The origin kept so that the viewport's centre stays over the picture: it can be panned until
 * an edge of the picture reaches the middle, and no further.
 */
export function clampView(view: MapView, grid: MapGrid, viewport: Viewport): MapView {
  const width = grid.columns * view.cellPx;
  const height = grid.rows * view.cellPx;
  const clamp = (origin: number, picture: number, shown: number) =>
    Math.round(Math.min(picture - shown / 2, Math.max(-shown / 2, origin)));
  return {
    cellPx: view.cellPx,
    originX: clamp(view.originX, width, viewport.width),
    originY: clamp(view.originY, height, viewport.height),
  };
}

/** The whole picture, centred. */
export function fitView(grid: MapGrid, viewport: Viewport): MapView {
  return centredView(grid, viewport, fitCellPx(grid, viewport));
}

/** The picture at `cellPx`, centred where it is smaller than the viewport, else from its top left. */
export function centredView(grid: MapGrid, viewport: Viewport, cellPx: number): MapView {
  const offset = (picture: number, shown: number) =>
    picture <= shown ? Math.round((picture - shown) / 2) : 0;
  return clampView(
    {
      cellPx,
      originX: offset(grid.columns * cellPx, viewport.width),
      originY: offset(grid.rows * cellPx, viewport.height),
    },
    grid,
    viewport,
  );
}

/** The view at another cell size, the picture point under (x, y) staying under it. */
export function zoomAt(
  view: MapView,
  grid: MapGrid,
  viewport: Viewport,
  cellPx: number,
  x: number,
  y: number,
): MapView {
  const scale = cellPx / view.cellPx;
  return clampView(
    {
      cellPx,
      originX: (x + view.originX) * scale - x,
      originY: (y + view.originY) * scale - y,
    },
    grid,
    viewport,
  );
}

/** One zoom level in or out (`steps` > 0 zooms in), around (x, y). */
export function zoomBy(
  view: MapView,
  grid: MapGrid,
  viewport: Viewport,
  steps: number,
  x: number,
  y: number,
): MapView {
  const levels = zoomLevels(grid, viewport);
  let at = levels.findIndex((px) => px >= view.cellPx);
  if (at < 0) at = levels.length - 1;
  // Off a level (a level list of another viewport): the first step lands on the nearest one.
  if (levels[at] !== view.cellPx && steps > 0) at--;
  const next = levels[Math.max(0, Math.min(levels.length - 1, at + steps))] ?? view.cellPx;
  return next === view.cellPx ? view : zoomAt(view, grid, viewport, next, x, y);
}

export function panBy(
  view: MapView,
  grid: MapGrid,
  viewport: Viewport,
  dx: number,
  dy: number,
): MapView {
  return clampView(
    { ...view, originX: view.originX + dx, originY: view.originY + dy },
    grid,
    viewport,
  );
}

/** The cell at canvas pixel (x, y), or -1. */
export function cellAtPoint(view: MapView, grid: MapGrid, x: number, y: number): number {
  const picture = mapPicture(Math.max(1, grid.cellCount), view.cellPx);
  return cellAt(picture, Math.floor(x + view.originX), Math.floor(y + view.originY));
}

/** The cells the viewport shows, as rows and columns (inclusive); null when it shows none. */
export function visibleBlock(
  view: MapView,
  grid: MapGrid,
  viewport: Viewport,
): { firstColumn: number; lastColumn: number; firstRow: number; lastRow: number } | null {
  const { cellPx, originX, originY } = view;
  const firstColumn = Math.max(0, Math.floor(originX / cellPx));
  const lastColumn = Math.min(
    grid.columns - 1,
    Math.floor((originX + viewport.width - 1) / cellPx),
  );
  const firstRow = Math.max(0, Math.floor(originY / cellPx));
  const lastRow = Math.min(grid.rows - 1, Math.floor((originY + viewport.height - 1) / cellPx));
  if (firstColumn > lastColumn || firstRow > lastRow) return null;
  return { firstColumn, lastColumn, firstRow, lastRow };
}

/**
 * The first and last cell (in LBA order) with any part in view, or null. Cells read like a
 * page: a view of a few columns still spans every cell of the rows between.
 */
export function visibleCellSpan(
  view: MapView,
  grid: MapGrid,
  viewport: Viewport,
): { first: number; last: number } | null {
  const block = visibleBlock(view, grid, viewport);
  if (!block) return null;
  const first = block.firstRow * grid.columns + block.firstColumn;
  const last = Math.min(grid.cellCount - 1, block.lastRow * grid.columns + block.lastColumn);
  return first <= last ? { first, last } : null;
}
