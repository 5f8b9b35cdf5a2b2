// The full content map: every byte read, in order, through the block pipeline (as a hash reads),
// each 4 KiB unit classified as it comes, each cell sent as soon as its last unit is in. Where
// there are two cores or more, a helper thread classifies the second half of every block while
// this thread does the first (as a hash job's helper takes a share of the digests).

import { availableParallelism } from 'node:os';
import type { MapCellView } from '../shared/contract';
import {
  OpenTallies,
  UNIT_BYTES,
  UnitClassifier,
  cellFirstUnit,
  cellRange,
  emptyCellView,
  tallyBlockUnits,
  type MapLayout,
} from '../shared/content-map';
import { runBlockPipeline, type ConsumeResult, type ReadBlock } from './block-pipeline';
import { ClassifyHelper, type CellParts } from './classify-helper';
import { READS_IN_FLIGHT, SLOTS_PER_JOB, type JobContext } from './job-context';
import type { CellStream } from './map-cell-stream';
import { allocateSharedBlocks, viewOf } from './shared-blocks';

/** Fills `cells` as it goes; `makeStream` gets the view of a cell as it stands. */
export async function runFullMap(
  context: JobContext,
  layout: MapLayout,
  cells: MapCellView[],
  makeStream: (viewOf: (index: number) => MapCellView) => CellStream,
): Promise<void> {
  const { plan, tracker } = context;
  const classifier = new UnitClassifier();
  const scratch = new Uint8Array(UNIT_BYTES);
  const rangeStart = plan.firstLba * BigInt(plan.sectorSize);
  for (let i = 0; i < layout.cellCount; i++) {
    const { start, end } = cellRange(layout, i);
    cells[i] = emptyCellView(i, start, end);
  }
  const stream = makeStream((i) => cells[i] as MapCellView);
  stream.sendAll(layout.cellCount);

  const tallies = new OpenTallies();
  let next = 0;
  /** Closes every cell that ends at or before `unit`: all its units are in. */
  const closeBefore = (unit: number) => {
    while (next < layout.cellCount && cellFirstUnit(layout, next + 1) <= unit) {
      const { start, end } = cellRange(layout, next);
      cells[next] = tallies.of(next).view(next, start, end, true);
      stream.changed(next);
      tallies.release(next);
      next++;
    }
  };
  const merge = (parts: CellParts) => {
    for (const { cell, part } of parts) tallies.of(cell).merge(part);
  };

  const refs = allocateSharedBlocks(SLOTS_PER_JOB, context.blockBytes);
  const helper =
    availableParallelism() > 1 ? new ClassifyHelper(refs, layout, plan.sectorSize) : undefined;
  const consume = (block: ReadBlock): ConsumeResult => {
    // Blocks are whole units from the range's start (block sizes are multiples of 4096).
    const firstUnit = Number(block.offset - rangeStart) / UNIT_BYTES;
    const units = Math.ceil(block.bytes / UNIT_BYTES);
    const bad = block.unreadable.map((lba) => Number(lba - block.lba));
    const span = { data: block.data, bytes: block.bytes, firstUnit, bad };
    const mine = helper ? units >> 1 : units;
    // The helper starts first, so that both threads classify at the same time.
    const helped = helper?.classify({ ...span, slot: block.slot, from: mine, to: units });
    tallyBlockUnits(span, 0, mine, layout, plan.sectorSize, tallies.of, classifier, scratch);
    tracker.blockDone(block);
    const done = () => {
      closeBefore(firstUnit + units);
      stream.flushIfDue();
    };
    if (!helped) {
      done();
      return undefined;
    }
    return helped.then((parts) => {
      merge(parts);
      done();
    });
  };
  try {
    const { source, retries, signal } = context;
    const slots = refs.map(viewOf);
    const readsInFlight = READS_IN_FLIGHT;
    await runBlockPipeline({ source, plan, slots, readsInFlight, retries, signal, consume });
  } finally {
    await helper?.terminate();
  }
  closeBefore(layout.unitCount);
  stream.flush();
}
