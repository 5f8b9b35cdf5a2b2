// Small reads of one disk through an io_uring that the owner's own thread submits to and polls.
// The kernel completes a read into the ring's memory with no thread of ours woken, and a check
// for it is a load from that memory, so a read costs one syscall and one thread: fio's psync
// loop costs the same. The read thread (read-thread.ts) costs two threads handing reads to each
// other, and on a virtual machine whose host takes CPU time away (steal) or beside a CPU-bound
// process, that handoff made random 4 KiB reads fall to 0.13-0.45 of fio. Waiting follows the
// read thread's rule: on the spot for OWNER_SPIN_MS, then once per event-loop turn for
// OWNER_POLL_MS, then on libuv's thread pool in a read of the ring's eventfd (with a check every
// BACKSTOP_MS in case the pool's threads are all taken), so a read that hangs on a dying disk
// costs next to no CPU and never blocks the event loop.

import { isMainThread } from 'node:worker_threads';
import { allocateAligned, addressOf } from '../aligned-buffer';
import { EAGAIN, EBUSY, EINTR, ENOMEM } from '../constants';
import { describeErrno } from '../errno-text';
import type { CallResult } from '../libc';
import {
  checkRoom,
  OWNER_POLL_MS,
  OWNER_SPIN_MS,
  QUICK_READ_BYTES,
  TurnKeeper,
  type QuickReader,
} from '../quick-reads';
import { IoRing, IoRingUnavailable } from './io-ring';
import { ioRingSyscalls, type IoRingSyscalls } from './io-ring-syscalls';

/** Reads one disk can have on the ring at once: as many as its reader lets run (disk-reader.ts). */
const SLOT_COUNT = 2;

/** With these errnos the ring did not do the read (or could not take it): the pool does it. */
const ECANCELED = 125;
const NOT_DONE_HERE = new Set([EAGAIN, EBUSY, EINTR, ENOMEM, ECANCELED]);

/** How often a reader waiting on its eventfd checks for completions anyway (#armBackstop). */
const BACKSTOP_MS = 10;

/** QUICK_READ_BYTES, aligned for O_DIRECT; the kernel writes here until its read completes. */
interface ReadBuffer {
  buffer: Uint8Array;
  address: bigint;
}

/** A ring and the buffers its reads fill; a reader that stops leaves them to the next one. */
interface RingKit {
  ring: IoRing;
  buffers: ReadBuffer[];
}

interface Slot extends ReadBuffer {
  busy: boolean;
  /** The completion's result (bytes, or minus the errno) once reaped. */
  result: number | undefined;
  /** Resolves the owner's wait, when it waits asynchronously. */
  wake: (() => void) | undefined;
}

/** Why this process cannot use io_uring, once a ring has failed to start; kept for all disks. */
let unavailableReason: string | undefined;

/**
 * Rings of stopped readers, for the next readers to take: setting one up costs little, but a
 * closed ring's memory must be kept (io-ring.ts), so rings are reused instead of closed while
 * no more than this many are idle.
 */
export const MAX_IDLE_RINGS = 4;
const idleKits: RingKit[] = [];

function newKit(sys: IoRingSyscalls): RingKit {
  const ring = IoRing.create(sys);
  try {
    const buffers = Array.from({ length: SLOT_COUNT }, () => {
      const buffer = allocateAligned(QUICK_READ_BYTES);
      return { buffer, address: addressOf(buffer) };
    });
    return { ring, buffers };
  } catch (error) {
    ring.close();
    throw error;
  }
}

export class IoRingReader implements QuickReader {
  readonly #fd: number;
  readonly #kit: RingKit;
  readonly #ring: IoRing;
  readonly #sys: IoRingSyscalls;
  readonly #slots: Slot[];
  readonly #turns = new TurnKeeper();
  #inFlight = 0;
  #stopped = false;
  #failure: string | undefined;
  #pollUntil = 0;
  #pollScheduled = false;
  #waitingForEvent = false;
  /** Whether the pending eventfd wait has been told to return. */
  #eventWaitEnded = false;
  #backstop: NodeJS.Timeout | undefined;
  #released = false;
  readonly #onReleased: (() => void)[] = [];

