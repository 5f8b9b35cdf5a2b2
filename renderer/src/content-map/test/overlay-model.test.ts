import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MapCellView } from '../../../../electron/shared/contract';
import type { PartitionsJson } from '../../../../electron/shared/disk';
import { emptyCellView } from '../../../../electron/shared/content-map';
import { BAD_SECTOR_KIND, CellPositions, overlayModel } from '../overlay-model';

/** Cells of 100 sectors from LBA `first`, the last one 50. */
function cells(count: number, first = 0n): MapCellView[] {
  return Array.from({ length: count }, (_, i) => {
    const start = first + BigInt(i * 100);
    const end = i === count - 1 ? start + 49n : start + 99n;
    return emptyCellView(i, start, end);
  });
}

test("an LBA's position: its cell plus how far through it", () => {
  const positions = new CellPositions(cells(10));
  assert.equal(positions.of(0n), 0);
  assert.equal(positions.of(150n), 1.5);
  assert.equal(positions.of(949n), 9 + 49 / 50, 'the short last cell');
  assert.equal(positions.of(925n), 9.5);
  assert.equal(positions.of(950n), 10, 'past the end');
  assert.deepEqual(positions.run(100n, 199n), { from: 1, to: 2 });
  assert.deepEqual(positions.run(250n, 250n), { from: 2.5, to: 2.51 });
  // A map of a range: what lies before it clamps to its start, what lies after to its end.
  const range = new CellPositions(cells(4, 1000n));
  assert.deepEqual(range.run(0n, 1049n), { from: 0, to: 0.5 });
  assert.equal(range.run(0n, 999n), null);
  assert.equal(range.run(2000n, 3000n), null);
  assert.ok(range.fits(cells(4, 1000n)));
  assert.ok(!range.fits(cells(4, 0n)));
  assert.ok(!range.fits(cells(5, 1000n)));
});

test('partitions, gaps, marks in lanes by kind and colour, bad sectors, the view', () => {
  const report = {
    partitions: [
      { index: 1, kind: 'primary', start: 100, end: 499 },
      { index: 2, kind: 'extended', start: 500, end: 949 },
      { index: 5, kind: 'logical', start: 550, end: 949 },
    ],
    gaps: [{ start: 0, end: 99, size: 100 }],
  } as unknown as PartitionsJson;
  const model = overlayModel({
    positions: new CellPositions(cells(10)),
    report,
    marks: [
      { start: 300n, end: 300n, kind: 'search-hit', label: 'hit' },
      { start: 120n, end: 120n, kind: 'search-hit', label: 'hit' },
      { start: 120n, end: 130n, kind: 'search-hit', label: 'hit' },
      { start: 700n, end: 799n, kind: 'bookmark', label: 'B1', color: '#112233' },
      { start: 2000n, end: 2001n, kind: 'search-hit', label: 'off the map' },
    ],
    badSectors: ['400', '401', '402', '600'],
    view: { first: 210n, last: 219n },
  });
  assert.deepEqual(model.partitions, [
    { from: 1, to: 5, label: '#1' },
    { from: 5.5, to: 10, label: '#5' },
  ]);
  assert.deepEqual(model.gaps, [{ from: 0, to: 1, label: 'unallocated' }]);
  assert.deepEqual(model.lanes, [
    {
      kind: 'search-hit',
      runs: [
        { from: 1.2, to: 1.31 },
        { from: 3, to: 3.01 },
      ],
    },
    { kind: 'bookmark', color: '#112233', runs: [{ from: 7, to: 8 }] },
    {
      kind: BAD_SECTOR_KIND,
      runs: [
        { from: 4, to: 4.03 },
        { from: 6, to: 6.01 },
      ],
    },
  ]);
  assert.deepEqual(model.view, { from: 2.1, to: 2.2 });
});

test('a disk without partitions is not hatched as one unallocated gap', () => {
  const model = overlayModel({
    positions: new CellPositions(cells(10)),
    report: {
      partitions: [],
      gaps: [{ start: 0, end: 949, size: 950 }],
    } as unknown as PartitionsJson,
    marks: [],
    badSectors: [],
    view: null,
  });
  assert.deepEqual(model.gaps, []);
});
