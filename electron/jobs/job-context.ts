// What every job running in a worker gets: the open disk, the plan of blocks, the cancel signal,
// and a tracker that counts bytes and unreadable sectors and reports progress.

import type { JobProgress } from '../shared/contract';
import type { BlockPlan } from './block-plan';
import type { BlockSource, ReadBlock } from './block-pipeline';
import { ProgressMeter } from './progress-meter';

export interface JobContext {
  source: BlockSource;
  plan: BlockPlan;
  retries: number;
  blockBytes: number;
  signal: AbortSignal;
  tracker: JobTracker;
}

/** Buffers per job: two reads in flight, one block being processed, one for the helper's lag. */
export const SLOTS_PER_JOB = 4;
export const READS_IN_FLIGHT = 2;

export class JobTracker {
  readonly #meter: ProgressMeter;
  readonly #report: (progress: JobProgress) => void;
  readonly #badSectors: bigint[] = [];
  readonly #started = performance.now();

  constructor(totalBytes: bigint, report: (progress: JobProgress) => void) {
    this.#meter = new ProgressMeter(totalBytes);
    this.#report = report;
  }

  /** Counts a processed block; reports progress when due (at most ten times a second). */
  blockDone(block: ReadBlock): void {
    this.#badSectors.push(...block.unreadable);
    const progress = this.#meter.advance(block.bytes, block.unreadable.length);
    if (progress) this.#report(progress);
  }

  /** The last word on progress, sent just before the result. */
  finalProgress(): void {
    this.#report(this.#meter.snapshot());
  }

  /** LBAs that stayed unreadable, ascending, as decimal strings. */
  get badSectors(): string[] {
    return this.#badSectors.map(String);
  }

  get bytesDone(): string {
    return this.#meter.snapshot().bytesDone;
  }

  get seconds(): number {
    return (performance.now() - this.#started) / 1000;
  }
}
