// A disk or image opened read-only, serving sectors with aligned, asynchronous preads: small
// ones through io_uring on the owner's thread where the kernel offers it, every other one on the
// disk's own read threads (never on libuv's pool, which file system calls and other disks share).

import { CallGate } from './call-gate';
import { EINVAL, EIO } from './constants';
import { openDisk, type OpenOptions } from './disk-opener';
import { GONE_ERRNOS, goneReason, type OpenedIdentity } from './disk-presence';
import type { CallResult, Libc } from './libc';
import { NativeDiskError } from './native-disk-error';
import { IoRingReader } from './io-ring/io-ring-reader';
import { QUICK_READ_BYTES } from './quick-reads';
import type { ReadThread } from './read-thread/read-thread';
import { ReadThreadPool } from './read-thread/read-thread-pool';
import { allocateAligned, allocateAlignedShared, isShared } from './aligned-buffer';
import { describeErrno } from './errno-text';
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
import type { DiskInfo, SectorReadResult, UnreadableSectors } from './types';

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
   * otherwise they take the disk's read threads. Default: yes, unless SECTORSCOPE_IO_URING=0.
   */
  ioRing?: boolean;
}

/** Which path serves a reader's small reads, and why io_uring does not when it does not. */
export interface QuickReadPath {
  kind: 'io_uring' | 'read thread' | 'none yet';
  ioRingUnavailable?: string;
}

export interface ReadOptions {
  /** Extra attempts for each sector (I/O unit) that still fails once a range is split; default 1. */
  retries?: number;
}

/**
 * At most this many preads of one disk run at once, on its io_uring or its read threads (as many
 * threads as this, each taking one read at a time). Further reads wait their turn in the gate.
 */
const PREADS_IN_FLIGHT_PER_DISK = 2;

/** Reads that return a copy do their I/O in a reused buffer of this size when they fit. */
const SCRATCH_BYTES = QUICK_READ_BYTES;

/** Larger reads reuse a shared buffer (which a read thread fills in place) rounded up to this. */
const LARGE_SCRATCH_STEP = 1024 * 1024;

/** See DiskReader.preadsRunning. */
let preadsRunning = 0;

/** Direct I/O alignment no Linux filesystem exceeds in practice; see #mayWidenUnit. */
const WIDEST_DIRECT_IO_UNIT = 4096;

export class DiskReader {
  readonly info: DiskInfo;
  readonly #libc: Libc;
  readonly #fd: number;
  readonly #gate = new CallGate(PREADS_IN_FLIGHT_PER_DISK);
  /**
   * Reads that use a scratch buffer, at once: the others wait here holding nothing, so that
   * thousands of queued reads do not each hold a buffer (only one per pread that can run).
   */
  readonly #scratchReads = new CallGate(PREADS_IN_FLIGHT_PER_DISK);
  readonly #readableBytes: bigint;
  /** Offset and length granularity of every pread. */
  #unit: number;
  #closed = false;
  readonly #tuning: ReaderTuning;
  /** The io_uring reader, from the first small read, where the kernel and thread allow one. */
  #ring: IoRingReader | undefined;
  #ioRingTried = false;
  #ioRingUnavailable: string | undefined;
  readonly #threads: ReadThreadPool;
  #ringReads = 0;
  /** Scratch buffers not in use; at most one per read the gate lets run. */
  readonly #spareScratch: Uint8Array[] = [];
  /** Shared scratch buffers for larger reads, not in use. */
  readonly #spareLargeScratch: Uint8Array[] = [];

  readonly #opened: OpenedIdentity;

  private constructor(
    libc: Libc,
    fd: number,
    info: DiskInfo,
    opened: OpenedIdentity,
    tuning: ReaderTuning,
  ) {
    this.#libc = libc;
    this.#opened = opened;
    this.#tuning = tuning;
    this.#fd = fd;
    this.info = Object.freeze({ ...info });
    this.#unit = info.logicalSectorSize;
    this.#readableBytes = readableBytes(info);
    this.#threads = new ReadThreadPool(fd, PREADS_IN_FLIGHT_PER_DISK);
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
    const { libc, fd, info, rdev } = await openDisk(path, options);
    return new DiskReader(libc, fd, info, { rdev }, tuning);
  }

