// Progress of a job: bytes done, the rate over the last few seconds, the time left, and at most
// one report per interval so that a fast disk does not flood the renderer.

import type { JobProgress } from '../shared/contract';

/** The rate is measured over this much recent time. */
const RATE_WINDOW_MS = 3000;

export class ProgressMeter {
  readonly #total: bigint;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #samples: { at: number; bytes: bigint }[] = [];
  #done = 0n;
  #badSectors = 0;
  #lastReport = -Infinity;

  constructor(total: bigint, intervalMs = 100, now: () => number = () => performance.now()) {
    this.#total = total;
    this.#intervalMs = intervalMs;
    this.#now = now;
    this.#samples.push({ at: now(), bytes: 0n });
  }

  /** Records progress; returns a report when one is due (at most one per interval). */
  advance(bytes: number, badSectors: number): JobProgress | null {
    this.#done += BigInt(bytes);
    this.#badSectors += badSectors;
    const at = this.#now();
    this.#samples.push({ at, bytes: this.#done });
    while (this.#samples.length > 2 && at - (this.#samples[1]?.at ?? at) >= RATE_WINDOW_MS) {
      this.#samples.shift();
    }
    if (at - this.#lastReport < this.#intervalMs) return null;
    this.#lastReport = at;
    return this.snapshot();
  }

  snapshot(): JobProgress {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    const seconds = first && last ? (last.at - first.at) / 1000 : 0;
    const rate = first && last && seconds > 0 ? Number(last.bytes - first.bytes) / seconds : 0;
    const left = this.#total - this.#done;
    return {
      bytesDone: this.#done.toString(),
      bytesTotal: this.#total.toString(),
      rate,
      secondsLeft: left === 0n ? 0 : rate > 0 ? Number(left) / rate : null,
      badSectors: this.#badSectors,
    };
  }
}
