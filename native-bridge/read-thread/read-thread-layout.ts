// The memory a disk's read thread shares with the thread that asks it to read: a few control
// words, the byte offset of the request, and a slot the pread fills. Both sides build their
// views of the same SharedArrayBuffers from here, so the word numbers cannot drift apart.

import { alignedView, BUFFER_ALIGNMENT } from '../aligned-buffer';
import { QUICK_READ_BYTES } from '../quick-reads';

/**
 * After serving a read, the read thread spins this long for the next before it sleeps: a sleeping
 * thread's wake-up costs tens of microseconds on a virtual machine, as much as a 4 KiB read. It
 * spins only while spinning pays (wait-mode.ts); the owner sets the `spinMicros` word.
 */
export const READ_THREAD_SPIN_MICROS = 100;

/** The slot holds the largest read the fast paths take. */
export const READ_THREAD_SLOT_BYTES = QUICK_READ_BYTES;

/** Indices into the Int32 control words. */
export const WORD = {
  /** Sequence number of the latest request; STOP_REQUEST asks the thread to end. */
  request: 0,
  /** Sequence number of the latest request served. */
  done: 1,
  /** pread's return value for the request in `done` (bytes, or -1). */
  result: 2,
  /** errno when result < 0, read on the reading thread right after the call. */
  errno: 3,
  /** Bytes to read for the request in `request`. */
  length: 4,
  /** Set to 1 by the reading thread once it can serve requests. */
  ready: 5,
  /** 1 while the reading thread sleeps in Atomics.wait: only then must a request notify it. */
  sleeping: 6,
  /** 1 while the owner waits in Atomics.waitAsync: only then must an answer notify it. */
  ownerWaiting: 7,
  /** How long the reading thread spins for the next request, microseconds; set by the owner. */
  spinMicros: 8,
  /** How long the pread of the request in `done` took, microseconds. */
  preadMicros: 9,
  /**
   * Where the request's bytes go: 0 for the slot; otherwise the number of a SharedArrayBuffer
   * the owner attached (see AttachMessage), which the pread fills in place.
   */
  target: 10,
  /** With an attached target: the byte offset in it where the pread starts. */
  targetOffset: 11,
} as const;

const CONTROL_WORDS = 12;

/** The slot's target number; attached buffers are numbered from 1. */
export const SLOT_TARGET = 0;

/**
 * What the owner posts on the attachments port before the first request that reads into a
 * buffer of its own (a job's blocks): the buffer under a number, or that a number is no longer
 * used. The thread takes these with receiveMessageOnPort, without an event-loop turn.
 */
export type AttachMessage = { attach: number; buffer: SharedArrayBuffer } | { forget: number };

export const STOP_REQUEST = -1;

export interface ReadThreadMemory {
  control: SharedArrayBuffer;
  /** One int64: the byte offset of the request. */
  offset: SharedArrayBuffer;
  /** READ_THREAD_SLOT_BYTES plus room to align the slot for O_DIRECT. */
  data: SharedArrayBuffer;
}

export interface ReadThreadViews {
  control: Int32Array;
  offset: BigInt64Array;
  /** READ_THREAD_SLOT_BYTES bytes at a BUFFER_ALIGNMENT-aligned address. */
  slot: Uint8Array;
}

export function allocateReadThreadMemory(): ReadThreadMemory {
  return {
    control: new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT),
    offset: new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT),
    data: new SharedArrayBuffer(READ_THREAD_SLOT_BYTES + BUFFER_ALIGNMENT),
  };
}

/** Both threads share one address space, so both find the slot at the same aligned address. */
export function viewReadThreadMemory(memory: ReadThreadMemory): ReadThreadViews {
  return {
    control: new Int32Array(memory.control),
    offset: new BigInt64Array(memory.offset),
    slot: alignedView(new Uint8Array(memory.data), READ_THREAD_SLOT_BYTES),
  };
}
