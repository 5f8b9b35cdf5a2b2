// How the ASCII pane draws a row with few elements (see AsciiPane): one text layer per style and
// one box per run of marked characters.

export interface AsciiCell {
  /** One character. */
  text: string;
  /** The same classes as the byte's hex cell: they set its colour and background. */
  classes: string;
  /** Whether its classes paint a background (cursor, selection, a field, unreadable). */
  marked: boolean;
}

export interface AsciiLayer {
  classes: string;
  /** As long as the row: this style's characters at their places, spaces elsewhere. */
  text: string;
}

export interface AsciiBox {
  start: number;
  length: number;
  classes: string;
}

export function asciiLayers(cells: readonly AsciiCell[]): {
  layers: AsciiLayer[];
  boxes: AsciiBox[];
} {
  const chars = new Map<string, string[]>();
  const boxes: AsciiBox[] = [];
  cells.forEach((cell, index) => {
    let layer = chars.get(cell.classes);
    if (!layer) {
      layer = new Array<string>(cells.length).fill(' ');
      chars.set(cell.classes, layer);
    }
    layer[index] = cell.text;
    if (!cell.marked) return;
    const last = boxes.at(-1);
    if (last && last.classes === cell.classes && last.start + last.length === index) last.length++;
    else boxes.push({ start: index, length: 1, classes: cell.classes });
  });
  const layers = [...chars].map(([classes, layer]) => ({ classes, text: layer.join('') }));
  return { layers, boxes };
}
