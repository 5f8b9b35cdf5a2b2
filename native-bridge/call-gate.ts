// Limits how many calls of one disk run at once and knows when the last one has returned.
// koffi's async calls share libuv's small thread pool (4 threads by default) with Node's own file
// I/O: a dying disk whose reads each hang for a minute must not occupy all of them. Closing the
// gate refuses new calls at once and tells when the running ones are over, so the descriptor is
// closed only then and a recycled fd number can never be read by a late call.

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

export class CallGate {
  readonly limit: number;
  #running = 0;
  #waiting: Waiter[] = [];
  #closedBy: Error | undefined;
  #whenIdle: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Bad gate limit ${limit}`);
    this.limit = limit;
  }

  get running(): number {
    return this.#running;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.#closedBy) throw this.#closedBy;
    if (this.#running < this.limit) this.#running++;
    else await new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    try {
      return await call();
    } finally {
      this.#release();
    }
  }

  /** Refuses new and queued calls with `error`; resolves once no call is running. */
  close(error: Error): Promise<void> {
    this.#closedBy ??= error;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#whenIdle.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    // The slot passes straight to the next waiter, so the count stays as it is.
    if (next) {
      next.resolve();
      return;
    }
    this.#running--;
    if (this.#running === 0) for (const resolve of this.#whenIdle.splice(0)) resolve();
  }
}
