// "Fit to width": the widest row width whose rows fit in the grid, measured on a rendered row.
// A row's width grows linearly with its bytes: each takes a 2-character hex cell with half a
// character of margin each side, an eighth of a character of group gap, and 1 ASCII character.

export const ROW_WIDTHS = [8, 16, 32, 64] as const;
export type RowWidth = (typeof ROW_WIDTHS)[number] | 'fit';

const CHARACTERS_PER_BYTE = 3 + 1 / 8 + 1;
/** The offset column is 14 characters wide (styles.css). */
const OFFSET_CHARACTERS = 14;
/** How wide a label's character is, in the grid's characters, when no label is on screen. */
const LABEL_CHARACTERS = 11 / 13;

/**
 * The widest of ROW_WIDTHS that fits in `available` pixels, `row` being a rendered row, with room
 * for the LBA label of the disk's last sector (`lastLba`), the longest there is.
 */
export function fittingBytesPerRow(
  row: HTMLElement,
  bytesPerRow: number,
  available: number,
  lastLba: bigint,
): number {
  const box = row.getBoundingClientRect();
  const offset = row.querySelector('.offset')?.getBoundingClientRect();
  const ascii = row.querySelector('.ascii-pane')?.getBoundingClientRect();
  if (!offset || !ascii || offset.width === 0) return ROW_WIDTHS[0];
  const ch = offset.width / OFFSET_CHARACTERS;
  const longest = `LBA ${lastLba}`.length;
  // The label's font is smaller than the grid's: a label on screen, scaled to the longest one.
  const shown = row.parentElement?.querySelector('.lba-label');
  const perCharacter = shown?.textContent
    ? shown.getBoundingClientRect().width / shown.textContent.length
    : LABEL_CHARACTERS * ch;
  const margin = shown ? parseFloat(getComputedStyle(shown).marginLeft) || 0 : 2 * ch;
  // A row clips what passes its outer edge (paint containment): its right padding holds text.
  const used = ascii.right - box.left + margin + perCharacter * longest;
  const fixed = used - CHARACTERS_PER_BYTE * ch * bytesPerRow;
  let best: number = ROW_WIDTHS[0];
  for (const width of ROW_WIDTHS) {
    if (fixed + CHARACTERS_PER_BYTE * ch * width <= available) best = width;
  }
  return best;
}
