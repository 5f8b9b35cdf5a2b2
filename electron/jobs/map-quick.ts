// The quick content map: a few 4 KiB units of each cell read and classified, a pass at a time
// (one sample of every cell per pass; the first pass coarse to fine), so the whole disk shows
// early and sharpens. Why these samples: electron/shared/content-map/cells.ts.

import type { MapCellView } from '../shared/contract';
import {
  CellTally,
  UNIT_BYTES,
  UnitClassifier,
  cellFirstUnit,
  cellRange,
  firstPassOrder,
  sampleUnit,
  tallyUnit,
  unitSpan,
  type MapLayout,
} from '../shared/content-map';
import { allocateReadBuffer } from '../source';
import { unlessCancelled } from './job-cancelled';
import type { JobContext } from './job-context';
import type { CellStream } from './map-cell-stream';

/**
 * Sample reads queued at once: the reader runs two at a time per disk; two more waiting keep it
 * busy between answers, and let a disk that reorders its queue (NCQ) do so.
 */
export const QUICK_READS_IN_FLIGHT = 4;

interface Sample {
  cell: number;
  unit: number;
}

/** Every sample, in the order they are read. */
function* samplesInOrder(layout: MapLayout, samples: number): Generator<Sample> {
  const first = firstPassOrder(layout.cellCount);
  for (let pass = 0; pass < samples; pass++) {
    for (let k = 0; k < layout.cellCount; k++) {
      const cell = pass === 0 ? (first[k] as number) : k;
      const unit = sampleUnit(layout, cell, pass, samples);
      if (unit >= 0) yield { cell, unit };
    }
  }
}

/** Fills `cells` once every sample is in; `makeStream` gets the view of a cell as it stands. */
export async function runQuickMap(
  context: JobContext,
  layout: MapLayout,
  samples: number,
  cells: MapCellView[],
  makeStream: (viewOf: (index: number) => MapCellView) => CellStream,
): Promise<void> {
  const { source, signal, tracker, plan } = context;
  const { cellCount } = layout;
  // One histogram per cell (samples * 4 KiB at most: 32-bit counts suffice).
  const histograms = new Uint32Array(cellCount * 256);
  const tallies = Array.from(
    { length: cellCount },
    (_, i) => new CellTally(histograms.subarray(i * 256, (i + 1) * 256)),
  );
  const sampled = new Uint8Array(cellCount);
  const classifier = new UnitClassifier();
  const scratch = new Uint8Array(UNIT_BYTES);
  const viewOf = (i: number) => {
    const { start, end } = cellRange(layout, i);
    const units = cellFirstUnit(layout, i + 1) - cellFirstUnit(layout, i);
    return (tallies[i] as CellTally).view(i, start, end, sampled[i] === units);
  };
  const stream = makeStream(viewOf);
  stream.sendAll(cellCount);

  const buffers = Array.from({ length: QUICK_READS_IN_FLIGHT }, () =>
    allocateReadBuffer(UNIT_BYTES),
  );
  const free = buffers.map((_, slot) => slot);
  const order = samplesInOrder(layout, samples);
  const reads: Promise<{ sample: Sample; slot: number; data: Uint8Array; bad: bigint[] }>[] = [];
  const issue = () => {
    while (free.length > 0) {
      const next = order.next();
      if (next.done) return;
      const sample = next.value;
      const slot = free.pop() as number;
      const { offset, bytes } = unitSpan(layout, sample.unit);
      const read = source
        .read(offset, bytes, { into: buffers[slot], retries: context.retries })
        .then((got) => ({
          sample,
          slot,
          data: got.data,
          bad: got.unreadable.map((sector) => sector.lba),
        }));
      // A read left behind by a cancel may still fail; that is no longer anyone's concern.
      read.catch(() => undefined);
      reads.push(read);
    }
  };
  issue();
  for (let index = 0; reads.length > 0; index++) {
    const { sample, slot, data, bad } = await unlessCancelled(
      reads.shift() as Promise<Awaited<(typeof reads)[number]>>,
      signal,
    );
    const unitLba = layout.firstLba + BigInt(sample.unit * layout.unitSectors);
    const indexes = bad.map((lba) => Number(lba - unitLba));
    const tally = tallies[sample.cell] as CellTally;
    tallyUnit(tally, classifier, data, 0, data.length, indexes, plan.sectorSize, scratch);
    sampled[sample.cell] = (sampled[sample.cell] as number) + 1;
    stream.changed(sample.cell);
    tracker.blockDone({
      index,
      lba: unitLba,
      count: layout.unitSectors,
      offset: unitLba * BigInt(plan.sectorSize),
      bytes: data.length,
      slot,
      data,
      unreadable: bad,
    });
    free.push(slot);
    issue();
    stream.flushIfDue();
  }
  stream.flush();
  for (let i = 0; i < cellCount; i++) cells[i] = viewOf(i);
}
