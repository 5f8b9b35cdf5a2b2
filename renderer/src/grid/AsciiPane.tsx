import type { MouseEvent, ReactElement } from 'react';
import { asciiLayers, type AsciiCell } from './ascii-layers';

interface AsciiPaneProps {
  cells: readonly AsciiCell[];
  bytesPerRow: number;
  /** The byte under the pointer was pressed (its index in the row). */
  onPress: (index: number, extend: boolean) => void;
}

/**
 * A row's characters as a few text layers drawn over each other, one per style, each holding its
 * own characters and spaces elsewhere (the font is monospaced), after a box under each run of
 * marked characters. Random bytes change style at almost every character: one element per
 * character, or per run, made this pane the largest part of a row's layout and paint. Every layer
 * is an inline box whose negative right margin takes the pen back to where it started, so the
 * row stays one line of inline boxes.
 */
export function AsciiPane({ cells, bytesPerRow, onPress }: AsciiPaneProps): ReactElement {
  const { layers, boxes } = asciiLayers(cells);
  const press = (event: MouseEvent<HTMLSpanElement>) => {
    if (event.button !== 0) return;
    const box = event.currentTarget.getBoundingClientRect();
    const index = Math.floor(((event.clientX - box.left) / box.width) * bytesPerRow);
    onPress(Math.min(cells.length - 1, Math.max(0, index)), event.shiftKey);
  };
  return (
    <span className="ascii-pane">
      <span className="ascii-chars" style={{ width: `${bytesPerRow}ch` }} onMouseDown={press}>
        {boxes.map((box, index) => (
          <span
            key={`box-${index}`}
            className={`ascii-box ${box.classes}`}
            style={{
              marginLeft: `${box.start}ch`,
              marginRight: `${-(box.start + box.length)}ch`,
            }}
          >
            {' '.repeat(box.length)}
          </span>
        ))}
        {layers.map((layer, index) => (
          <span
            key={`text-${index}`}
            className={`ascii-text ${layer.classes}`}
            style={{ marginRight: `${-layer.text.length}ch` }}
          >
            {layer.text}
          </span>
        ))}
      </span>
    </span>
  );
}
