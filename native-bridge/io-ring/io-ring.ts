// An io_uring instance whose rings live in memory V8 allocated (IORING_SETUP_NO_MMAP), so that
// JavaScript reads completions straight from that memory: no call per check. The kernel pins
// the pages and writes there until the ring is closed, so the memory must outlive the ring:
// `close` keeps it referenced for good (two pages per ring closed; readers reuse their rings
// instead, io-ring-reader.ts). The pages are SharedArrayBuffers: the language defines how
// Atomics order loads and stores only there, and the kernel reads and writes the ring's head and
// tail words concurrently with this thread.

import { addressOf, alignedView } from '../aligned-buffer';
import { EACCES, EAGAIN, EINVAL, ENOSYS, EPERM } from '../constants';
import { describeErrno } from '../errno-text';
import { CQE, IORING_OP_READ, IORING_SETUP_NO_MMAP, PARAMS, SQE } from './io-ring-abi';
import type { IoRingSyscalls } from './io-ring-syscalls';

/**
 * Submission entries; the kernel makes twice as many completion entries. The kernel pins as
 * many pages as its layout needs from the addresses given, so that layout must fit in the one
 * page given for each: with 4 entries the rings take about 210 bytes and the entries 256
 * (checked again after setup, against a kernel that lays them out otherwise).
 */
const ENTRIES = 4;

/** Memory of closed rings, which the kernel may still touch. */
const retiredMemory: Uint8Array[] = [];

/** One zeroed page of shared memory at a page-aligned address. */
function sharedPage(pageSize: number): Uint8Array {
  return alignedView(new Uint8Array(new SharedArrayBuffer(2 * pageSize)), pageSize, pageSize);
}

/** Why a ring could not be made: the kernel's errno, or what was wrong. */
export class IoRingUnavailable extends Error {
  /** Whether every later attempt in this process would fail the same way. */
  readonly lasting: boolean;

  constructor(message: string, lasting = true) {
    super(message);
    this.lasting = lasting;
  }
}

/** io_uring_setup errnos of a kernel without io_uring, or that forbids it or our flags. */
const LASTING_SETUP_ERRNOS = new Set([EPERM, EACCES, EINVAL, ENOSYS]);

export class IoRing {
  readonly fd: number;
  /** Signalled by the kernel at every completion. */
  readonly eventFd: number;
  readonly #sys: IoRingSyscalls;
  readonly #memory: Uint8Array[];
  readonly #words: Int32Array;
  readonly #rings: DataView;
  readonly #sqeBytes: Uint8Array;
  readonly #sqes: DataView;
  readonly #sqTail: number;
  readonly #sqMask: number;
  readonly #cqHead: number;
  readonly #cqTail: number;
  readonly #cqMask: number;
  readonly #cqes: number;
  #closed = false;

  private constructor(
    sys: IoRingSyscalls,
    fds: { ring: number; event: number },
    memory: { rings: Uint8Array; sqes: Uint8Array },
    params: DataView,
  ) {
    this.#sys = sys;
    this.fd = fds.ring;
    this.eventFd = fds.event;
    const { rings, sqes } = memory;
    this.#memory = [rings, sqes];
    this.#words = new Int32Array(rings.buffer, rings.byteOffset, rings.length / 4);
    this.#rings = new DataView(rings.buffer, rings.byteOffset, rings.length);
    this.#sqeBytes = sqes;
    this.#sqes = new DataView(sqes.buffer, sqes.byteOffset, sqes.length);
    const offset = (at: number) => params.getUint32(at, true);
    this.#sqTail = offset(PARAMS.sq.tail) / 4;
    this.#sqMask = this.#rings.getUint32(offset(PARAMS.sq.ringMask), true);
    this.#cqHead = offset(PARAMS.cq.head) / 4;
    this.#cqTail = offset(PARAMS.cq.tail) / 4;
    this.#cqMask = this.#rings.getUint32(offset(PARAMS.cq.ringMask), true);
    this.#cqes = offset(PARAMS.cq.cqes);
    // Submission slot i always names entry i, so the array is written once.
    const array = offset(PARAMS.sq.array);
    const sqEntries = params.getUint32(PARAMS.sqEntries, true);
    for (let i = 0; i < sqEntries; i++) this.#rings.setUint32(array + 4 * i, i, true);
  }

