// The browser caps an element's height at 33,554,428 px, so the grid scrolls natively only
// within a window of rows and the position in the disk is our own bigint. The window is moved
// (re-based) before the native scroll position gets near its edges.

export const ROW_HEIGHT = 20;
export const MAX_WINDOW_ROWS = 400_000;

export function windowRowsFor(totalRows: bigint): number {
  return totalRows < BigInt(MAX_WINDOW_ROWS) ? Number(totalRows) : MAX_WINDOW_ROWS;
}

/** Highest row that can be at the top: the last rows fill the view rather than leave it empty. */
export function maxTopRow(totalRows: bigint, viewportRows: number): bigint {
  const max = totalRows - BigInt(viewportRows);
  return max > 0n ? max : 0n;
}

export function clampRow(row: bigint, min: bigint, max: bigint): bigint {
  return row < min ? min : row > max ? max : row;
}

/** A window start that puts `row` in the middle of the window, inside the disk. */
export function centeredWindowStart(row: bigint, totalRows: bigint, windowRows: number): bigint {
  return clampRow(row - BigInt(Math.floor(windowRows / 2)), 0n, totalRows - BigInt(windowRows));
}

/** True when the native scroll position is close enough to an edge of the window to re-base. */
export function needsRebase(
  scrollRow: number,
  viewportRows: number,
  windowStart: bigint,
  windowRows: number,
  totalRows: bigint,
): boolean {
  const nearTop = scrollRow < windowRows / 4 && windowStart > 0n;
  const nearBottom =
    scrollRow + viewportRows > (windowRows * 3) / 4 && windowStart + BigInt(windowRows) < totalRows;
  return nearTop || nearBottom;
}

/**
 * A window start that puts `row` at the native scroll row the grid is already at, so that a jump
 * changes only what the rendered rows hold: no native scroll, hence no scroll event and no second
 * render of the rows. null when no such window fits inside the disk, or
 * when it would leave the scroll row near an edge of the window.
 */
export function windowStartKeepingScroll(
  row: bigint,
  scrollRow: number,
  viewportRows: number,
  windowRows: number,
  totalRows: bigint,
): bigint | null {
  const start = row - BigInt(scrollRow);
  if (start < 0n || start + BigInt(windowRows) > totalRows) return null;
  if (needsRebase(scrollRow, viewportRows, start, windowRows, totalRows)) return null;
  return start;
}

const FRACTION_STEPS = 1_000_000_000n;

/** Scrollbar position (0..1) to a top row; exact at both ends whatever the disk size. */
export function fractionToRow(fraction: number, maxTop: bigint): bigint {
  const clamped = Math.min(1, Math.max(0, fraction));
  return (BigInt(Math.round(clamped * Number(FRACTION_STEPS))) * maxTop) / FRACTION_STEPS;
}

export function rowToFraction(row: bigint, maxTop: bigint): number {
  if (maxTop === 0n) return 0;
  return Number((row * FRACTION_STEPS) / maxTop) / Number(FRACTION_STEPS);
}
