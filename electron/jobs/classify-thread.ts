// The helper thread of a full content map: classifies the share of each block the job thread
// names, over the shared block buffers (no copy), and answers with the tally of every cell that
// share touched; the job thread merges them into its own. Loads no native module (see
// job-worker.ts): it only reads the buffers.

import type { MessagePort } from 'node:worker_threads';
import {
  OpenTallies,
  UNIT_BYTES,
  UnitClassifier,
  tallyBlockUnits,
  type CellGrid,
  type TallyPart,
} from '../shared/content-map';
import { viewOf, type SharedBlockRef } from './shared-block-ref';

export interface ClassifyWorkerData {
  role: 'classify';
  blocks: SharedBlockRef[];
  grid: CellGrid;
  sectorSize: number;
}

/** Units [from, to) of the block in buffer `slot`; see BlockUnits for the rest. */
export type ToClassifyThread = {
  type: 'units';
  slot: number;
  bytes: number;
  firstUnit: number;
  bad: number[];
  from: number;
  to: number;
};

export type FromClassifyThread = { type: 'tallies'; parts: { cell: number; part: TallyPart }[] };

export function serveClassify(data: ClassifyWorkerData, port: MessagePort): void {
  const views = data.blocks.map(viewOf);
  const classifier = new UnitClassifier();
  const scratch = new Uint8Array(UNIT_BYTES);
  const tallies = new OpenTallies();
  port.on('message', (message: ToClassifyThread) => {
    const block = { ...message, data: views[message.slot] as Uint8Array };
    tallyBlockUnits(
      block,
      message.from,
      message.to,
      data.grid,
      data.sectorSize,
      tallies.of,
      classifier,
      scratch,
    );
    const parts = tallies.entries().map(([cell, tally]) => ({ cell, part: tally.part() }));
    for (const { cell } of parts) tallies.release(cell);
    port.postMessage({ type: 'tallies', parts } satisfies FromClassifyThread);
  });
}
