// What the two fast paths for small reads share (an io_uring polled from the owner's thread, and
// the disk's read thread): their interface, their size limit, and how the owner waits for them.

import type { CallResult } from './libc';

/** Reads up to this many bytes take a fast path; longer ones go to the thread pool. */
export const QUICK_READ_BYTES = 128 * 1024;

/**
 * The owner first waits for the answer on the spot, for at most this long: an event-loop turn
 * costs 1-2 us, a twentieth of a fast 4 KiB read. A read that takes longer is waited for
 * without blocking; a chain of reads answered on the spot gives the loop a turn every
 * MAX_MS_WITHOUT_TURN.
 */
export const OWNER_SPIN_MS = 0.05;

/**
 * Then the owner checks for the answer once per event-loop turn for this long, keeping its loop
 * (and CPU) awake instead of sleeping until woken; then it sleeps until told, so a read that
 * hangs on a dying disk costs no CPU.
 */
export const OWNER_POLL_MS = 0.5;

/**
 * Reads answered without an event-loop turn (on the spot, or by promise jobs) give the loop a turn
 * after this long, so that a chain of awaited reads cannot hold back other events (IPC, timers).
 */
export const MAX_MS_WITHOUT_TURN = 1;

export interface QuickReader {
  /** Whether a pread of `length` bytes can start now. */
  canTake(length: number): boolean;
  /**
   * Reads up to `length` bytes at `offset` into the start of `target`; only when canTake. A
   * function for `target` is called once the read has started, so that making a fresh array
   * (about 1 us for 4 KiB: V8 allocates its memory outside the heap) overlaps the disk's work.
   * Rejects when this path cannot serve the read after all: the thread pool then serves it.
   */
  pread(
    target: Uint8Array | (() => Uint8Array),
    length: number,
    offset: bigint,
  ): Promise<CallResult>;
  /** Releases what the reader holds once its reads are over. Call when no read is running. */
  stop(): void;
}

/** Keeps the MAX_MS_WITHOUT_TURN rule for one owner. */
export class TurnKeeper {
  /** Since when reads have been answered with no event-loop turn; undefined after a turn. */
  #noTurnSince: number | undefined;

  /** Whether the next answer must wait for an event-loop turn. */
  mustTurn(now: number): boolean {
    return this.#noTurnSince !== undefined && now - this.#noTurnSince >= MAX_MS_WITHOUT_TURN;
  }

  /** Notes an answer taken without an event-loop turn; a turn clears it. */
  answeredWithoutTurn(now: number): void {
    if (this.#noTurnSince !== undefined) return;
    this.#noTurnSince = now;
    setImmediate(() => {
      this.#noTurnSince = undefined;
    });
  }
}

/** Throws when `target` cannot hold `length` bytes. */
export function checkRoom(target: Uint8Array, length: number): void {
  if (length > target.length)
    throw new RangeError(`pread of ${length} bytes into ${target.length}`);
}
