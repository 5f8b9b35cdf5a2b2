// Reads a unit-aligned byte range with pread: loops over short reads, stops at the end of the
// source, and when the medium fails (EIO and kin) splits the range in halves down to single
// units, retrying those, so that one bad sector costs only itself. pread is injected so tests can
// drive media errors at chosen offsets through exactly this code.

import { EAGAIN, EINTR, MEDIA_ERRNOS } from './constants';
import { describeErrno } from './errno-text';
import { NativeDiskError } from './native-disk-error';

/**
 * One pread of `length` bytes at byte `offset` into the start of `target`. Resolves the number of
 * bytes read (0 at the end), or minus the errno when it failed, as the kernel reports it.
 */
export type PreadFn = (target: Uint8Array, length: number, offset: bigint) => Promise<number>;

export interface RangeSource {
  pread: PreadFn;
  /** Bytes that can be read from offset 0; reads stop there and the rest is zero-filled. */
  readableBytes: bigint;
  /** Every pread's offset and length are multiples of this power of two (the I/O alignment). */
  unit: number;
  /** Names the disk in error messages. */
  path: string;
}

/** A half-open byte range [start, end). */
export interface ByteRange {
  start: bigint;
  end: bigint;
}

/** Bytes the medium refused, with the errno of the last attempt. */
export interface FailedRange extends ByteRange {
  errno: number;
}

/** EINTR/EAGAIN are retried at once; this many in a row means something else is wrong. */
const MAX_INTERRUPTED_CALLS = 100;

type SpanOutcome = { ok: true } | { ok: false; failedAt: bigint; errno: number };

interface RangeJob {
  source: RangeSource;
  /** Byte offset that target[0] holds. */
  origin: bigint;
  target: Uint8Array;
  retries: number;
  failures: FailedRange[];
}

function indexOf(job: RangeJob, offset: bigint): number {
  return Number(offset - job.origin);
}

function readFailed(source: RangeSource, errno: number, offset: bigint, length: number) {
  return new NativeDiskError(
    'IO',
    `Reading ${length} bytes at byte ${offset} of ${source.path} failed: ${describeErrno(errno)}.`,
    errno,
  );
}

/** Reads [start, end) until done, the source ends, or the medium fails at some unit. */
async function readSpan(job: RangeJob, start: bigint, end: bigint): Promise<SpanOutcome> {
  const { source } = job;
  const unit = BigInt(source.unit);
  let position = start;
  let interrupted = 0;
  while (position < end) {
    if (position >= source.readableBytes) {
      job.target.fill(0, indexOf(job, position), indexOf(job, end));
      return { ok: true };
    }
    const length = Number(end - position);
    const target = job.target.subarray(indexOf(job, position), indexOf(job, end));
    const result = await source.pread(target, length, position);
    if (result < 0) {
      const errno = -result;
      if ((errno === EINTR || errno === EAGAIN) && ++interrupted < MAX_INTERRUPTED_CALLS) continue;
      if (MEDIA_ERRNOS.has(errno)) return { ok: false, failedAt: position, errno };
      throw readFailed(source, errno, position, length);
    }
    interrupted = 0;
    if (result === 0) {
      throw new NativeDiskError(
        'IO',
        `${source.path} ended at byte ${position} although it had ${source.readableBytes} ` +
          'readable bytes when opened: it changed size while open. Open it again.',
      );
    }
    const reached = position + BigInt(result);
    if (reached >= end || reached >= source.readableBytes) {
      position = reached;
      continue;
    }
    // A short read inside the range: go on from the last whole unit so the next pread stays
    // aligned (re-reading a few bytes is harmless).
    const resume = reached - (reached % unit);
    if (resume <= position) {
      throw new NativeDiskError(
        'IO',
        `Reading ${source.path} at byte ${position} returned only ${result} bytes, less than one ` +
          `${unit}-byte unit, although the data goes on.`,
      );
    }
    position = resume;
  }
  return { ok: true };
}

function recordFailure(job: RangeJob, start: bigint, end: bigint, errno: number): void {
  job.target.fill(0, indexOf(job, start), indexOf(job, end));
  const last = job.failures[job.failures.length - 1];
  if (last && last.end === start && last.errno === errno) last.end = end;
  else job.failures.push({ start, end, errno });
}

async function readOneUnitWithRetries(job: RangeJob, start: bigint, errno: number): Promise<void> {
  const end = start + BigInt(job.source.unit);
  let lastErrno = errno;
  for (let attempt = 0; attempt < job.retries; attempt++) {
    const outcome = await readSpan(job, start, end);
    if (outcome.ok) return;
    lastErrno = outcome.errno;
  }
  recordFailure(job, start, end, lastErrno);
}

async function readSplitting(job: RangeJob, start: bigint, end: bigint): Promise<void> {
  const outcome = await readSpan(job, start, end);
  if (outcome.ok) return;
  // Everything before failedAt was read; split what is left.
  const unit = BigInt(job.source.unit);
  const from = outcome.failedAt;
  const units = (end - from) / unit;
  if (units === 1n) {
    await readOneUnitWithRetries(job, from, outcome.errno);
    return;
  }
  const middle = from + (units / 2n) * unit;
  await readSplitting(job, from, middle);
  await readSplitting(job, middle, end);
}

/**
 * Fills target[0 .. end - start) with the bytes at [start, end) of the source. start and end must
 * be multiples of the source's unit and target at least end - start bytes, suitably aligned for
 * the source. Bytes past the source's end are zero. A unit the medium refuses is retried
 * `retries` more times once the range has been split down to it; units that still fail are zero
 * in target and returned with their errno, merged and ascending.
 */
export async function readAlignedRange(
  source: RangeSource,
  start: bigint,
  end: bigint,
  target: Uint8Array,
  retries: number,
): Promise<FailedRange[]> {
  const unit = BigInt(source.unit);
  if (start < 0n || start % unit !== 0n || end % unit !== 0n || end < start) {
    throw new RangeError(`Range ${start}..${end} is not aligned to ${source.unit}-byte units`);
  }
  if (target.length < Number(end - start)) {
    throw new RangeError(`Target of ${target.length} bytes is smaller than ${end - start}`);
  }
  const job: RangeJob = { source, origin: start, target, retries, failures: [] };
  if (end > start) await readSplitting(job, start, end);
  return job.failures;
}
