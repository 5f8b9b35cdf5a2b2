// A content map as a job: `quick` samples each cell (map-quick.ts), `full` reads every byte
// (map-full.ts). Either sends every cell at the start, then the cells that change as they do,
// and returns the whole map (electron/shared/content-map has the rules and the layout).

import type { MapCellView, MapImageIdentity, MapMode, MapResult } from '../shared/contract';
import {
  MAP_RULES_VERSION,
  UNIT_BYTES,
  mapLayout,
  quickMapBytes,
  type MapLayout,
} from '../shared/content-map';
import type { EvidenceSource } from '../source';
import type { BlockPlan } from './block-plan';
import type { JobContext } from './job-context';
import { CellStream } from './map-cell-stream';
import { runFullMap } from './map-full';
import { runQuickMap } from './map-quick';

export interface MapJobSpec {
  mode: MapMode;
  cells: number;
  samplesPerCell: number;
}

export function mapImageOf(source: EvidenceSource): MapImageIdentity {
  return {
    format: source.identity.format,
    size: source.geometry.size.toString(),
    logicalSectorSize: source.geometry.logicalSectorSize,
    storedHashes: { ...source.details.storedHashes },
  };
}

export function mapLayoutOf(plan: BlockPlan, cells: number): MapLayout {
  return mapLayout(
    {
      firstLba: plan.firstLba,
      sectorCount: plan.sectorCount,
      sectorSize: plan.sectorSize,
      dataBytes: plan.totalBytes,
    },
    cells,
  );
}

/** The bytes a map job reads, for its progress: all of them, or its samples'. */
export function mapJobBytes(spec: MapJobSpec, plan: BlockPlan): bigint {
  if (spec.mode === 'full') return plan.totalBytes;
  return quickMapBytes(mapLayoutOf(plan, spec.cells), spec.samplesPerCell);
}

export async function runMapJob(
  context: JobContext,
  spec: MapJobSpec,
  image: MapImageIdentity,
  sendCells: (cells: MapCellView[]) => void,
): Promise<MapResult> {
  const { plan, tracker } = context;
  const layout = mapLayoutOf(plan, spec.cells);
  const cells: MapCellView[] = new Array<MapCellView>(layout.cellCount);
  const makeStream = (viewOf: (index: number) => MapCellView) => new CellStream(viewOf, sendCells);
  if (spec.mode === 'full') await runFullMap(context, layout, cells, makeStream);
  else await runQuickMap(context, layout, spec.samplesPerCell, cells, makeStream);
  // Samples are read out of LBA order.
  const badSectors = tracker.badSectors
    .map(BigInt)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map(String);
  return {
    kind: 'map',
    mode: spec.mode,
    image,
    lba: plan.firstLba.toString(),
    count: plan.sectorCount.toString(),
    cells,
    samplesPerCell: spec.mode === 'quick' ? spec.samplesPerCell : null,
    unitBytes: UNIT_BYTES,
    rules: MAP_RULES_VERSION,
    bytes: tracker.bytesDone,
    badSectors,
    seconds: tracker.seconds,
  };
}
