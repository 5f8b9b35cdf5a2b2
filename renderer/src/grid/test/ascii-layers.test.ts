import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asciiLayers, type AsciiCell } from '../ascii-layers';
import { asciiChar, byteClass } from '../format';

function cellsOf(bytes: number[], marks: Map<number, string> = new Map()): AsciiCell[] {
  return bytes.map((byte, index) => {
    const mark = marks.get(index);
    return {
      text: asciiChar(byte),
      classes: `cell b-${byteClass(byte)}${mark ? ` ${mark}` : ''}`,
      marked: mark !== undefined,
    };
  });
}

/** Draws the layers over each other as the browser does: the last non-space wins. */
function drawn(layers: { text: string }[], length: number): string {
  const out = new Array<string>(length).fill(' ');
  for (const layer of layers) {
    assert.equal(layer.text.length, length, 'every layer spans the row');
    [...layer.text].forEach((char, index) => {
      if (char !== ' ') out[index] = char;
    });
  }
  return out.join('');
}

test('random bytes: one layer per style, which together draw every character once', () => {
  const bytes = Array.from({ length: 16 }, (_, index) => (index * 97 + 13) % 256);
  bytes[3] = 0;
  bytes[4] = 0x41;
  const cells = cellsOf(bytes);
  const { layers, boxes } = asciiLayers(cells);
  assert.deepEqual(layers.map((layer) => layer.classes).sort(), [
    'cell b-ascii',
    'cell b-other',
    'cell b-zero',
  ]);
  assert.deepEqual(boxes, []);
  assert.equal(drawn(layers, 16), cells.map((cell) => cell.text).join(''));
  for (const layer of layers) {
    [...layer.text].forEach((char, index) => {
      const owner = cells[index]?.classes === layer.classes;
      if (!owner) assert.equal(char, ' ', `only ${layer.classes} characters in its layer`);
    });
  }
});

test('marked characters get one box per run of equal style, and their own layer', () => {
  const bytes = Array.from({ length: 16 }, () => 0x41);
  const marks = new Map<number, string>([
    [2, 'sel'],
    [3, 'sel'],
    [4, 'sel'],
    [5, 'sel cursor'],
    [9, 'f f-c1'],
    [10, 'f f-c1'],
  ]);
  const { layers, boxes } = asciiLayers(cellsOf(bytes, marks));
  assert.deepEqual(boxes, [
    { start: 2, length: 3, classes: 'cell b-ascii sel' },
    { start: 5, length: 1, classes: 'cell b-ascii sel cursor' },
    { start: 9, length: 2, classes: 'cell b-ascii f f-c1' },
  ]);
  assert.equal(layers.length, 4);
  assert.equal(drawn(layers, 16), 'A'.repeat(16));
});

test('a short last row keeps its length', () => {
  const { layers } = asciiLayers(cellsOf([0x30, 0x31, 0]));
  assert.ok(layers.every((layer) => layer.text.length === 3));
  assert.equal(drawn(layers, 3), '01.');
});
