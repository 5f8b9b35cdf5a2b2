// The part of the map's picture a viewport shows, drawn by drawMap (the PNG's code) into pixels
// for ImageData: only the block of cells in view, so that a deep zoom costs no more than the
// canvas. Each cell is drawn by itself, so the block's pixels are those of the whole picture.

import {
  cellRect,
  drawMap,
  type DrawnCell,
  type MapPicture,
} from '../../../electron/shared/content-map';
import { visibleBlock, type MapGrid, type MapView, type Viewport } from './map-view';

export interface PictureBlock {
  /** RGBA, row after row. */
  pixels: Uint8ClampedArray;
  width: number;
  height: number;
  /** Where its top left goes on the canvas (at or before 0 when cut by the edge). */
  x: number;
  y: number;
}

export function pictureBlock(
  cells: ReadonlyArray<DrawnCell | null | undefined>,
  grid: MapGrid,
  view: MapView,
  viewport: Viewport,
): PictureBlock | null {
  const block = visibleBlock(view, grid, viewport);
  if (!block) return null;
  const { firstColumn, lastColumn, firstRow, lastRow } = block;
  const columns = lastColumn - firstColumn + 1;
  const rows = lastRow - firstRow + 1;
  const { cellPx } = view;
  const shown: (DrawnCell | null | undefined)[] = new Array(columns * rows);
  const pastEnd: number[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const index = (firstRow + row) * grid.columns + firstColumn + column;
      const at = row * columns + column;
      if (index < grid.cellCount) shown[at] = cells[index] ?? null;
      else pastEnd.push(at);
    }
  }
  const picture: MapPicture = {
    cellCount: columns * rows,
    columns,
    rows,
    cellPx,
    width: columns * cellPx,
    height: rows * cellPx,
  };
  const pixels = drawMap(shown, picture);
  // The whole picture leaves the cells past the last one transparent (the last row cut short).
  for (const at of pastEnd) {
    const { x, y } = cellRect(picture, at);
    for (let line = y; line < y + cellPx; line++) {
      const from = (line * picture.width + x) * 4;
      pixels.fill(0, from, from + cellPx * 4);
    }
  }
  return {
    pixels,
    width: picture.width,
    height: picture.height,
    x: firstColumn * cellPx - view.originX,
    y: firstRow * cellPx - view.originY,
  };
}
