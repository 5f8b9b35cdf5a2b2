// A disk or image opened read-only, serving sectors with aligned, asynchronous preads.

import { CallGate } from './call-gate';
import { EINVAL, EIO } from './constants';
import { openDisk, type OpenOptions } from './disk-opener';
import type { CallResult, Libc } from './libc';
import { NativeDiskError } from './native-disk-error';
import { IoRingReader } from './io-ring/io-ring-reader';
import { QUICK_READ_BYTES, type QuickReader } from './quick-reads';
import { ReadThread } from './read-thread/read-thread';
import { allocateAligned } from './aligned-buffer';
import {
  checkByteRange,
  checkRetries,
  checkSectorRange,
  checkTarget,
  readableBytes,
} from './read-validation';
import {
  readSectorSpan,
  type SectorSource,
  type SectorSpan,
  type SpanBuffers,
} from './sector-span-reader';
import type { DiskInfo, SectorReadResult } from './types';

export type { OpenOptions } from './disk-opener';

/** A pread's outcome as the range reader takes it: bytes read, or minus the errno. */
function preadResult({ result, errno }: CallResult): number {
  return result >= 0 ? result : -(errno > 0 ? errno : EIO);
}

/** A pread already made of a whole range: its result, or minus its errno. */
interface FirstPread {
  offset: bigint;
  length: number;
  result: number;
}

/** How a reader may serve small reads; for tests and for users who must avoid io_uring. */
export interface ReaderTuning {
  /**
   * Whether small reads may go through io_uring (where the kernel offers it, on the main thread);
   * otherwise they take the read thread. Default: yes, unless SECTORSCOPE_IO_URING=0.
   */
  ioRing?: boolean;
}

/** Which fast path serves a reader's small reads, and why io_uring does not when it does not. */
export interface QuickReadPath {
  kind: 'io_uring' | 'read thread' | 'none yet';
  ioRingUnavailable?: string;
}

export interface ReadOptions {
  /** Extra attempts for each sector (I/O unit) that still fails once a range is split; default 1. */
  retries?: number;
}

/**
 * At most this many preads of one disk run at once: small ones on its io_uring or its read
 * thread (which takes one at a time), the others on libuv's thread pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise), which Node's own file I/O also needs: a disk whose reads
 * hang must leave threads free. Further reads wait their turn in the gate.
 */
const PREADS_IN_FLIGHT_PER_DISK = 2;

/** Reads that return a copy do their I/O in a reused buffer of this size when they fit. */
const SCRATCH_BYTES = QUICK_READ_BYTES;

/** Direct I/O alignment no Linux filesystem exceeds in practice; see #mayWidenUnit. */
const WIDEST_DIRECT_IO_UNIT = 4096;

export class DiskReader {
  readonly info: DiskInfo;
  readonly #libc: Libc;
  readonly #fd: number;
  readonly #gate = new CallGate(PREADS_IN_FLIGHT_PER_DISK);
  readonly #readableBytes: bigint;
  /** Offset and length granularity of every pread. */
  #unit: number;
  #closed = false;
  readonly #tuning: ReaderTuning;
  /**
   * The io_uring reader, from the first small read; else the read thread, from a small read once
   * the pool has served one; undefined till then or when neither could start.
   */
  #quick: QuickReader | undefined;
  #ioRingTried = false;
  #ioRingUnavailable: string | undefined;
  #readThreadTried = false;
  readonly #preadCounts = { ioRing: 0, readThread: 0, threadPool: 0 };
  /** Scratch buffers not in use; at most one per read the gate lets run. */
  readonly #spareScratch: Uint8Array[] = [];

  private constructor(libc: Libc, fd: number, info: DiskInfo, tuning: ReaderTuning) {
    this.#libc = libc;
    this.#tuning = tuning;
    this.#fd = fd;
    this.info = Object.freeze({ ...info });
    this.#unit = info.logicalSectorSize;
    this.#readableBytes = readableBytes(info);
  }

  /**
   * Opens a block device or an image file with O_RDONLY | O_DIRECT | O_CLOEXEC (without
   * O_DIRECT, and `info.directIO` false, where the filesystem refuses it). Never any other mode.
   */
  static async open(
    path: string,
    options?: OpenOptions,
    tuning: ReaderTuning = { ioRing: process.env.SECTORSCOPE_IO_URING !== '0' },
  ): Promise<DiskReader> {
    const { libc, fd, info } = await openDisk(path, options);
    return new DiskReader(libc, fd, info, tuning);
  }

