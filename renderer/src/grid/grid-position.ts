// Where the grid is: bytes per row, the first row of the native scroll window and the row at
// the top of the view, all in one value so that they always change together (a top row in the
// units of another row width shows the wrong bytes, and asks for the wrong pages).
import {
  centeredWindowStart,
  clampRow,
  maxTopRow,
  ROW_HEIGHT,
  windowRowsFor,
  windowStartKeepingScroll,
} from './scroll-window';

export interface GridPosition {
  bytesPerRow: number;
  windowStart: bigint;
  topRow: bigint;
  /**
   * Where the native scroll position must be once this position is on screen, in pixels; null
   * when it is already there (the user scrolled to it).
   */
  scrollTop: number | null;
}

/** The grid's size in rows for a disk and a row width. */
export interface GridShape {
  sizeBytes: bigint;
  viewportRows: number;
}

/** Scrolling past the end clamps to the last position. */
export const BOTTOM = Number.MAX_SAFE_INTEGER;

export function totalRowsOf(sizeBytes: bigint, bytesPerRow: number): bigint {
  const bpr = BigInt(bytesPerRow);
  return (sizeBytes + bpr - 1n) / bpr;
}

/**
 * The position with `row` at the top. When a window start fits that keeps the native scroll
 * where it is, only the rows' contents change (no scroll event, no frame late); otherwise the
 * window is centred on the row.
 */
export function positionAt(
  from: GridPosition,
  row: bigint,
  { sizeBytes, viewportRows }: GridShape,
  scrollRow: number,
): GridPosition {
  const totalRows = totalRowsOf(sizeBytes, from.bytesPerRow);
  const windowRows = windowRowsFor(totalRows);
  const maxTop = maxTopRow(totalRows, viewportRows);
  const target = clampRow(row, 0n, maxTop);
  // The last rows sit flush with the bottom, even when the view is not a whole number of rows.
  const atEnd = target === maxTop && maxTop > 0n;
  const keeping = atEnd
    ? null
    : windowStartKeepingScroll(target, scrollRow, viewportRows, windowRows, totalRows);
  if (keeping !== null) {
    return { ...from, windowStart: keeping, topRow: target, scrollTop: scrollRow * ROW_HEIGHT };
  }
  const start = from.windowStart;
  const fits = target >= start && target + BigInt(viewportRows) <= start + BigInt(windowRows);
  const windowStart = fits ? start : centeredWindowStart(target, totalRows, windowRows);
  return {
    ...from,
    windowStart,
    topRow: target,
    scrollTop: atEnd ? BOTTOM : Number(target - windowStart) * ROW_HEIGHT,
  };
}

/**
 * The byte that stays put when the row width changes: the cursor's when it is on screen, else
 * the top row's first byte.
 */
export function anchorByte(position: GridPosition, cursor: bigint, viewportRows: number): bigint {
  const bpr = BigInt(position.bytesPerRow);
  const first = position.topRow * bpr;
  const end = (position.topRow + BigInt(viewportRows)) * bpr;
  return cursor >= first && cursor < end ? cursor : first;
}

/**
 * The position at another row width that keeps `anchor` on the same screen row (as far as the
 * ends of the disk allow), with the window centred on it.
 */
export function reflow(
  from: GridPosition,
  bytesPerRow: number,
  anchor: bigint,
  { sizeBytes, viewportRows }: GridShape,
): GridPosition {
  const screenRow = anchor / BigInt(from.bytesPerRow) - from.topRow;
  const totalRows = totalRowsOf(sizeBytes, bytesPerRow);
  const windowRows = windowRowsFor(totalRows);
  const maxTop = maxTopRow(totalRows, viewportRows);
  const topRow = clampRow(anchor / BigInt(bytesPerRow) - screenRow, 0n, maxTop);
  const windowStart = centeredWindowStart(topRow, totalRows, windowRows);
  return {
    bytesPerRow,
    windowStart,
    topRow,
    scrollTop: Number(topRow - windowStart) * ROW_HEIGHT,
  };
}
