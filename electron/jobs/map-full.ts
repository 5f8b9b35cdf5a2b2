// The full content map: every byte read, in order, through the block pipeline (as a hash reads),
// each 4 KiB unit classified as it comes, each cell sent as soon as its last unit is in.

import type { MapCellView } from '../shared/contract';
import {
  CellTally,
  UNIT_BYTES,
  UnitClassifier,
  cellFirstUnit,
  cellRange,
  emptyCellView,
  tallyUnit,
  type MapLayout,
} from '../shared/content-map';
import { runBlockPipeline, type ReadBlock } from './block-pipeline';
import { READS_IN_FLIGHT, SLOTS_PER_JOB, type JobContext } from './job-context';
import type { CellStream } from './map-cell-stream';
import { allocateSharedBlocks, viewOf } from './shared-blocks';

const NONE: readonly number[] = [];

/** The unreadable sectors of unit `k` of a block, as indexes from the unit's first sector. */
function badInUnit(bad: readonly number[], from: number, unitSectors: number): number[] {
  const found: number[] = [];
  for (const sector of bad) {
    if (sector >= from && sector < from + unitSectors) found.push(sector - from);
  }
  return found;
}

/** Fills `cells` as it goes; `makeStream` gets the view of a cell as it stands. */
export async function runFullMap(
  context: JobContext,
  layout: MapLayout,
  cells: MapCellView[],
  makeStream: (viewOf: (index: number) => MapCellView) => CellStream,
): Promise<void> {
  const { plan, tracker } = context;
  const classifier = new UnitClassifier();
  const tally = new CellTally();
  const scratch = new Uint8Array(UNIT_BYTES);
  const rangeStart = plan.firstLba * BigInt(plan.sectorSize);
  for (let i = 0; i < layout.cellCount; i++) {
    const { start, end } = cellRange(layout, i);
    cells[i] = emptyCellView(i, start, end);
  }
  const stream = makeStream((i) => cells[i] as MapCellView);
  stream.sendAll(layout.cellCount);
  let cell = 0;
  let cellEnd = cellFirstUnit(layout, 1);
  const closeCell = () => {
    const { start, end } = cellRange(layout, cell);
    cells[cell] = tally.view(cell, start, end, true);
    stream.changed(cell);
    tally.reset();
    cell++;
    cellEnd = cellFirstUnit(layout, cell + 1);
  };

  const consume = (block: ReadBlock) => {
    // Blocks are whole units from the range's start (block sizes are multiples of 4096).
    const firstUnit = Number(block.offset - rangeStart) / UNIT_BYTES;
    const bad = block.unreadable.map((lba) => Number(lba - block.lba));
    for (let k = 0, at = 0; at < block.bytes; k++, at += UNIT_BYTES) {
      while (firstUnit + k >= cellEnd) closeCell();
      const unitBad =
        bad.length === 0 ? NONE : badInUnit(bad, k * layout.unitSectors, layout.unitSectors);
      const end = Math.min(at + UNIT_BYTES, block.bytes);
      tallyUnit(tally, classifier, block.data, at, end, unitBad, plan.sectorSize, scratch);
    }
    tracker.blockDone(block);
    stream.flushIfDue();
    return undefined;
  };
  const { source, retries, signal } = context;
  const slots = allocateSharedBlocks(SLOTS_PER_JOB, context.blockBytes).map(viewOf);
  const readsInFlight = READS_IN_FLIGHT;
  await runBlockPipeline({ source, plan, slots, readsInFlight, retries, signal, consume });
  while (cell < layout.cellCount) closeCell();
  stream.flush();
}