  /** Sectors [lba, lba + count) as a fresh copy; media errors become zeros plus `unreadable`. */
  async readSectors(lba: bigint, count: number, options?: ReadOptions): Promise<SectorReadResult> {
    this.#checkOpen();
    checkSectorRange(this.info, lba, count);
    const retries = checkRetries(options?.retries);
    // Decided synchronously: a read that does not take this path enters the gate at once.
    const attempt = this.#readWholeQuickly(lba, count);
    const whole = attempt ? await attempt : null;
    if (whole?.data) return { data: whole.data, unreadable: [] };
    return this.#withScratch(count * this.info.logicalSectorSize, async (scratch) => {
      const span = await this.#read(lba, count, retries, { scratch }, whole?.failed);
      return { data: span.data.slice(), unreadable: span.unreadable };
    });
  }

  /** Any byte range, aligned or not; `unreadable` names the sectors it overlaps that failed. */
  async readBytes(
    offset: bigint,
    length: number,
    options?: ReadOptions,
  ): Promise<SectorReadResult> {
    this.#checkOpen();
    checkByteRange(this.info, offset, length);
    const retries = checkRetries(options?.retries);
    const sectorSize = BigInt(this.info.logicalSectorSize);
    const lba = offset / sectorSize;
    const endLba = (offset + BigInt(length) + sectorSize - 1n) / sectorSize;
    const count = Number(endLba - lba);
    return this.#withScratch(count * this.info.logicalSectorSize, async (scratch) => {
      const span = await this.#read(lba, count, retries, { scratch });
      const skip = Number(offset - lba * sectorSize);
      return { data: span.data.slice(skip, skip + length), unreadable: span.unreadable };
    });
  }

  /**
   * Reads sectors into the start of `target`, which must be 4096-aligned (allocateAligned) and
   * hold count * logicalSectorSize bytes; for jobs that reuse their buffers. Returns the LBAs
   * that stayed unreadable (zero in target).
   */
  async readInto(
    lba: bigint,
    count: number,
    target: Uint8Array,
    options?: ReadOptions,
  ): Promise<bigint[]> {
    this.#checkOpen();
    checkSectorRange(this.info, lba, count);
    checkTarget(target, count * this.info.logicalSectorSize);
    const retries = checkRetries(options?.retries);
    const span = await this.#read(lba, count, retries, { target });
    const inPlace =
      span.data.buffer === target.buffer && span.data.byteOffset === target.byteOffset;
    if (!inPlace) target.set(span.data);
    return span.unreadable;
  }

  /**
   * Refuses new reads at once. The descriptor closes when no pread is running any more; if one
   * hangs on a dying disk, this does not wait for it. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closing = this.#gate
      .close(this.#closedError())
      .then(() => {
        this.#quick?.stop();
        return this.#libc.close(this.#fd);
      })
      .then(
        () => undefined,
        () => undefined,
      );
    if (this.#gate.running === 0) await closing;
  }

  /** How many preads each path has served: small ones take a fast path when it is free. */
  get preadCounts(): Readonly<{ ioRing: number; readThread: number; threadPool: number }> {
    return { ...this.#preadCounts };
  }

  get quickReadPath(): QuickReadPath {
    const kind =
      this.#quick instanceof IoRingReader
        ? 'io_uring'
        : this.#quick instanceof ReadThread
          ? 'read thread'
          : 'none yet';
    const unavailable = this.#ioRingUnavailable;
    return unavailable === undefined ? { kind } : { kind, ioRingUnavailable: unavailable };
  }

  /** How the read thread and this reader wait for each other (wait-mode.ts); none: undefined. */
  get readThreadWaitMode(): ReadThread['waitMode'] | undefined {
    return this.#quick instanceof ReadThread ? this.#quick.waitMode : undefined;
  }

  #closedError(): NativeDiskError {
    return new NativeDiskError('IO', `${this.info.path} is closed: open it again to read from it.`);
  }

  #checkOpen(): void {
    if (this.#closed) throw this.#closedError();
  }

  /**
   * The common read (small, aligned to the I/O unit, before the end, a fast path free) as one
   * pread on the fast path straight into a fresh array, without the general path's layers. null
   * when it does not apply; `failed` when the pread failed, for the general path to go on from.
   */
  #readWholeQuickly(
    lba: bigint,
    count: number,
  ): Promise<{ data?: Uint8Array; failed?: FirstPread } | null> | null {
    const length = count * this.info.logicalSectorSize;
    const offset = lba * BigInt(this.info.logicalSectorSize);
    const unit = BigInt(this.#unit);
    if (length > QUICK_READ_BYTES) return null;
    if (offset % unit !== 0n || BigInt(length) % unit !== 0n) return null;
    if (offset + BigInt(length) > this.#readableBytes) return null;
    const quick = this.#startedQuickReader();
    if (!quick?.canTake(length) || this.#gate.running >= this.#gate.limit) return null;
    let data: Uint8Array | undefined;
    const makeData = () => (data = new Uint8Array(length));
    return this.#gate
      .run(() => this.#preadQuickly(makeData, length, offset))
      .then(
        (outcome) => {
          if (!outcome || !data) return null;
          if (outcome.result === length) return { data };
          // A short read leaves bytes in `data` the general path would not see: it reads again.
          if (outcome.result >= 0) return {};
          return { failed: { offset, length, result: preadResult(outcome) } };
        },
        () => null,
      );
  }

  /**
   * Lends a scratch buffer to a read of `bytes` for the length of `use` (none when it would not
   * fit); the result must not keep a view of it.
   */
  async #withScratch<T>(bytes: number, use: (scratch?: Uint8Array) => Promise<T>): Promise<T> {
    if (bytes > SCRATCH_BYTES) return use(undefined);
    const scratch = this.#spareScratch.pop() ?? allocateAligned(SCRATCH_BYTES);
    try {
      return await use(scratch);
    } finally {
      if (this.#spareScratch.length < PREADS_IN_FLIGHT_PER_DISK) this.#spareScratch.push(scratch);
    }
  }

  /** `first`: the outcome of a first pread of the whole range already made (and failed). */
  async #read(
    lba: bigint,
    count: number,
    retries: number,
    buffers: SpanBuffers,
    first?: FirstPread,
  ): Promise<SectorSpan> {
    let primed = first;
    for (;;) {
      const unit = this.#unit;
      const source = this.#source(unit, primed);
      primed = undefined;
      try {
        return await readSectorSpan(source, lba, count, retries, buffers);
      } catch (error) {
        if (!this.#mayWidenUnit(error, unit)) throw error;
        this.#unit = WIDEST_DIRECT_IO_UNIT;
      }
    }
  }

  /**
   * An image file read with O_DIRECT needs the alignment of the device under its filesystem,
   * which can exceed the sector size the image is viewed with (a 512-sector image on a disk with
   * 4096-byte logical sectors). The kernel answers EINVAL then; read in 4096-byte units from then
   * on. Block devices are always read in their own logical sector size, which the kernel accepts.
   */
  #mayWidenUnit(error: unknown, unit: number): boolean {
    return (
      error instanceof NativeDiskError &&
      error.errno === EINVAL &&
      this.info.kind === 'file' &&
      this.info.directIO &&
      unit < WIDEST_DIRECT_IO_UNIT
    );
  }

  /** With `first`, the source's first pread of exactly that range answers its outcome. */
  #source(unit: number, first?: FirstPread): SectorSource {
    let primed = first;
    return {
      path: this.info.path,
      readableBytes: this.#readableBytes,
      unit,
      sectorSize: this.info.logicalSectorSize,
      pread: (target, length, offset) => {
        const answer = primed;
        primed = undefined;
        if (answer && answer.length === length && answer.offset === offset) {
          return Promise.resolve(answer.result);
        }
        return this.#pread(target, length, offset);
      },
    };
  }

  #pread(target: Uint8Array, length: number, offset: bigint): Promise<number> {
    return this.#gate.run(async () => {
      const outcome =
        (await this.#preadQuickly(target, length, offset)) ??
        (await this.#preadOnThreadPool(target, length, offset));
      return preadResult(outcome);
    });
  }

  /** The pread's outcome, or undefined when no fast path can serve it. */
  async #preadQuickly(target: Uint8Array | (() => Uint8Array), length: number, offset: bigint) {
    // A disk read only in large blocks (a job) never starts a fast path it could not use.
    if (length > QUICK_READ_BYTES) return undefined;
    const quick = this.#startedQuickReader();
    if (!quick?.canTake(length)) return undefined;
    try {
      const outcome = await quick.pread(target, length, offset);
      if (quick instanceof IoRingReader) this.#preadCounts.ioRing++;
      else this.#preadCounts.readThread++;
      return outcome;
    } catch {
      // The read thread died (canTake stays false), or the ring gave this read up: the pool's.
      return undefined;
    }
  }

  #startedQuickReader(): QuickReader | undefined {
    if (this.#quick instanceof IoRingReader && this.#quick.failure !== undefined) {
      // io_uring_enter failed for good: the read thread takes over.
      this.#ioRingUnavailable = this.#quick.failure;
      this.#quick.stop();
      this.#quick = undefined;
    }
    if (!this.#ioRingTried && this.#tuning.ioRing !== false) {
      this.#ioRingTried = true;
      const opened = IoRingReader.open(this.#fd);
      if (opened instanceof IoRingReader) this.#quick = opened;
      else this.#ioRingUnavailable = opened.unavailable;
    }
    // A disk read once (`sectorscope read`, `info`) never needs the thread, and a process that
    // ends at once would wait for it to start (0.1 s): it starts once the pool has served a read.
    if (!this.#quick && !this.#readThreadTried && this.#preadCounts.threadPool > 0) {
      this.#readThreadTried = true;
      try {
        this.#quick = ReadThread.start(this.#fd);
      } catch {
        // No worker bundle (a broken build): the thread pool serves every read.
      }
    }
    return this.#quick;
  }

  async #preadOnThreadPool(target: Uint8Array, length: number, offset: bigint) {
    try {
      const outcome = await this.#libc.pread(this.#fd, target, length, offset);
      this.#preadCounts.threadPool++;
      return outcome;
    } catch (error) {
      if (error instanceof RangeError) throw error;
      // koffi refuses a call when its queue of async calls is full.
      const reason = error instanceof Error ? error.message : String(error);
      throw new NativeDiskError(
        'IO',
        `Cannot start a read of ${this.info.path}: ${reason}. Too many reads may be waiting; ` +
          'try again.',
      );
    }
  }
}
