// How a disk's owner and its read thread wait for each other between close reads. Spinning
// needs no thread wake-up, which on a virtual machine costs as much as a 4 KiB read, but it only
// pays while each side has a CPU to itself: when other busy threads share the CPUs (a build
// running beside the viewer on 2 cores), a spinning side holds the CPU the other side needs,
// and reads fall to a fraction of the disk's rate. Sleeping costs a wake-up per hand-over but
// leaves the CPU to whoever needs it. The chooser measures what each costs per read, on reads
// that follow each other closely, keeps the cheaper, and tries spinning again from time to time.

export type WaitMode = 'spin' | 'sleep';

/** Reads per measure of a mode. */
export const WINDOW_READS = 256;

/**
 * Spinning costs about 3 us per read when it works and 100 us or more when the CPUs are shared; past
 * this mean, sleeping is measured (or, if it was measured and cost more, spinning stays).
 */
export const SPIN_OVERHEAD_LIMIT_MICROS = 25;

/** A read delayed past this (a preemption) counts as this much: one must not decide a window. */
export const OVERHEAD_CLIP_MICROS = 1000;

/**
 * While sleeping pays, spinning is tried again after this many windows (4,096 reads, a fraction
 * of a second at 4 KiB); while spinning costs more than the limit, a measure of sleeping this old
 * is taken again.
 */
export const RETRY_SPIN_AFTER_WINDOWS = 16;

export class WaitModeChooser {
  #mode: WaitMode = 'spin';
  #sum = 0;
  #reads = 0;
  /** Mean overhead of each mode's latest window, microseconds; NaN until measured. */
  readonly #latest: Record<WaitMode, number> = { spin: Number.NaN, sleep: Number.NaN };
  /** Windows since the mode last changed: how old the other mode's measure is. */
  #windowsInMode = 0;

  get mode(): WaitMode {
    return this.#mode;
  }

  /** The latest measure of each mode, for diagnostics. */
  get latestMicros(): Readonly<Record<WaitMode, number>> {
    return { ...this.#latest };
  }

  /**
   * One read that followed the previous one closely: its time from request to answer seen, less
   * the pread's own time. True when the mode changed.
   */
  record(overheadMicros: number): boolean {
    this.#sum += Math.min(Math.max(overheadMicros, 0), OVERHEAD_CLIP_MICROS);
    this.#reads++;
    if (this.#reads < WINDOW_READS) return false;
    const mean = this.#sum / this.#reads;
    this.#sum = 0;
    this.#reads = 0;
    this.#latest[this.#mode] = mean;
    this.#windowsInMode++;
    const next = this.#mode === 'spin' ? this.#afterSpinning(mean) : this.#afterSleeping(mean);
    if (next === this.#mode) return false;
    this.#mode = next;
    this.#windowsInMode = 0;
    return true;
  }

  #afterSpinning(mean: number): WaitMode {
    if (mean <= SPIN_OVERHEAD_LIMIT_MICROS) return 'spin';
    const sleeping = this.#latest.sleep;
    const sleepingMeasureIsOld = this.#windowsInMode >= RETRY_SPIN_AFTER_WINDOWS;
    return Number.isNaN(sleeping) || sleeping < mean || sleepingMeasureIsOld ? 'sleep' : 'spin';
  }

  #afterSleeping(mean: number): WaitMode {
    // Sleeping measured no cheaper than spinning last did: back at once.
    if (mean >= this.#latest.spin) return 'spin';
    return this.#windowsInMode >= RETRY_SPIN_AFTER_WINDOWS ? 'spin' : 'sleep';
  }
}
