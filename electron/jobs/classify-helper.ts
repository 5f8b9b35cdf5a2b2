// The job thread's side of the content map's helper thread: hands it a share of a block by
// buffer index (no copy) and gets back the tallies of the cells that share touched.

import type { Worker } from 'node:worker_threads';
import type { CellGrid, TallyPart } from '../shared/content-map';
import type { ClassifyWorkerData, FromClassifyThread, ToClassifyThread } from './classify-thread';
import type { SharedBlockRef } from './shared-block-ref';
import { startJobWorker } from './worker-launch';

export type CellParts = { cell: number; part: TallyPart }[];

export class ClassifyHelper {
  readonly #worker: Worker;
  /** Shares handed over and not yet answered, in order (the thread answers in order). */
  readonly #pending: { resolve: (parts: CellParts) => void; reject: (error: Error) => void }[] = [];
  #failure: Error | undefined;

  constructor(blocks: SharedBlockRef[], grid: CellGrid, sectorSize: number) {
    const data: ClassifyWorkerData = { role: 'classify', blocks, grid, sectorSize };
    this.#worker = startJobWorker(data);
    this.#worker.on('message', (message: FromClassifyThread) => {
      this.#pending.shift()?.resolve(message.parts);
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) => {
      if (this.#pending.length > 0) {
        this.#fail(new Error(`the classifying thread stopped early (exit code ${code})`));
      }
    });
  }

  /** Classifies units [from, to) of the block in buffer `slot`; its cells' tallies. */
  classify(share: Omit<ToClassifyThread, 'type'>): Promise<CellParts> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#worker.postMessage({ type: 'units', ...share } satisfies ToClassifyThread);
    });
  }

  /** Stops the thread at once (it only reads the buffers). */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiter of this.#pending.splice(0)) waiter.reject(error);
  }
}
