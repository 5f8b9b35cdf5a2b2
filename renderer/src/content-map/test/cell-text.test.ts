import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MapCellView } from '../../../../electron/shared/contract';
import type { PartitionsJson } from '../../../../electron/shared/disk';
import { cellText, classShares, placeText, regionsOf, regionText } from '../cell-text';

function cell(index: number, change: Partial<MapCellView> = {}): MapCellView {
  return {
    index,
    start: String(index * 512),
    end: String(index * 512 + 511),
    class: 'zero',
    entropy: 0,
    mix: { zero: 32768 },
    bytes: 32768,
    unreadableSectors: 0,
    fillByte: null,
    exact: false,
    ...change,
  };
}

test('a cell: its sectors, class and entropy, then what else is known', () => {
  assert.equal(
    cellText(cell(2), 512),
    'LBA 1024–1535 (256.0 KiB) · zero · entropy 0.00 bits/byte · sampled 32.0 KiB',
  );
  assert.equal(
    cellText(
      cell(3, {
        class: 'text',
        entropy: 4.2549,
        mix: { zero: 8192, text: 24576 },
        unreadableSectors: 1,
        exact: true,
      }),
      512,
    ),
    'LBA 1536–2047 (256.0 KiB) · text · entropy 4.25 bits/byte · 75% text, 25% zero · ' +
      '1 unreadable sector · every byte read',
  );
  assert.match(
    cellText(cell(0, { class: 'fill', fillByte: 0xff, mix: { fill: 32768 } }), 512),
    / · fill · entropy 0\.00 bits\/byte · byte 0xFF · /,
  );
  assert.equal(
    cellText(cell(0, { class: null, entropy: null, mix: {}, bytes: 0 }), 4096),
    'LBA 0–511 (2.00 MiB) · not read yet',
  );
});

test('regions: runs of one class; shares of the cells by class, largest first', () => {
  const cells = [
    cell(0),
    cell(1),
    cell(2, { class: 'random' }),
    cell(3, { class: 'random' }),
    cell(4, { class: 'random' }),
    cell(5),
    cell(6, { class: null }),
    cell(7, { class: null }),
  ];
  const regions = regionsOf(cells);
  assert.deepEqual(
    regions.map((r) => [r.first, r.last, r.class, r.start, r.end]),
    [
      [0, 1, 'zero', 0n, 1023n],
      [2, 4, 'random', 1024n, 2559n],
      [5, 5, 'zero', 2560n, 3071n],
      [6, 7, null, 3072n, 4095n],
    ],
  );
  assert.equal(
    regionText(regions[1] as (typeof regions)[number], 512),
    'LBA 1024–2559 · random · 768.0 KiB · 3 cells',
  );
  assert.equal(classShares(cells), 'zero 37.5%, random 37.5%, not read yet 25.0%');
});

test('where an LBA lies: a partition (not the extended one), unallocated, or neither', () => {
  const report = {
    partitions: [
      { index: 2, kind: 'extended', start: 100, end: 999 },
      { index: 5, kind: 'logical', start: 200, end: 299 },
    ],
    gaps: [{ start: 0, end: 99, size: 100 }],
  } as unknown as PartitionsJson;
  assert.equal(placeText(report, 250n), 'partition #5');
  assert.equal(placeText(report, 50n), 'unallocated');
  assert.equal(placeText(report, 500n), null);
  assert.equal(placeText(null, 5n), null);
});
