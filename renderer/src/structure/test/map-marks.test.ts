import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutMarks, type MapMark } from '../map-marks';
import type { MapSegment } from '../map-segments';

/** One segment, LBA 0-999 over 1000 px: one pixel a sector. */
const SEGMENTS: MapSegment[] = [
  { kind: 'partition', start: 0n, end: 999n, label: 'p', partitionIndex: 1, x: 0, width: 1000 },
];

const mark = (start: bigint, end: bigint, kind = 'search-hit'): MapMark => ({
  start,
  end,
  kind,
  label: `${kind} ${start}`,
});

test('marks sit where their LBAs are, at least two pixels wide', () => {
  const [drawn] = layoutMarks([mark(500n, 500n)], SEGMENTS);
  assert.ok(drawn);
  assert.equal(drawn.x, 500);
  assert.equal(drawn.width, 2);
  assert.equal(drawn.count, 1);
  assert.equal(drawn.label, 'search-hit 500');
});

test('marks of a kind that touch on screen merge and count; other kinds get lanes of their own', () => {
  const drawn = layoutMarks(
    [mark(10n, 10n), mark(11n, 11n), mark(100n, 200n, 'file'), mark(12n, 12n), mark(400n, 400n)],
    SEGMENTS,
  );
  const hits = drawn.filter((d) => d.kind === 'search-hit');
  assert.deepEqual(
    hits.map((d) => [d.x, d.count, d.lane]),
    [
      [10, 3, 0],
      [400, 1, 0],
    ],
  );
  assert.equal(hits[0]?.label, 'search-hit 10 and 2 more');
  const file = drawn.find((d) => d.kind === 'file');
  assert.deepEqual([file?.x, file?.width, file?.lane], [100, 100, 1]);
});

test('a hundred thousand hits draw at most one mark per pixel', () => {
  const marks = Array.from({ length: 100_000 }, (_, i) => mark(BigInt(i % 1000), BigInt(i % 1000)));
  assert.ok(layoutMarks(marks, SEGMENTS).length <= 1000);
});
