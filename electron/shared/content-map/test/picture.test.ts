// The palette is colour-blind safe (checked under simulated colour vision deficiencies), the
// picture puts each cell where the layout says in its class's colour, and the key of a map
// names its image and what it covers.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MapCellView, MapClass } from '../../contract';
import {
  cellAt,
  cellHolding,
  cellRect,
  contentMapKey,
  drawMap,
  imageKey,
  lbaPoint,
  MAP_CLASSES,
  MAP_LEGEND,
  MAP_PALETTE,
  MAP_PENDING_COLOUR,
  mapPicture,
  rgbOf,
} from '..';

// Machado, Oliveira and Fernandes (2009), severity 1, applied to linear RGB.
const DEFICIENCIES: Record<string, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
  'normal vision': [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
};

const linear = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};

/** CIELAB (D65) of a linear RGB colour. */
function lab([r = 0, g = 0, b = 0]: number[]): [number, number, number] {
  const [x, y, z] = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

describe('palette', () => {
  test('every two colours are 20 CIELAB units apart or more, under each deficiency', () => {
    const colours = { ...MAP_PALETTE, pending: MAP_PENDING_COLOUR };
    for (const [name, matrix] of Object.entries(DEFICIENCIES)) {
      const seen = Object.entries(colours).map(([key, colour]) => {
        const rgb = rgbOf(colour).map(linear);
        const simulated = matrix.map((row) =>
          Math.min(
            1,
            Math.max(
              0,
              row.reduce((sum, m, i) => sum + m * (rgb[i] as number), 0),
            ),
          ),
        );
        return { key, lab: lab(simulated) };
      });
      for (const a of seen) {
        for (const b of seen) {
          if (a.key >= b.key) continue;
          const distance = Math.hypot(...a.lab.map((v, i) => v - (b.lab[i] as number)));
          assert.ok(
            distance >= 20,
            `${name}: ${a.key} and ${b.key} are ${distance.toFixed(1)} apart`,
          );
        }
      }
    }
  });

  test('the legend names every class with its colour', () => {
    for (const name of MAP_CLASSES) {
      assert.equal(MAP_LEGEND.find((entry) => entry.key === name)?.colour, MAP_PALETTE[name]);
    }
    assert.deepEqual(rgbOf('#D55E00'), [0xd5, 0x5e, 0x00]);
  });
});

describe('picture', () => {
  test('4096 cells: 64 columns of 16 px; 10 cells: 4 columns, 3 rows', () => {
    assert.deepEqual(mapPicture(4096), {
      cellCount: 4096,
      columns: 64,
      rows: 64,
      cellPx: 16,
      width: 1024,
      height: 1024,
    });
    const ten = mapPicture(10, 5);
    assert.deepEqual([ten.columns, ten.rows, ten.width, ten.height], [4, 3, 20, 15]);
    assert.deepEqual(cellRect(ten, 6), { x: 10, y: 5, width: 5, height: 5 });
    assert.equal(cellAt(ten, 12, 9), 6);
    assert.equal(cellAt(ten, 19, 14), -1, 'past the last cell');
    assert.equal(cellAt(ten, 20, 0), -1, 'outside');
  });

  test('each cell in its colour, pending ones in theirs, bad sectors marked at 3 px and up', () => {
    const cell = (c: MapClass | null, unreadableSectors = 0) =>
      ({ class: c, unreadableSectors }) as Pick<MapCellView, 'class' | 'unreadableSectors'>;
    const cells = [
      cell('zero'),
      cell('text', 2),
      cell(null),
      cell('unreadable', 9),
      cell('random'),
    ];
    const picture = mapPicture(cells.length, 6);
    const pixels = drawMap(cells, picture);
    const at = (x: number, y: number) => [
      ...pixels.subarray((y * picture.width + x) * 4, (y * picture.width + x) * 4 + 4),
    ];
    const opaque = (colour: string) => [...rgbOf(colour), 255];
    assert.deepEqual(at(0, 0), opaque(MAP_PALETTE.zero));
    assert.deepEqual(at(6, 0), opaque(MAP_PALETTE.text));
    assert.deepEqual(at(8, 2), opaque(MAP_PALETTE.unreadable), 'the mark in the middle of cell 1');
    assert.deepEqual(at(12, 5), opaque(MAP_PENDING_COLOUR));
    assert.deepEqual(at(20, 3), opaque(MAP_PALETTE.unreadable));
    assert.deepEqual(at(0, 6), opaque(MAP_PALETTE.random), 'cell 4 starts the second row');
    assert.deepEqual(at(6, 6), [0, 0, 0, 0], 'no cell: transparent');
    const small = drawMap(cells, mapPicture(cells.length, 2));
    assert.deepEqual([...small.subarray(8, 12)], opaque(MAP_PALETTE.text), 'no mark at 2 px');
  });
});

describe('overlays', () => {
  test('an LBA lands in its cell, as far across it as it is through it', () => {
    const cells = Array.from({ length: 10 }, (_, i) => ({
      start: String(i * 100),
      end: String(i * 100 + 99),
    }));
    assert.equal(cellHolding(cells, 0n), 0);
    assert.equal(cellHolding(cells, 999n), 9);
    assert.equal(cellHolding(cells, 450n), 4);
    assert.equal(cellHolding(cells, 1000n), -1);
    const picture = mapPicture(10, 8);
    assert.deepEqual(lbaPoint(picture, cells, 450n), { x: 4, y: 8 });
    assert.deepEqual(lbaPoint(picture, cells, 700n), { x: 24, y: 8 });
    assert.equal(lbaPoint(picture, cells, 1000n), null);
  });
});

describe('map key', () => {
  const image = {
    format: 'ewf',
    size: '1048576',
    logicalSectorSize: 512,
    storedHashes: { md5: 'ab' },
  };
  const map = { image, lba: '0', count: '2048', cells: new Array(64), rules: 1 };

  test('the image, its stored hashes, the range, the cells and the rules', () => {
    assert.equal(imageKey(image), 'ewf:1048576:512:md5=ab');
    assert.equal(contentMapKey(map), 'ewf:1048576:512:md5=ab|lba=0+2048|cells=64|rules=1');
    assert.equal(
      contentMapKey({ ...map, image: { ...image, format: 'raw', storedHashes: {} } }, 'cd'),
      'raw:1048576:512:acquired=cd|lba=0+2048|cells=64|rules=1',
    );
  });
});