  /** Sectors [lba, lba + count) as a fresh copy; media errors become zeros plus `unreadable`. */
  async readSectors(lba: bigint, count: number, options?: ReadOptions): Promise<SectorReadResult> {
    this.#checkOpen();
    checkSectorRange(this.info, lba, count);
    const retries = checkRetries(options?.retries);
    // Decided synchronously: a read that does not take this path enters the gate at once.
    const attempt = this.#readWholeQuickly(lba, count);
    const whole = attempt ? await attempt : null;
    if (whole?.data) return { data: whole.data, unreadable: [], unreadableErrnos: [] };
    return this.#withScratch(count * this.info.logicalSectorSize, async (scratch) => {
      const span = await this.#read(lba, count, retries, { scratch }, whole?.failed);
      return { ...unreadableOf(span), data: span.data.slice() };
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
      return { ...unreadableOf(span), data: span.data.slice(skip, skip + length) };
    });
  }

  /**
   * Reads sectors into the start of `target`, which must be 4096-aligned (allocateAligned) and
   * hold count * logicalSectorSize bytes; for jobs that reuse their buffers. A target in a
   * SharedArrayBuffer (allocateAlignedShared) is filled by the read thread itself, with no copy.
   * Returns the sectors that stayed unreadable (zero in target).
   */
  async readInto(
    lba: bigint,
    count: number,
    target: Uint8Array,
    options?: ReadOptions,
  ): Promise<UnreadableSectors> {
    this.#checkOpen();
    const bytes = count * this.info.logicalSectorSize;
    checkSectorRange(this.info, lba, count);
    checkTarget(target, bytes);
    const retries = checkRetries(options?.retries);
    if (bytes > QUICK_READ_BYTES && !isShared(target)) {
      return this.#withScratch(bytes, async (scratch) => {
        const span = await this.#read(lba, count, retries, { scratch });
        target.set(span.data);
        return unreadableOf(span);
      });
    }
    const span = await this.#read(lba, count, retries, { target });
    const inPlace =
      span.data.buffer === target.buffer && span.data.byteOffset === target.byteOffset;
    if (!inPlace) target.set(span.data);
    return unreadableOf(span);
  }

  /**
   * Refuses new reads at once. The descriptor closes when no pread is running any more; if one
   * hangs on a dying disk, this does not wait for it. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    void this.#scratchReads.close(this.#closedError());
    const closing = this.#gate
      .close(this.#closedError())
      .then(() => {
        this.#ring?.stop();
        this.#threads.stop();
        return this.#libc.close(this.#fd);
      })
      .then(
        () => undefined,
        () => undefined,
      );
    if (this.#gate.running === 0) await closing;
  }

  /** How many preads each path has served. */
  get preadCounts(): Readonly<{ ioRing: number; readThread: number }> {
    return { ioRing: this.#ringReads, readThread: this.#threads.served };
  }

  /** The path small reads take: io_uring where it serves them, else the read threads. */
  get quickReadPath(): QuickReadPath {
    const kind =
      this.#ring !== undefined
        ? 'io_uring'
        : this.#threads.first !== undefined
          ? 'read thread'
          : 'none yet';
    const unavailable = this.#ioRingUnavailable;
    return unavailable === undefined ? { kind } : { kind, ioRingUnavailable: unavailable };
  }

  /** How the first read thread and this reader wait for each other (wait-mode.ts). */
  get readThreadWaitMode(): ReadThread['waitMode'] | undefined {
    return this.#threads.first?.waitMode;
  }

  #closedError(): NativeDiskError {
    return new NativeDiskError('IO', `${this.info.path} is closed: open it again to read from it.`);
  }

  #checkOpen(): void {
    if (this.#closed) throw this.#closedError();
  }

  /**
   * The common read (small, aligned to the I/O unit, before the end, the gate free) as one pread
   * straight into a fresh array, without the general path's layers. null when it does not apply;
   * `failed` when the pread failed, for the general path to go on from.
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
    if (this.#gate.running >= this.#gate.limit) return null;
    let data: Uint8Array | undefined;
    const makeData = () => (data = new Uint8Array(length));
    return this.#gate
      .run(() => this.#preadOutcome(makeData, length, offset))
      .then(
        (outcome) => {
          if (!data) return null;
          if (outcome.result === length) return { data };
          // A short read leaves bytes in `data` the general path would not see: it reads again.
          if (outcome.result >= 0) return {};
          return { failed: { offset, length, result: preadResult(outcome) } };
        },
        () => null,
      );
  }

  /**
   * Lends a scratch buffer to a read of `bytes` for the length of `use`: a reused one, shared
   * (so a read thread fills it in place) above QUICK_READ_BYTES; the result must not keep a
   * view of it.
   */
  #withScratch<T>(bytes: number, use: (scratch?: Uint8Array) => Promise<T>): Promise<T> {
    return this.#scratchReads.run(() => this.#withScratchNow(bytes, use));
  }

  async #withScratchNow<T>(bytes: number, use: (scratch?: Uint8Array) => Promise<T>): Promise<T> {
    const large = bytes > SCRATCH_BYTES;
    const spares = large ? this.#spareLargeScratch : this.#spareScratch;
    const fitting = spares.findIndex((spare) => spare.length >= bytes);
    const scratch =
      fitting >= 0
        ? (spares.splice(fitting, 1)[0] as Uint8Array)
        : large
          ? allocateAlignedShared(Math.ceil(bytes / LARGE_SCRATCH_STEP) * LARGE_SCRATCH_STEP)
          : allocateAligned(SCRATCH_BYTES);
    try {
      return await use(scratch);
    } finally {
      spares.push(scratch);
      // Keep the largest few: one per read the gate lets run.
      spares.sort((a, b) => b.length - a.length);
      spares.length = Math.min(spares.length, PREADS_IN_FLIGHT_PER_DISK);
    }
  }

  /**
   * Reads the span, and when anything failed, asks whether the disk is still there: a disk that
   * went away fails the read with GONE instead of making up zeros for every sector.
   */
  async #read(
    lba: bigint,
    count: number,
    retries: number,
    buffers: SpanBuffers,
    first?: FirstPread,
  ): Promise<SectorSpan> {
    let span: SectorSpan;
    try {
      span = await this.#readSpan(lba, count, retries, buffers, first);
    } catch (error) {
      if (!(error instanceof NativeDiskError) || error.code !== 'IO' || this.#closed) throw error;
      const reason = await this.#goneReason();
      const errno = error.errno ?? 0;
      if (reason === null && !GONE_ERRNOS.has(errno)) throw error;
      throw this.#goneError(reason ?? describeErrno(errno), lba, errno);
    }
    if (span.unreadable.length > 0) {
      const reason = await this.#goneReason();
      if (reason !== null) throw this.#goneError(reason, lba, span.unreadableErrnos[0]);
    }
    return span;
  }

  #goneReason(): Promise<string | null> {
    return goneReason(this.#libc, this.#fd, this.info, this.#opened).catch(() => null);
  }

  #goneError(reason: string, lba: bigint, errno?: number): NativeDiskError {
    return new NativeDiskError(
      'GONE',
      `${this.info.path} went away while it was read: ${reason}. Nothing from LBA ${lba} on ` +
        'was read; open it again once it is back.',
      errno,
    );
  }

  /** `first`: the outcome of a first pread of the whole range already made (and failed). */
  async #readSpan(
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
        return this.#gate.run(async () =>
          preadResult(await this.#preadOutcome(target, length, offset)),
        );
      },
    };
  }

  /** Preads of every disk of this thread that have started and not returned. */
  static get preadsRunning(): number {
    return preadsRunning;
  }

  /** One pread, through io_uring when it can take it, else on a read thread of this disk. */
  async #preadOutcome(
    target: Uint8Array | (() => Uint8Array),
    length: number,
    offset: bigint,
  ): Promise<CallResult> {
    preadsRunning++;
    try {
      return await this.#preadOnOwnPath(target, length, offset);
    } finally {
      preadsRunning--;
    }
  }

  async #preadOnOwnPath(
    target: Uint8Array | (() => Uint8Array),
    length: number,
    offset: bigint,
  ): Promise<CallResult> {
    const ring = length <= QUICK_READ_BYTES ? this.#startedRing() : undefined;
    if (ring?.canTake(length)) {
      try {
        const outcome = await ring.pread(target, length, offset);
        this.#ringReads++;
        return outcome;
      } catch {
        // The ring gave this read up (or failed for good): a read thread takes it.
      }
    }
    return this.#threads.pread(target, length, offset);
  }

  #startedRing(): IoRingReader | undefined {
    if (this.#ring?.failure !== undefined) {
      // io_uring_enter failed for good: the read threads take over.
      this.#ioRingUnavailable = this.#ring.failure;
      this.#ring.stop();
      this.#ring = undefined;
    }
    if (!this.#ioRingTried && this.#tuning.ioRing !== false) {
      this.#ioRingTried = true;
      const opened = IoRingReader.open(this.#fd);
      if (opened instanceof IoRingReader) this.#ring = opened;
      else this.#ioRingUnavailable = opened.unavailable;
    }
    return this.#ring;
  }
}

function unreadableOf(span: UnreadableSectors): UnreadableSectors {
  return { unreadable: span.unreadable, unreadableErrnos: span.unreadableErrnos };
}
