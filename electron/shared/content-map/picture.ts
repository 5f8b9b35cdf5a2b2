// The picture of a content map, drawn the same by the viewer (into a canvas, through ImageData)
// and by `sectorscope map --png`.
//
// Layout: cells are squares of cellPx pixels in a grid read like a page: cell 0 top left, LBAs
// rising to the right along a row and row after row down, `columns` cells a row (the power of
// two nearest above the square root of the cell count: 64 for 4,096 cells), the last row cut
// short where the cells end (the rest transparent). Each cell has its class's colour
// (palette.ts), or the pending colour while nothing of it has been read. A cell of another
// class with unreadable sectors in it gets a square of the unreadable colour, a third of its
// side, in its middle (at 3 pixels a cell and more: smaller cells have no room for it).

import type { MapCellView } from '../contract';
import { MAP_PALETTE, MAP_PENDING_COLOUR, rgbOf } from './palette';

/** Default width of a picture: cells are as many whole pixels as fit in it. */
export const DEFAULT_PICTURE_WIDTH = 1024;
/** The smallest cell with a bad-sector mark. */
const MARKED_CELL_PX = 3;

export interface MapPicture {
  cellCount: number;
  columns: number;
  rows: number;
  cellPx: number;
  width: number;
  height: number;
}

export function mapPicture(cellCount: number, cellPx?: number): MapPicture {
  let columns = 1;
  while (columns * columns < cellCount) columns *= 2;
  const rows = Math.max(1, Math.ceil(cellCount / columns));
  const px = cellPx ?? Math.max(1, Math.floor(DEFAULT_PICTURE_WIDTH / columns));
  if (!Number.isInteger(px) || px < 1) throw new RangeError('cellPx must be a whole number >= 1');
  return { cellCount, columns, rows, cellPx: px, width: columns * px, height: rows * px };
}

/** Where cell `index` is drawn, in pixels. */
export function cellRect(
  picture: MapPicture,
  index: number,
): { x: number; y: number; width: number; height: number } {
  const { columns, cellPx } = picture;
  return {
    x: (index % columns) * cellPx,
    y: Math.floor(index / columns) * cellPx,
    width: cellPx,
    height: cellPx,
  };
}

/** The cell drawn at pixel (x, y), or -1 where there is none (outside, or past the last cell). */
export function cellAt(picture: MapPicture, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= picture.width || y >= picture.height) return -1;
  const index = Math.floor(y / picture.cellPx) * picture.columns + Math.floor(x / picture.cellPx);
  return index < picture.cellCount ? index : -1;
}

type CellRange = Pick<MapCellView, 'start' | 'end'>;

/** The cell of `cells` (in LBA order, as a map gives them) holding `lba`, or -1 if none does. */
export function cellHolding(cells: readonly CellRange[], lba: bigint): number {
  let low = 0;
  let high = cells.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const cell = cells[middle] as CellRange;
    if (lba < BigInt(cell.start)) high = middle - 1;
    else if (lba > BigInt(cell.end)) low = middle + 1;
    else return middle;
  }
  return -1;
}

/**
 * Where `lba` falls in the picture, for what is drawn over it (partition boundaries, bad
 * sectors, search hits, bookmarks, the view's position): its cell's top, and across the cell
 * as far as the LBA is through it. Null outside the map.
 */
export function lbaPoint(
  picture: MapPicture,
  cells: readonly CellRange[],
  lba: bigint,
): { x: number; y: number } | null {
  const index = cellHolding(cells, lba);
  if (index < 0) return null;
  const cell = cells[index] as CellRange;
  const start = BigInt(cell.start);
  const through = Number(lba - start) / Number(BigInt(cell.end) - start + 1n);
  const { x, y, width } = cellRect(picture, index);
  return { x: x + through * width, y };
}

export type DrawnCell = Pick<MapCellView, 'class' | 'unreadableSectors'>;

/** RGBA pixels, row after row (what ImageData and a PNG take). Missing cells draw as pending. */
export function drawMap(
  cells: ReadonlyArray<DrawnCell | null | undefined>,
  picture: MapPicture,
): Uint8ClampedArray {
  const { width, cellPx } = picture;
  const pixels = new Uint8ClampedArray(picture.width * picture.height * 4);
  const pending = rgbOf(MAP_PENDING_COLOUR);
  const mark = rgbOf(MAP_PALETTE.unreadable);
  const markPx = Math.max(1, Math.round(cellPx / 3));
  const markFrom = Math.floor((cellPx - markPx) / 2);
  const fill = (x0: number, y0: number, side: number, [r, g, b]: [number, number, number]) => {
    for (let y = y0; y < y0 + side; y++) {
      for (let at = (y * width + x0) * 4, end = at + side * 4; at < end; at += 4) {
        pixels[at] = r;
        pixels[at + 1] = g;
        pixels[at + 2] = b;
        pixels[at + 3] = 255;
      }
    }
  };
  for (let index = 0; index < picture.cellCount; index++) {
    const cell = cells[index];
    const { x, y } = cellRect(picture, index);
    fill(x, y, cellPx, cell?.class ? rgbOf(MAP_PALETTE[cell.class]) : pending);
    if (
      cell &&
      cell.class !== 'unreadable' &&
      cell.unreadableSectors > 0 &&
      cellPx >= MARKED_CELL_PX
    ) {
      fill(x + markFrom, y + markFrom, markPx, mark);
    }
  }
  return pixels;
}
