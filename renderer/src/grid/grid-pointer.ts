// Which byte is under the pointer, for drag selection: the row from the pointer's height (rows
// are ROW_HEIGHT apart), the column from a rendered row's cells (every row lays its bytes out at
// the same places).

export type Pane = 'hex' | 'ascii';

/** A rendered row with every byte of a row width, to measure columns on. */
function fullRow(grid: HTMLElement, bytesPerRow: number): HTMLElement | null {
  for (const row of grid.querySelectorAll<HTMLElement>('[role="row"]')) {
    if (row.querySelectorAll('.hex-pane [role="gridcell"]').length === bytesPerRow) return row;
  }
  return null;
}

/** The column (0..bytesPerRow-1) of `pane` at the pointer's x, clamped to the row. */
export function columnAt(grid: HTMLElement, pane: Pane, x: number, bytesPerRow: number): number {
  const row = fullRow(grid, bytesPerRow);
  if (!row) return 0;
  if (pane === 'ascii') {
    const chars = row.querySelector('.ascii-chars')?.getBoundingClientRect();
    if (!chars || chars.width === 0) return 0;
    const column = Math.floor(((x - chars.left) / chars.width) * bytesPerRow);
    return Math.min(bytesPerRow - 1, Math.max(0, column));
  }
  const cells = row.querySelectorAll('.hex-pane [role="gridcell"]');
  for (let i = 0; i < cells.length - 1; i++) {
    const here = (cells[i] as Element).getBoundingClientRect();
    const next = (cells[i + 1] as Element).getBoundingClientRect();
    // The gap between two cells belongs half to each.
    if (x < (here.right + next.left) / 2) return i;
  }
  return cells.length - 1;
}

/** The row (in rows from the top of the view, may be negative or past it) at the pointer's y. */
export function screenRowAt(grid: HTMLElement, y: number, rowHeight: number): number {
  const top = grid.getBoundingClientRect().top + grid.clientTop;
  return Math.floor((y - top + (grid.scrollTop % rowHeight)) / rowHeight);
}