  private constructor(fd: number, kit: RingKit, sys: IoRingSyscalls) {
    this.#fd = fd;
    this.#kit = kit;
    this.#ring = kit.ring;
    this.#sys = sys;
    this.#slots = kit.buffers.map((buffer) => ({
      ...buffer,
      busy: false,
      result: undefined,
      wake: undefined,
    }));
  }

  /** A reader of `fd`, or why there is none (reads then take the read thread or the pool). */
  static open(fd: number): IoRingReader | { unavailable: string } {
    // A worker thread can be terminated with a read in flight, and its memory, which the kernel
    // would still write to, freed: only the main thread, which lives as long as the process,
    // reads through a ring.
    if (!isMainThread) return { unavailable: 'worker threads read through the read thread' };
    if (unavailableReason !== undefined) return { unavailable: unavailableReason };
    try {
      const sys = ioRingSyscalls();
      return new IoRingReader(fd, idleKits.pop() ?? newKit(sys), sys);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // A kernel without io_uring, or one that forbids it, stays so; out of descriptors or
      // memory, the next disk tries again.
      if (!(error instanceof IoRingUnavailable) || error.lasting) unavailableReason = reason;
      return { unavailable: reason };
    }
  }

  /** Why this reader takes no more reads, once io_uring_enter has failed for good. */
  get failure(): string | undefined {
    return this.#failure;
  }

  canTake(length: number): boolean {
    return (
      !this.#stopped &&
      this.#failure === undefined &&
      length <= QUICK_READ_BYTES &&
      this.#slots.some((slot) => !slot.busy)
    );
  }

  async pread(
    target: Uint8Array | (() => Uint8Array),
    length: number,
    offset: bigint,
  ): Promise<CallResult> {
    const tag = this.#slots.findIndex((slot) => !slot.busy);
    const slot = this.#slots[tag];
    if (!slot || !this.canTake(length)) throw new Error('The ring cannot take this read now.');
    if (typeof target !== 'function') checkRoom(target, length);
    slot.busy = true;
    slot.result = undefined;
    const taken = this.#ring.submitRead(this.#fd, slot.address, length, offset, tag);
    if (taken !== 1) {
      slot.busy = false;
      if (!NOT_DONE_HERE.has(-taken))
        this.#failure = `io_uring_enter failed: ${describeErrno(-taken)}`;
      throw new Error(`The ring did not take the read (${taken}).`);
    }
    this.#inFlight++;
    let made: { into: Uint8Array } | { failure: unknown };
    try {
      made = { into: typeof target === 'function' ? target() : target };
    } catch (failure) {
      made = { failure };
    }
    let result: number;
    try {
      // The slot stays this read's until it completes, whatever happened meanwhile.
      result = await this.#completion(slot);
    } finally {
      slot.busy = false;
      slot.result = undefined;
    }
    if ('failure' in made) throw made.failure;
    if (result < 0 && NOT_DONE_HERE.has(-result)) {
      throw new Error(`The ring gave up the read (errno ${-result}).`);
    }
    checkRoom(made.into, length);
    if (result > 0) made.into.set(slot.buffer.subarray(0, result));
    return result >= 0 ? { result, errno: 0 } : { result: -1, errno: -result };
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#closeWhenIdle();
  }

  /**
   * Settles once a stopped reader has left its ring to the next one (or closed it): after its
   * last read and after its wait on the pool returns, which may be a turn of the loop later.
   */
  whenReleased(): Promise<void> {
    if (this.#released) return Promise.resolve();
    return new Promise((resolve) => this.#onReleased.push(resolve));
  }

  #completion(slot: Slot): number | Promise<number> {
    const started = performance.now();
    const mustTurn = this.#turns.mustTurn(started);
    const spinUntil = mustTurn ? started : started + OWNER_SPIN_MS;
    this.#reap();
    while (slot.result === undefined && performance.now() < spinUntil) {
      // A fast disk answers within this bound; an answer seen here costs no event-loop turn.
      this.#reap();
    }
    if (slot.result !== undefined && !mustTurn) {
      this.#turns.answeredWithoutTurn(started);
      return slot.result;
    }
    return new Promise((resolve) => {
      slot.wake = () => resolve(slot.result ?? Number.NaN);
      this.#pollUntil = Math.max(this.#pollUntil, started + OWNER_POLL_MS);
      this.#schedulePoll();
    });
  }

  /** Records every completion posted so far in its slot. */
  #reap(): void {
    this.#ring.reap((tag, result) => {
      const slot = this.#slots[tag];
      if (!slot?.busy || slot.result !== undefined) return;
      slot.result = result;
      this.#inFlight--;
    });
  }

  /** Resolves the waits whose reads have completed; whether any wait is left. */
  #wakeCompleted(): boolean {
    let waiting = false;
    for (const slot of this.#slots) {
      if (!slot.wake) continue;
      if (slot.result === undefined) {
        waiting = true;
        continue;
      }
      const wake = slot.wake;
      slot.wake = undefined;
      wake();
    }
    return waiting;
  }

  /**
   * Reaps, resolves the waits whose reads have completed, and releases the ring once stopped and
   * idle; whether a wait is left. Callbacks scheduled before the release do nothing after it: the
   * ring may serve another reader by then.
   */
  #settle(): boolean {
    if (this.#released) return false;
    this.#reap();
    const waiting = this.#wakeCompleted();
    // The eventfd wait lasts only while a read waits; left pending, it would hold a pool thread
    // (and keep the process alive) until this ring's next completion.
    if (!waiting && this.#waitingForEvent) this.#endEventWait();
    if (this.#stopped) this.#closeWhenIdle();
    return waiting;
  }

  #schedulePoll(): void {
    if (this.#pollScheduled) return;
    this.#pollScheduled = true;
    setImmediate(() => {
      this.#pollScheduled = false;
      if (!this.#settle()) return;
      if (performance.now() < this.#pollUntil) this.#schedulePoll();
      else this.#waitForEvent();
    });
  }

  /** Sleeps on the pool until the kernel posts a completion; only one such wait at a time. */
  #waitForEvent(): void {
    if (this.#waitingForEvent) return;
    this.#waitingForEvent = true;
    this.#eventWaitEnded = false;
    this.#armBackstop();
    const after = (result: number) => {
      this.#waitingForEvent = false;
      clearTimeout(this.#backstop);
      if (!this.#settle()) return;
      // A failed wait (a signal on that pool thread) is tried again, not in a tight loop.
      if (result < 0) setTimeout(() => this.#waitForEvent(), 1);
      else this.#waitForEvent();
    };
    this.#sys.waitForEvent(this.#ring.eventFd).then(after, () => after(-1));
  }

  /**
   * While the eventfd wait is pending, checks now and then anyway: that wait needs a free thread
   * of libuv's pool, and other disks' hanging reads may hold them all.
   */
  #armBackstop(): void {
    this.#backstop = setTimeout(() => {
      this.#settle();
      if (this.#waitingForEvent && !this.#released) this.#armBackstop();
    }, BACKSTOP_MS);
    this.#backstop.unref();
  }

  /** Makes the pending eventfd wait return (once per wait). */
  #endEventWait(): void {
    if (this.#eventWaitEnded) return;
    this.#eventWaitEnded = true;
    this.#sys.signalEvent(this.#ring.eventFd);
  }

  /**
   * Once no read is in flight and no wait on the pool is left, leaves the ring to the next reader,
   * or closes it when enough are idle.
   */
  #closeWhenIdle(): void {
    if (this.#inFlight > 0 || this.#released) return;
    if (this.#waitingForEvent) {
      this.#endEventWait();
      return;
    }
    this.#released = true;
    clearTimeout(this.#backstop);
    if (idleKits.length < MAX_IDLE_RINGS) idleKits.push(this.#kit);
    else this.#ring.close();
    for (const resolve of this.#onReleased.splice(0)) resolve();
  }
}
