// The file system thread's side of the read channel: a blocking read of the evidence that asks
// the owner thread for the bytes and sleeps on shared memory until they are there. libtsk calls
// it from inside its own blocking calls, so it cannot wait for a message; it waits with
// Atomics.wait, which a worker thread may do.

import type { MessagePort } from 'node:worker_threads';
import type { SyncEvidenceReader } from '../../native-bridge/file-systems/external-image';
import { CHANNEL, STATE_ASKED, STATE_IDLE, type FromFsThread } from './fs-thread-protocol';

const CACHE_BLOCK_BYTES = 64 * 1024;
const CACHE_BLOCK = BigInt(CACHE_BLOCK_BYTES);
/** 64 MiB at most. */
const CACHE_BLOCKS = 1024;
const READ_AHEAD_BLOCKS = 16;

export class ChannelReader implements SyncEvidenceReader {
  readonly size: bigint;
  readonly sectorSize: number;
  /** Sectors the owner could not read and gave as zeros, since the last takeUnreadable(). */
  #unreadable = 0;
  /** Why the last failed read failed. */
  lastFailure: string | undefined;
  readonly #channel: Int32Array;
  readonly #data: Uint8Array;
  readonly #port: MessagePort;
  #sequence = 0;
  readonly #cache = new Map<bigint, Uint8Array>();
  #lastMiss = -2n;
  #streak = 0;

  constructor(
    port: MessagePort,
    geometry: { size: bigint; sectorSize: number },
    channel: SharedArrayBuffer,
    data: SharedArrayBuffer,
  ) {
    this.#port = port;
    this.size = geometry.size;
    this.sectorSize = geometry.sectorSize;
    this.#channel = new Int32Array(channel);
    this.#data = new Uint8Array(data);
  }

  get cancelled(): boolean {
    return Atomics.load(this.#channel, CHANNEL.cancel) !== 0;
  }

  takeUnreadable(): number {
    const count = this.#unreadable;
    this.#unreadable = 0;
    return count;
  }

  /**
   * Fills target through a cache of 1024 blocks of 64 KiB: TSK's own cache holds 2 MiB, and
   * indexing an NTFS volume of 12,000 files (its 12 MiB MFT read in directory order, then in
   * inode order) read 105 MiB through it, 48 MiB through this one. Larger blocks read more
   * (1 MiB blocks: 490 MiB), as directory index blocks lie scattered over the volume.
   */
  read(offset: bigint, target: Uint8Array): number {
    let done = 0;
    while (done < target.length) {
      const at = offset + BigInt(done);
      const blockNumber = at / CACHE_BLOCK;
      const block = this.#block(blockNumber);
      if (!block) return -1;
      const from = Number(at - blockNumber * CACHE_BLOCK);
      if (from >= block.length) break;
      const piece = block.subarray(from, from + target.length - done);
      target.set(piece, done);
      done += piece.length;
      if (block.length < CACHE_BLOCK_BYTES) {
        if (from + piece.length >= block.length) break;
      }
    }
    return done;
  }

  #block(blockNumber: bigint): Uint8Array | undefined {
    const cached = this.#cache.get(blockNumber);
    if (cached) {
      this.#cache.delete(blockNumber);
      this.#cache.set(blockNumber, cached);
      return cached;
    }
    // Misses of three blocks in a row are a sequential read (an inode table, the MFT in order):
    // read ahead, 1 MiB in one request. Two in a row are only one of TSK's 64 KiB reads that
    // straddles two blocks.
    this.#streak = blockNumber === this.#lastMiss + 1n ? this.#streak + 1 : 1;
    this.#lastMiss = blockNumber;
    const count = this.#streak >= 3 ? READ_AHEAD_BLOCKS : 1;
    const got = this.#ask(blockNumber * CACHE_BLOCK, count * CACHE_BLOCK_BYTES);
    if (got < 0) return undefined;
    let first: Uint8Array | undefined;
    for (let i = 0; i * CACHE_BLOCK_BYTES < got || i === 0; i++) {
      const start = i * CACHE_BLOCK_BYTES;
      const block = this.#data.slice(start, Math.min(got, start + CACHE_BLOCK_BYTES));
      first ??= block;
      if (i > 0) this.#lastMiss = blockNumber + BigInt(i);
      this.#remember(blockNumber + BigInt(i), block);
    }
    return first;
  }

  #remember(blockNumber: bigint, block: Uint8Array): void {
    this.#cache.delete(blockNumber);
    this.#cache.set(blockNumber, block);
    if (this.#cache.size > CACHE_BLOCKS) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
  }

  /** Forgets what was read (a new piece of work may follow a change of the evidence's state). */
  clearCache(): void {
    this.#cache.clear();
  }

  #ask(offset: bigint, length: number): number {
    if (this.cancelled) {
      this.lastFailure = 'cancelled';
      return -1;
    }
    const channel = this.#channel;
    const sequence = (this.#sequence = (this.#sequence + 1) | 0);
    Atomics.store(channel, CHANNEL.sequence, sequence);
    Atomics.store(channel, CHANNEL.state, STATE_ASKED);
    this.#port.postMessage({ type: 'read', offset, length, sequence } satisfies FromFsThread);
    Atomics.wait(channel, CHANNEL.state, STATE_ASKED);
    const result = Atomics.load(channel, CHANNEL.result);
    this.#unreadable += Atomics.load(channel, CHANNEL.unreadable);
    if (result < 0) {
      const reasonBytes = Atomics.load(channel, CHANNEL.reasonBytes);
      this.lastFailure = Buffer.from(this.#data.subarray(0, reasonBytes)).toString('utf8');
    }
    Atomics.store(channel, CHANNEL.state, STATE_IDLE);
    return result;
  }
}
