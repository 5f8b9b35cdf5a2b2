import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MapClass } from '../../../../electron/shared/contract';
import { drawMap, mapPicture, type DrawnCell } from '../../../../electron/shared/content-map';
import { pictureBlock } from '../draw-picture';
import { mapGrid, type MapView } from '../map-view';

const CLASSES: MapClass[] = ['zero', 'fill', 'text', 'binary', 'random', 'unreadable'];

function cells(count: number): (DrawnCell | null)[] {
  return Array.from({ length: count }, (_, i) =>
    i % 11 === 5
      ? null
      : {
          class: CLASSES[(i * 7) % CLASSES.length] as MapClass,
          unreadableSectors: i % 5 === 0 ? 3 : 0,
        },
  );
}

/** The canvas a block makes, drawn over transparent pixels as putImageData does. */
function canvasOf(
  block: NonNullable<ReturnType<typeof pictureBlock>>,
  width: number,
  height: number,
): Uint8ClampedArray {
  const canvas = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bx = x - block.x;
      const by = y - block.y;
      if (bx < 0 || by < 0 || bx >= block.width || by >= block.height) continue;
      const from = (by * block.width + bx) * 4;
      canvas.set(block.pixels.subarray(from, from + 4), (y * width + x) * 4);
    }
  }
  return canvas;
}

test("what the canvas shows is drawMap's whole picture at that cell size, cut out", () => {
  for (const count of [4096, 2050, 5]) {
    const all = cells(count);
    const grid = mapGrid(count);
    const viewport = { width: 150, height: 90 };
    const views: MapView[] = [
      { cellPx: 3, originX: -20, originY: -10 },
      { cellPx: 16, originX: 300, originY: 250 },
      { cellPx: 7, originX: 13, originY: 5 },
      { cellPx: 40, originX: -75, originY: -45 },
    ];
    for (const view of views) {
      const picture = mapPicture(count, view.cellPx);
      const whole = drawMap(all, picture);
      const block = pictureBlock(all, grid, view, viewport);
      const shown = block ? canvasOf(block, viewport.width, viewport.height) : null;
      let compared = 0;
      for (let y = 0; y < viewport.height; y++) {
        for (let x = 0; x < viewport.width; x++) {
          const px = x + view.originX;
          const py = y + view.originY;
          const inside = px >= 0 && py >= 0 && px < picture.width && py < picture.height;
          const expected = inside
            ? [...whole.subarray((py * picture.width + px) * 4, (py * picture.width + px) * 4 + 4)]
            : [0, 0, 0, 0];
          const at = (y * viewport.width + x) * 4;
          const actual = shown ? [...shown.subarray(at, at + 4)] : [0, 0, 0, 0];
          assert.deepEqual(actual, expected, `${count} cells, ${JSON.stringify(view)}, ${x},${y}`);
          compared++;
        }
      }
      assert.equal(compared, viewport.width * viewport.height);
    }
  }
});

test('nothing in view: no block', () => {
  const grid = mapGrid(16);
  assert.equal(
    pictureBlock(
      cells(16),
      grid,
      { cellPx: 4, originX: 500, originY: 0 },
      {
        width: 10,
        height: 10,
      },
    ),
    null,
  );
});
