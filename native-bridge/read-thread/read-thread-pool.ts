// The read threads of one disk: at most `limit`, started when reads need them and kept until the
// disk closes. Every read that io_uring does not serve runs here (see read-thread.ts), so a disk
// whose reads hang blocks its own threads and nothing else: not libuv's pool, not other disks.

import { isShared } from '../aligned-buffer';
import type { CallResult } from '../libc';
import { NativeDiskError } from '../native-disk-error';
import { ReadThread } from './read-thread';
import { READ_THREAD_SLOT_BYTES } from './read-thread-layout';

export class ReadThreadPool {
  readonly #fd: number;
  readonly #limit: number;
  readonly #threads: ReadThread[] = [];
  readonly #busy = new Set<ReadThread>();
  readonly #waiting: (() => void)[] = [];
  #stopped = false;
  #served = 0;

  constructor(fd: number, limit: number) {
    this.#fd = fd;
    this.#limit = limit;
  }

  /** Reads served so far. */
  get served(): number {
    return this.#served;
  }

  /** The first thread, for what it measures about waiting (wait-mode.ts); none yet: undefined. */
  get first(): ReadThread | undefined {
    return this.#threads[0];
  }

  /**
   * Reads up to `length` bytes at `offset` into the start of `target` on a thread of this disk,
   * starting one if none is free. A read longer than a thread's slot needs a target over a
   * SharedArrayBuffer, which the thread fills itself.
   */
  async pread(
    target: Uint8Array | (() => Uint8Array),
    length: number,
    offset: bigint,
  ): Promise<CallResult> {
    const intoShared = typeof target !== 'function' && isShared(target);
    if (!intoShared && length > READ_THREAD_SLOT_BYTES) {
      throw new RangeError(
        `A read of ${length} bytes on a read thread needs a target in a SharedArrayBuffer.`,
      );
    }
    // A thread that dies under a read (it should not) gets one successor to try again.
    for (let attempt = 0; ; attempt++) {
      const thread = await this.#take();
      try {
        const outcome = await thread.pread(target, length, offset);
        this.#served++;
        return outcome;
      } catch (error) {
        if (thread.failure === undefined || attempt > 0) throw error;
      } finally {
        this.#give(thread);
      }
    }
  }

  /** Stops every thread once its current read, if any, returns. */
  stop(): void {
    this.#stopped = true;
    for (const thread of this.#threads) thread.stop();
    for (const wake of this.#waiting.splice(0)) wake();
  }

  /** A thread that is ready and not serving a read, now its caller's until #give. */
  async #take(): Promise<ReadThread> {
    for (;;) {
      if (this.#stopped) {
        throw new NativeDiskError('IO', 'The disk was closed while a read waited for a thread.');
      }
      const thread =
        this.#threads.find((candidate) => !this.#busy.has(candidate)) ?? this.#startThread();
      if (thread) {
        this.#busy.add(thread);
        await thread.ready;
        if (thread.failure === undefined) return thread;
        this.#give(thread);
        throw new NativeDiskError(
          'IO',
          `The disk's read thread could not start: ${thread.failure.message}.`,
        );
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  #startThread(): ReadThread | undefined {
    if (this.#threads.length >= this.#limit) return undefined;
    let thread: ReadThread;
    try {
      thread = ReadThread.start(this.#fd);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new NativeDiskError('IO', `Cannot start a read thread for the disk: ${reason}`);
    }
    this.#threads.push(thread);
    return thread;
  }

  #give(thread: ReadThread): void {
    this.#busy.delete(thread);
    if (thread.failure !== undefined) {
      const index = this.#threads.indexOf(thread);
      if (index >= 0) this.#threads.splice(index, 1);
      thread.stop();
    }
    this.#waiting.shift()?.();
  }
}