  /** A ring with an eventfd registered; throws IoRingUnavailable saying why not. */
  static create(sys: IoRingSyscalls): IoRing {
    const pageSize = sys.pageSize();
    if (!(pageSize >= 4096)) throw new IoRingUnavailable(`unexpected page size ${pageSize}`);
    const memory = { rings: sharedPage(pageSize), sqes: sharedPage(pageSize) };
    const paramBytes = new Uint8Array(PARAMS.bytes);
    const params = new DataView(paramBytes.buffer);
    params.setUint32(PARAMS.flags, IORING_SETUP_NO_MMAP, true);
    params.setBigUint64(PARAMS.sq.userAddr, addressOf(memory.sqes), true);
    params.setBigUint64(PARAMS.cq.userAddr, addressOf(memory.rings), true);
    const ring = sys.setup(ENTRIES, paramBytes);
    if (ring < 0) {
      throw new IoRingUnavailable(
        `io_uring_setup failed: ${describeErrno(-ring)}`,
        LASTING_SETUP_ERRNOS.has(-ring),
      );
    }
    const fits = ringLayoutFits(params, pageSize);
    const event = fits ? sys.eventFd() : -1;
    const registered = event >= 0 ? sys.registerEventFd(ring, event) : -1;
    if (registered < 0) {
      sys.close(ring);
      if (event >= 0) sys.close(event);
      retiredMemory.push(memory.rings, memory.sqes);
      throw new IoRingUnavailable(
        fits
          ? `no eventfd for the ring: ${describeErrno(-(event < 0 ? event : registered))}`
          : 'the ring does not fit in one page',
        !fits,
      );
    }
    return new IoRing(sys, { ring, event }, memory, params);
  }

  /**
   * Queues and submits one read into `address` (memory the caller keeps alive and untouched until
   * its completion is reaped); `tag` comes back with the completion. 1 when the kernel took it,
   * else minus the errno (nothing is left queued then).
   */
  submitRead(fd: number, address: bigint, length: number, offset: bigint, tag: number): number {
    const tail = Atomics.load(this.#words, this.#sqTail);
    const entry = (tail & this.#sqMask) * SQE.bytes;
    this.#sqeBytes.fill(0, entry, entry + SQE.bytes);
    this.#sqes.setUint8(entry + SQE.opcode, IORING_OP_READ);
    this.#sqes.setInt32(entry + SQE.fd, fd, true);
    this.#sqes.setBigUint64(entry + SQE.offset, offset, true);
    this.#sqes.setBigUint64(entry + SQE.address, address, true);
    this.#sqes.setUint32(entry + SQE.length, length, true);
    this.#sqes.setUint32(entry + SQE.userData, tag, true);
    Atomics.store(this.#words, this.#sqTail, tail + 1);
    const taken = this.#sys.submit(this.fd, 1);
    // The kernel reads the tail only inside io_uring_enter, so an entry it did not take can be
    // withdrawn; left queued, it would be read at the next submission into a freed slot.
    if (taken !== 1) Atomics.store(this.#words, this.#sqTail, tail);
    return taken === 1 ? 1 : taken < 0 ? taken : -EAGAIN;
  }

  /** Hands every completion posted so far to `each`, oldest first. */
  reap(each: (tag: number, result: number) => void): void {
    let head = Atomics.load(this.#words, this.#cqHead);
    while (head !== Atomics.load(this.#words, this.#cqTail)) {
      const entry = this.#cqes + (head & this.#cqMask) * CQE.bytes;
      const tag = this.#rings.getUint32(entry + CQE.userData, true);
      const result = this.#rings.getInt32(entry + CQE.result, true);
      head = (head + 1) | 0;
      Atomics.store(this.#words, this.#cqHead, head);
      each(tag, result);
    }
  }

  /** Closes the descriptors; the memory stays referenced (see the header). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sys.close(this.eventFd);
    this.#sys.close(this.fd);
    retiredMemory.push(...this.#memory);
  }
}

/** Whether the rings and submission entries the kernel laid out fit in one page each. */
function ringLayoutFits(params: DataView, pageSize: number): boolean {
  const sqEntries = params.getUint32(PARAMS.sqEntries, true);
  const cqEntries = params.getUint32(PARAMS.cqEntries, true);
  const cqesEnd = params.getUint32(PARAMS.cq.cqes, true) + cqEntries * CQE.bytes;
  const arrayEnd = params.getUint32(PARAMS.sq.array, true) + sqEntries * 4;
  return cqesEnd <= pageSize && arrayEnd <= pageSize && sqEntries * SQE.bytes <= pageSize;
}
