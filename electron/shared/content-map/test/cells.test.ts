// The layout of cells over a range and the quick map's samples: cells cover the range exactly,
// in whole 4 KiB units, differ by one unit at most; cellOfLba inverts cellRange; samples are
// distinct units of their cell, spread, and each read once.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cellFirstUnit,
  cellOfLba,
  cellRange,
  firstPassOrder,
  mapLayout,
  quickMapBytes,
  sampleUnit,
  unitSpan,
  type MapLayout,
} from '..';

function layoutOf(sectorCount: bigint, sectorSize: number, cells: number, firstLba = 0n) {
  const dataBytes = sectorCount * BigInt(sectorSize);
  return mapLayout({ firstLba, sectorCount, sectorSize, dataBytes }, cells);
}

/** Every cell's range, checked to follow the one before without a gap or an overlap. */
function checkCover(layout: MapLayout): void {
  let next = layout.firstLba;
  const sizes = new Set<bigint>();
  for (let i = 0; i < layout.cellCount; i++) {
    const { start, end } = cellRange(layout, i);
    assert.equal(start, next, `cell ${i} starts where ${i - 1} ended`);
    assert.ok(end >= start);
    assert.equal((start - layout.firstLba) % BigInt(layout.unitSectors), 0n, 'whole units');
    if (i < layout.cellCount - 1) sizes.add(end - start + 1n);
    next = end + 1n;
  }
  assert.equal(next, layout.firstLba + layout.sectorCount, 'the last cell ends the range');
  const [small, large] = [...sizes].sort((a, b) => (a < b ? -1 : 1));
  if (large !== undefined && small !== undefined) {
    assert.ok(large - small <= BigInt(layout.unitSectors), 'cells differ by one unit at most');
  }
}

describe('cells', () => {
  test('8 MiB in 8 cells of 512-byte sectors: 2048 sectors each', () => {
    const layout = layoutOf(16384n, 512, 8);
    assert.equal(layout.unitSectors, 8);
    assert.equal(layout.unitCount, 2048);
    assert.deepEqual(cellRange(layout, 0), { start: 0n, end: 2047n });
    assert.deepEqual(cellRange(layout, 7), { start: 14336n, end: 16383n });
    checkCover(layout);
  });

  test('awkward sizes, sector sizes and starts are covered exactly', () => {
    for (const sectorSize of [512, 1024, 2048, 4096]) {
      for (const [sectors, cells, first] of [
        [1001n, 7, 0n],
        [1001n, 4096, 3n],
        [12345n, 100, 17n],
        [8n, 1, 5n],
      ] as const) {
        const layout = layoutOf(sectors, sectorSize, cells, first);
        checkCover(layout);
        for (let lba = first; lba < first + sectors; lba++) {
          const i = cellOfLba(layout, lba);
          const { start, end } = cellRange(layout, i);
          assert.ok(start <= lba && lba <= end, `LBA ${lba} is in cell ${i}`);
        }
      }
    }
  });

  test('no more cells than units; the default 4096 over 16 TiB are 4 GiB each', () => {
    assert.equal(layoutOf(1001n, 512, 4096).cellCount, 126);
    const huge = layoutOf(2n ** 35n, 512, 4096);
    assert.equal(huge.cellCount, 4096);
    assert.deepEqual(cellRange(huge, 1), { start: 2n ** 23n, end: 2n ** 24n - 1n });
    assert.equal(cellOfLba(huge, 2n ** 35n - 1n), 4095);
  });

  test("the last unit holds only the image's bytes when it ends mid-sector", () => {
    const layout = mapLayout(
      { firstLba: 0n, sectorCount: 9n, sectorSize: 512, dataBytes: 4500n },
      2,
    );
    assert.equal(layout.unitCount, 2);
    assert.deepEqual(unitSpan(layout, 0), { offset: 0n, bytes: 4096 });
    assert.deepEqual(unitSpan(layout, 1), { offset: 4096n, bytes: 404 });
  });
});

describe('quick map samples', () => {
  test('min(samples, units) distinct units of the cell, at the middles of equal slices', () => {
    const layout = layoutOf(1_000_003n, 512, 37);
    for (let i = 0; i < layout.cellCount; i++) {
      const first = cellFirstUnit(layout, i);
      const units = cellFirstUnit(layout, i + 1) - first;
      const picked = Array.from({ length: 8 }, (_, pass) => sampleUnit(layout, i, pass, 8));
      assert.ok(picked.every((u) => u >= first && u < first + units));
      assert.equal(new Set(picked).size, 8);
      const sorted = [...picked].sort((a, b) => a - b);
      sorted.forEach((u, j) => assert.equal(u, first + Math.floor(((2 * j + 1) * units) / 16)));
      assert.equal(sampleUnit(layout, i, 8, 8), -1);
    }
    // Cells of 2 units: 2 samples, then none.
    const small = layoutOf(64n, 512, 4);
    assert.deepEqual(
      [0, 1, 2].map((pass) => sampleUnit(small, 3, pass, 8)),
      [6, 7, -1],
    );
  });

  test('the first pass visits every cell once, every 256th first', () => {
    const order = firstPassOrder(4096);
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      Array.from({ length: 4096 }, (_, i) => i),
    );
    assert.deepEqual(
      order.slice(0, 16),
      Array.from({ length: 16 }, (_, i) => i * 256),
    );
    assert.deepEqual(
      order.slice(16, 32),
      Array.from({ length: 16 }, (_, i) => i * 256 + 128),
    );
    assert.deepEqual(firstPassOrder(1), [0]);
    assert.deepEqual([...firstPassOrder(5)].sort(), [0, 1, 2, 3, 4]);
  });

  test('quickMapBytes counts every sample, the short last unit as short', () => {
    for (const [dataBytes, sectors] of [
      [4500n, 9n],
      [40960n, 80n],
      [10_000_000n, 19532n],
    ] as const) {
      const layout = mapLayout(
        { firstLba: 0n, sectorCount: sectors, sectorSize: 512, dataBytes },
        3,
      );
      let bytes = 0n;
      for (let i = 0; i < layout.cellCount; i++) {
        for (let pass = 0; pass < 8; pass++) {
          const unit = sampleUnit(layout, i, pass, 8);
          if (unit >= 0) bytes += BigInt(unitSpan(layout, unit).bytes);
        }
      }
      assert.equal(quickMapBytes(layout, 8), bytes);
    }
  });
});
