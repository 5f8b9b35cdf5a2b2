// Gives memory back once reads stop: a burst of reads leaves their freed page buffers in the C
// heap, which glibc keeps (the process's resident size stays up) until asked to trim it. A second
// after the last read, the heap is trimmed, after a garbage collection when one can be asked for;
// and once more a little later, for the answers that were still on their way to a slow client.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { trimCHeap } from '../../native-bridge';

/** Quiet time after the last read before memory is given back, the first time and again. */
export const IDLE_TRIM_MS = [1000, 3000];

/**
 * V8's collector, from a fresh context once --expose-gc is set: without it, the buffers of a
 * burst of reads stay garbage until V8 next feels pressure, which an idle server never does.
 */
function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

export class IdleMemory {
  #timers: NodeJS.Timeout[] = [];
  #collect: (() => void) | undefined | null = null;
  /** How often memory was given back, for tests. */
  trims = 0;

  /** A read happened: give memory back once reads have stopped (IDLE_TRIM_MS). */
  touch(): void {
    this.dispose();
    this.#timers = IDLE_TRIM_MS.map((ms) => setTimeout(() => this.#giveBack(), ms).unref());
  }

  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
  }

  #giveBack(): void {
    if (this.#collect === null) this.#collect = collector();
    this.#collect?.();
    trimCHeap();
    this.trims++;
  }
}
