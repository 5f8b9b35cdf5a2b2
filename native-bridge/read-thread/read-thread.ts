// A disk's own read thread: a worker that makes blocking preads of the disk's descriptor, one at
// a time, and hands the bytes back through shared memory: small reads through its slot, large
// ones (a job's blocks) straight into a SharedArrayBuffer of the owner's. Every read of a disk
// that io_uring does not serve runs on such a thread, never on libuv's pool, which file system
// calls and other disks share: a disk whose reads hang holds only its own threads. A koffi async
// call goes through libuv's thread pool, whose wake-ups (a sleeping pool thread, then the
// sleeping event loop) cost about 20 us per call on a virtual machine: for random 4 KiB reads
// that is 0.62 of what the disk does for fio. Here both sides stay awake between close calls
// (see READ_THREAD_SPIN_MICROS, OWNER_SPIN_MS and OWNER_POLL_MS) while that pays, and sleep
// between them while other busy threads share the CPUs (wait-mode.ts). A read that hangs blocks
// only this thread: the owner's event loop waits on the spot for at most OWNER_SPIN_MS, then
// asynchronously.

import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { isShared } from '../aligned-buffer';
import type { CallResult } from '../libc';
import { startWorkerScript } from '../worker-script';
import {
  checkRoom,
  OWNER_POLL_MS,
  OWNER_SPIN_MS,
  TurnKeeper,
  type QuickReader,
} from '../quick-reads';
import {
  allocateReadThreadMemory,
  READ_THREAD_SLOT_BYTES,
  READ_THREAD_SPIN_MICROS,
  SLOT_TARGET,
  STOP_REQUEST,
  viewReadThreadMemory,
  WORD,
  type AttachMessage,
  type ReadThreadViews,
} from './read-thread-layout';
import type { ReadThreadData } from './read-thread-worker';
import { WaitModeChooser, type WaitMode } from './wait-mode';

/** A read posted within this time of the previous answer follows it closely (wait-mode.ts). */
const CLOSE_READ_GAP_MS = READ_THREAD_SPIN_MICROS / 1000;

/** Request numbers stay positive int32s, as the control words hold them (-1 is STOP_REQUEST). */
const MAX_SEQUENCE = 2 ** 31 - 1;

/** Attached buffers a thread keeps at most; beyond that the oldest is forgotten. */
const MAX_ATTACHED = 16;

export class ReadThread implements QuickReader {
  readonly #worker: Worker;
  readonly #views: ReadThreadViews;
  readonly #attachments: MessagePort;
  /** Shared buffers the thread reads into directly, by number, oldest first. */
  readonly #attached = new Map<SharedArrayBuffer, number>();
  #nextAttachment = 1;
  readonly #ready: Promise<void>;
  #sequence = 0;
  #busy = false;
  #stopped = false;
  /** Why the thread can serve no more reads (it failed to start, or died). */
  #failure: Error | undefined;
  readonly #waitMode: WaitModeChooser;
  #lastAnswerAt = Number.NEGATIVE_INFINITY;
  readonly #turns = new TurnKeeper();
  /** Reasons the thread keeps its owner's event loop alive: loading, an owner waiting. */
  #holds = 1;
  #loading = true;

