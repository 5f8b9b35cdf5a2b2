// "Fit to width": the widest row width whose rows fit in the grid, measured on a rendered row.
// A row's width grows linearly with its bytes: each takes a 2-character hex cell with half a
// character of margin each side, an eighth of a character of group gap, and 1 ASCII character.

export const ROW_WIDTHS = [8, 16, 32, 64] as const;
export type RowWidth = (typeof ROW_WIDTHS)[number] | 'fit';

const CHARACTERS_PER_BYTE = 3 + 1 / 8 + 1;
/** The offset column is 14 characters wide (styles.css). */
const OFFSET_CHARACTERS = 14;
/** Room for an LBA label ("LBA 34359738367") where no row on screen has one to measure. */
const LABEL_CHARACTERS = 18;

/** The widest of ROW_WIDTHS that fits in `available` pixels, `row` being a rendered row. */
export function fittingBytesPerRow(
  row: HTMLElement,
  bytesPerRow: number,
  available: number,
): number {
  const box = row.getBoundingClientRect();
  const offset = row.querySelector('.offset')?.getBoundingClientRect();
  const ascii = row.querySelector('.ascii-pane')?.getBoundingClientRect();
  if (!offset || !ascii || offset.width === 0) return ROW_WIDTHS[0];
  const ch = offset.width / OFFSET_CHARACTERS;
  const label =
    row.parentElement?.querySelector('.lba-label')?.getBoundingClientRect().width ??
    LABEL_CHARACTERS * ch;
  const paddingRight = parseFloat(getComputedStyle(row).paddingRight) || 0;
  const used = ascii.right - box.left + label + ch * 2 + paddingRight;
  const fixed = used - CHARACTERS_PER_BYTE * ch * bytesPerRow;
  let best: number = ROW_WIDTHS[0];
  for (const width of ROW_WIDTHS) {
    if (fixed + CHARACTERS_PER_BYTE * ch * width <= available) best = width;
  }
  return best;
}
