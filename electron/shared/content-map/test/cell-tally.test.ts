// A cell's class from its units: the class of most of its bytes, ties to the one that says
// more, the mix in bytes, the entropy of all its readable bytes, unreadable sectors left out
// of both the classes and the entropy.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  CellTally,
  emptyCellView,
  histogramEntropy,
  OpenTallies,
  tallyBlockUnits,
  tallyUnit,
  UnitClassifier,
} from '..';

const ENGLISH = Buffer.from('A cell takes the class of most of its bytes. '.repeat(100));

function tallyOf(units: Buffer[], bad: number[][] = []): CellTally {
  const tally = new CellTally();
  const classifier = new UnitClassifier();
  const scratch = new Uint8Array(4096);
  units.forEach((unit, i) =>
    tallyUnit(tally, classifier, unit, 0, unit.length, bad[i] ?? [], 512, scratch),
  );
  return tally;
}

test('the class of most bytes wins; the mix says how many of each', () => {
  const zero = Buffer.alloc(4096);
  const text = ENGLISH.subarray(0, 4096);
  const view = tallyOf([zero, text, zero]).view(3, 100n, 123n, true);
  assert.equal(view.class, 'zero');
  assert.deepEqual(view.mix, { zero: 8192, text: 4096 });
  assert.equal(view.bytes, 12288);
  assert.equal(view.start, '100');
  assert.equal(view.end, '123');
  assert.equal(view.index, 3);
  assert.equal(view.exact, true);
});

test('a tie goes to unreadable, then text, random, binary, fill, zero', () => {
  const text = ENGLISH.subarray(0, 4096);
  assert.equal(tallyOf([Buffer.alloc(4096), text]).view(0, 0n, 15n, true).class, 'text');
  assert.equal(
    tallyOf([Buffer.alloc(4096, 0xff), Buffer.alloc(4096)]).view(0, 0n, 15n, true).class,
    'fill',
  );
  assert.equal(tallyOf([text, randomBytes(4096)]).view(0, 0n, 15n, true).class, 'text');
});

test('entropy is over all the readable bytes of the cell together', () => {
  const random = randomBytes(4096);
  const view = tallyOf([Buffer.alloc(4096), random]).view(0, 0n, 15n, true);
  const counts = new Array<number>(256).fill(0);
  for (const b of random) counts[b] = (counts[b] as number) + 1;
  counts[0] = (counts[0] as number) + 4096;
  assert.equal(view.entropy, Math.round(histogramEntropy(counts) * 1e4) / 1e4);
  assert.ok(view.entropy !== null && view.entropy > 4.5 && view.entropy < 5.5);
});

test('unreadable sectors count as unreadable, not as the zeros that stand in for them', () => {
  // Sector 3 of a text unit could not be read: its 512 bytes are zero in the buffer.
  const unit = Buffer.from(ENGLISH.subarray(0, 4096));
  unit.fill(0, 1536, 2048);
  const view = tallyOf([unit], [[3]]).view(0, 0n, 7n, true);
  assert.equal(view.class, 'text');
  assert.deepEqual(view.mix, { text: 3584, unreadable: 512 });
  assert.equal(view.unreadableSectors, 1);
  const alone = new UnitClassifier();
  alone.classify(Buffer.concat([unit.subarray(0, 1536), unit.subarray(2048)]));
  assert.equal(view.entropy, Math.round(histogramEntropy(alone.histogram) * 1e4) / 1e4);

  const gone = tallyOf([Buffer.alloc(4096)], [[0, 1, 2, 3, 4, 5, 6, 7]]).view(0, 0n, 7n, true);
  assert.equal(gone.class, 'unreadable');
  assert.deepEqual(gone.mix, { unreadable: 4096 });
  assert.equal(gone.entropy, null, 'no readable byte to measure');
  assert.equal(gone.unreadableSectors, 8);
});

test('a short last sector that cannot be read counts only its bytes', () => {
  const view = tallyOf([Buffer.alloc(700, 0xff)], [[1]]).view(0, 0n, 1n, true);
  assert.deepEqual(view.mix, { fill: 512, unreadable: 188 });
});

test('fillByte: the repeated byte when every fill repeats the same one', () => {
  const ff = Buffer.alloc(4096, 0xff);
  assert.equal(tallyOf([ff, ff, Buffer.alloc(4096)]).view(0, 0n, 23n, true).fillByte, 0xff);
  const mixed = tallyOf([ff, Buffer.alloc(4096, 0xaa)]).view(0, 0n, 15n, true);
  assert.equal(mixed.class, 'fill');
  assert.equal(mixed.fillByte, null);
  assert.equal(tallyOf([Buffer.alloc(4096)]).view(0, 0n, 7n, true).fillByte, null);
});

test('reset empties the tally; an empty cell has no class yet', () => {
  const tally = tallyOf([randomBytes(4096)]);
  tally.reset();
  const view = tally.view(5, 40n, 47n, false);
  assert.deepEqual(view, emptyCellView(5, 40n, 47n));
  assert.equal(view.class, null);
});

test('a block shared between two threads tallies as the whole block does', () => {
  // 12 units (zeros, text, 0xFF, random, thrice over) in 5 cells of 2, 2, 3, 2 and 3 units,
  // the last unit 100 bytes short, two sectors unreadable; split between threads at unit 5.
  const data = Buffer.concat(
    Array.from({ length: 3 }, () => [
      Buffer.alloc(4096),
      ENGLISH.subarray(0, 4096),
      Buffer.alloc(4096, 0xff),
      randomBytes(4096),
    ]).flat(),
  );
  const block = { data, bytes: data.length - 100, firstUnit: 0, bad: [3, 40] };
  const grid = { unitCount: 12, cellCount: 5 };
  const views = (tallies: OpenTallies) =>
    tallies.entries().map(([cell, tally]) => tally.view(cell, 0n, 0n, true));
  const whole = new OpenTallies();
  const scratch = new Uint8Array(4096);
  tallyBlockUnits(block, 0, 12, grid, 512, whole.of, new UnitClassifier(), scratch);
  const mine = new OpenTallies();
  const helper = new OpenTallies();
  tallyBlockUnits(block, 0, 5, grid, 512, mine.of, new UnitClassifier(), scratch);
  tallyBlockUnits(block, 5, 12, grid, 512, helper.of, new UnitClassifier(), scratch);
  for (const [cell, tally] of helper.entries()) mine.of(cell).merge(tally.part());
  const sorted = (list: ReturnType<typeof views>) => list.sort((a, b) => a.index - b.index);
  assert.deepEqual(sorted(views(mine)), sorted(views(whole)));
  assert.equal(views(whole).length, 5);
  assert.equal(whole.of(0).view(0, 0n, 0n, true).unreadableSectors, 1);
  whole.release(0);
  assert.equal(whole.of(0).bytes, 0, 'a released tally comes back empty');
});