  private constructor(
    worker: Worker,
    views: ReadThreadViews,
    attachments: MessagePort,
    waitMode: WaitModeChooser,
  ) {
    this.#worker = worker;
    this.#views = views;
    this.#attachments = attachments;
    this.#waitMode = waitMode;
    let settleReady!: () => void;
    this.#ready = new Promise((resolve) => (settleReady = resolve));
    // The thread must not keep a process (the CLI, a test) alive by itself once it serves reads;
    // an owner waiting for an answer in Atomics.waitAsync holds it, since that wait alone would
    // not. Until then it does: a thread stopped while koffi's native module initialises aborts
    // the whole process (node-addon-api's napi_throw fails in a stopping thread).
    const ready = Atomics.waitAsync(views.control, WORD.ready, 0);
    if (ready.async) void ready.value.then(() => this.#loaded(settleReady));
    else this.#loaded(settleReady);
    const fail = (error: Error) => {
      this.#loaded(settleReady);
      this.#failure ??= error;
      // Wakes an owner waiting in Atomics.waitAsync, which then sees the failure.
      Atomics.notify(this.#views.control, WORD.done);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the read thread ended (exit code ${code})`)));
  }

  /** Starts a thread that reads `fd`; it takes reads once it is ready (canTake). */
  static start(fd: number, waitMode = new WaitModeChooser()): ReadThread {
    const memory = allocateReadThreadMemory();
    const views = viewReadThreadMemory(memory);
    Atomics.store(views.control, WORD.spinMicros, threadSpinMicros(waitMode.mode));
    const { port1, port2 } = new MessageChannel();
    const data: ReadThreadData = { fd, memory, attachments: port2 };
    const worker = startWorkerScript(
      { dir: __dirname, bundled: 'read-thread.cjs', source: 'read-thread-worker.ts' },
      data,
      [port2],
    );
    // The port must not keep the owner's process alive.
    port1.unref();
    return new ReadThread(worker, views, port1, waitMode);
  }

  /** Settles once the thread takes reads, or has failed to start (then canTake stays false). */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** Why the thread serves no more reads, once it failed or ended; undefined while it can. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** How the two sides wait for each other now, and what each way cost when last measured. */
  get waitMode(): { mode: WaitMode; latestMicros: Readonly<Record<WaitMode, number>> } {
    return { mode: this.#waitMode.mode, latestMicros: this.#waitMode.latestMicros };
  }

  /**
   * Whether a pread of `length` bytes can start on this thread now: into the slot (up to its
   * size), or with `intoShared`, straight into an array over a SharedArrayBuffer (any length).
   */
  canTake(length: number, intoShared = false): boolean {
    return (
      !this.#busy &&
      !this.#stopped &&
      this.#failure === undefined &&
      (intoShared || length <= READ_THREAD_SLOT_BYTES) &&
      Atomics.load(this.#views.control, WORD.ready) === 1
    );
  }

  /**
   * See QuickReader.pread; rejects once the thread has died. A `target` over a SharedArrayBuffer
   * is filled by the thread itself (no copy, any length); any other goes through the slot.
   */
  async pread(
    target: Uint8Array | (() => Uint8Array),
    length: number,
    offset: bigint,
  ): Promise<CallResult> {
    const direct = typeof target !== 'function' && isShared(target);
    if (!this.canTake(length, direct))
      throw new Error('The read thread cannot take this read now.');
    if (typeof target !== 'function') checkRoom(target, length);
    const { control, slot } = this.#views;
    this.#busy = true;
    try {
      const posted = performance.now();
      // A read that fits no slot takes milliseconds: neither side spins for it.
      const small = length <= READ_THREAD_SLOT_BYTES;
      const mode = small ? this.#waitMode.mode : 'sleep';
      Atomics.store(control, WORD.spinMicros, threadSpinMicros(mode));
      const sequence = (this.#sequence % MAX_SEQUENCE) + 1;
      Atomics.store(this.#views.offset, 0, offset);
      Atomics.store(control, WORD.length, length);
      if (direct) {
        Atomics.store(control, WORD.target, this.#attach(target.buffer as SharedArrayBuffer));
        Atomics.store(control, WORD.targetOffset, target.byteOffset);
      } else {
        Atomics.store(control, WORD.target, SLOT_TARGET);
      }
      this.#sequence = sequence;
      Atomics.store(control, WORD.request, sequence);
      if (Atomics.load(control, WORD.sleeping) === 1) Atomics.notify(control, WORD.request);
      let made: { into: Uint8Array } | { failure: unknown };
      try {
        made = { into: typeof target === 'function' ? target() : target };
      } catch (failure) {
        made = { failure };
      }
      // The slot stays this read's until it is served, whatever happened meanwhile.
      await this.#served(sequence, mode);
      if (small) this.#measure(posted);
      if ('failure' in made) throw made.failure;
      checkRoom(made.into, length);
      const result = Atomics.load(control, WORD.result);
      if (result > 0 && !direct) made.into.set(slot.subarray(0, result));
      return { result, errno: result < 0 ? Atomics.load(control, WORD.errno) : 0 };
    } finally {
      this.#busy = false;
    }
  }

  /** Ends the thread once its current read, if any, returns. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    Atomics.store(this.#views.control, WORD.request, STOP_REQUEST);
    Atomics.notify(this.#views.control, WORD.request);
    this.#attachments.close();
  }

  /** The buffer's number on the thread, attaching it (and forgetting the oldest) if new. */
  #attach(buffer: SharedArrayBuffer): number {
    const known = this.#attached.get(buffer);
    if (known !== undefined) return known;
    if (this.#attached.size >= MAX_ATTACHED) {
      const [oldest, id] = this.#attached.entries().next().value as [SharedArrayBuffer, number];
      this.#attached.delete(oldest);
      this.#post({ forget: id });
    }
    const id = this.#nextAttachment++;
    this.#attached.set(buffer, id);
    this.#post({ attach: id, buffer });
    return id;
  }

  #post(message: AttachMessage): void {
    this.#attachments.postMessage(message);
  }

  #loaded(settleReady: () => void): void {
    if (!this.#loading) return;
    this.#loading = false;
    settleReady();
    this.#release();
  }

  #hold(): void {
    if (this.#holds++ === 0) this.#worker.ref();
  }

  #release(): void {
    if (--this.#holds === 0) this.#worker.unref();
  }

  /** Tells the chooser what waiting cost this read, if it followed the previous one closely. */
  #measure(posted: number): void {
    const answered = performance.now();
    const followed = posted - this.#lastAnswerAt <= CLOSE_READ_GAP_MS;
    this.#lastAnswerAt = answered;
    if (!followed) return;
    const preadMicros = Atomics.load(this.#views.control, WORD.preadMicros);
    this.#waitMode.record((answered - posted) * 1000 - preadMicros);
  }

  #served(sequence: number, mode: WaitMode): Promise<void> {
    const { control } = this.#views;
    const started = performance.now();
    const mustTurn = this.#turns.mustTurn(started);
    const spinning = mode === 'spin';
    const spinUntil = spinning && !mustTurn ? started + OWNER_SPIN_MS : started;
    while (Atomics.load(control, WORD.done) !== sequence && performance.now() < spinUntil) {
      // A fast disk answers within this bound; an answer seen here costs no event-loop turn.
    }
    if (!mustTurn && Atomics.load(control, WORD.done) === sequence) {
      this.#turns.answeredWithoutTurn(started);
      return Promise.resolve();
    }
    const pollUntil = spinning ? started + OWNER_POLL_MS : started;
    return new Promise((resolve, reject) => {
      const check = () => {
        if (Atomics.load(control, WORD.done) === sequence) {
          resolve();
        } else if (this.#failure) {
          reject(this.#failure);
        } else if (performance.now() < pollUntil) {
          setImmediate(check);
        } else {
          // Same handshake as the thread's `sleeping`: the answer notifies once it sees this.
          Atomics.store(control, WORD.ownerWaiting, 1);
          // Waits for `done` to change from what it holds now (not from sequence - 1: a request
          // that failed to post leaves it further behind, and waiting for a value it does not
          // hold would return at once, again and again).
          const seen = Atomics.load(control, WORD.done);
          const waiting = seen === sequence ? null : Atomics.waitAsync(control, WORD.done, seen);
          if (!waiting?.async) {
            Atomics.store(control, WORD.ownerWaiting, 0);
            check();
            return;
          }
          this.#hold();
          void waiting.value.then(() => {
            Atomics.store(control, WORD.ownerWaiting, 0);
            this.#release();
            check();
          });
        }
      };
      if (spinning || mustTurn) {
        setImmediate(check);
      } else {
        this.#turns.answeredWithoutTurn(started);
        check();
      }
    });
  }
}

function threadSpinMicros(mode: WaitMode): number {
  return mode === 'spin' ? READ_THREAD_SPIN_MICROS : 0;
}
