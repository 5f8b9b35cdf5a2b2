// The owner's side of a file system thread: starts it, answers its reads through the
// EvidenceSource (the only way to the evidence), and runs one piece of work at a time on it, with
// progress and a cancel that stops the walk at its next entry.

import type { Worker } from 'node:worker_threads';
import { CallGate } from '../../native-bridge/call-gate';
import { startWorkerScript } from '../../native-bridge/worker-script';
import { SectorscopeError } from '../shared/contract';
import type { ExtentsJson, FileEntryJson } from '../shared/files/file-entry';
import type { InodeAddress } from '../shared/files/inode-address';
import type { EvidenceSource } from '../source';
import {
  CHANNEL,
  CHANNEL_DATA_BYTES,
  CHANNEL_SLOTS,
  STATE_ANSWERED,
  STATE_ASKED,
  type FromFsThread,
  type FsDescription,
  type FsThreadData,
  type ReadFileAnswer,
  type ToFsThread,
  type WorkProgress,
  type WorkResult,
} from './fs-thread-protocol';
import type { OwnerIndexData } from './owner-index';

export type { FsDescription, ReadFileAnswer, WorkProgress } from './fs-thread-protocol';

export interface WorkOptions {
  signal?: AbortSignal;
  onProgress?: (progress: WorkProgress) => void;
}

interface Running {
  id: number;
  resolve: (answer: { result: WorkResult; warnings: string[] }) => void;
  reject: (error: Error) => void;
  onEntries?: (entries: FileEntryJson[]) => void;
  onProgress?: (progress: WorkProgress) => void;
}

export class WorkCancelledError extends SectorscopeError {
  constructor() {
    super('IO', 'Cancelled.');
    this.name = 'WorkCancelledError';
  }
}

export class FileSystemThread {
  readonly description: FsDescription;
  readonly #worker: Worker;
  readonly #source: EvidenceSource;
  readonly #channel: Int32Array;
  readonly #data: Uint8Array;
  readonly #gate = new CallGate(1);
  #running: Running | undefined;
  #nextId = 1;
  #failure: Error | undefined;
  #closed = false;

  private constructor(
    worker: Worker,
    source: EvidenceSource,
    channel: Int32Array,
    data: Uint8Array,
    description: FsDescription,
  ) {
    this.#worker = worker;
    this.#source = source;
    this.#channel = channel;
    this.#data = data;
    this.description = description;
    worker.on('message', (message: FromFsThread) => this.#onMessage(message));
    const fail = (error: Error) => {
      this.#failure ??= error;
      this.#running?.reject(error);
      this.#running = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.#closed)
        fail(new SectorscopeError('IO', `The file system thread ended (${code}).`));
    });
    worker.unref();
  }

  /** Opens the file system `offset` bytes into the source; rejects with TSK's reason. */
  static open(source: EvidenceSource, offset: bigint): Promise<FileSystemThread> {
    const channelMemory = new SharedArrayBuffer(CHANNEL_SLOTS * 4);
    const dataMemory = new SharedArrayBuffer(CHANNEL_DATA_BYTES);
    const channel = new Int32Array(channelMemory);
    const data = new Uint8Array(dataMemory);
    const threadData: FsThreadData = {
      size: source.geometry.size,
      sectorSize: source.geometry.logicalSectorSize,
      channel: channelMemory,
      data: dataMemory,
    };
    const worker = startWorkerScript(
      { dir: __dirname, bundled: 'fs-thread.cjs', source: 'fs-thread-worker.ts' },
      threadData,
    );
    const answerReads = (message: FromFsThread) => {
      if (message.type === 'read') answerRead(source, channel, data, message);
    };
    worker.on('message', answerReads);
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromFsThread) => {
        if (message.type === 'read') return;
        worker.off('message', onMessage);
        worker.off('message', answerReads);
        worker.off('error', onError);
        if (message.type === 'opened') {
          resolve(new FileSystemThread(worker, source, channel, data, message.description));
          return;
        }
        void worker.terminate();
        if (message.type === 'open-failed')
          reject(new SectorscopeError(message.code, message.message));
        else
          reject(new SectorscopeError('INTERNAL', 'The file system thread answered out of turn.'));
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        worker.off('message', answerReads);
        reject(new SectorscopeError('IO', `The file system thread failed: ${error.message}`));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ type: 'open', offset } satisfies ToFsThread);
    });
  }

  /** Every entry, deleted ones included, handed over in batches as the walk finds them. */
  async list(
    onEntries: (entries: FileEntryJson[]) => void,
    options: WorkOptions = {},
  ): Promise<{ count: number; warnings: string[] }> {
    const { result, warnings } = await this.#work({ type: 'list', id: 0 }, options, onEntries);
    return { count: result.type === 'list' ? result.count : 0, warnings };
  }

  async extents(address: InodeAddress): Promise<ExtentsJson & { warnings: string[] }> {
    const { result, warnings } = await this.#work({ type: 'extents', id: 0, address }, {});
    if (result.type !== 'extents') throw new SectorscopeError('INTERNAL', 'Unexpected answer.');
    return { ...result.extents, warnings };
  }

  /** Up to `length` bytes of a file's content (or slack, with `slack`) from `offset`. */
  async readFile(
    address: InodeAddress,
    offset: bigint,
    length: number,
    slack = false,
  ): Promise<ReadFileAnswer & { warnings: string[] }> {
    const message: ToFsThread = { type: 'read-file', id: 0, address, offset, length, slack };
    const { result, warnings } = await this.#work(message, {});
    if (result.type !== 'read-file') throw new SectorscopeError('INTERNAL', 'Unexpected answer.');
    return { ...result.answer, warnings };
  }

  async buildIndex(
    options: WorkOptions = {},
  ): Promise<{ index: OwnerIndexData; warnings: string[] }> {
    const { result, warnings } = await this.#work({ type: 'index', id: 0 }, options);
    if (result.type !== 'index') throw new SectorscopeError('INTERNAL', 'Unexpected answer.');
    return { index: result.index, warnings };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancel();
    await this.#gate.close(new SectorscopeError('IO', 'The file system was closed.'));
    this.#worker.postMessage({ type: 'close' } satisfies ToFsThread);
  }

  #work(
    message: ToFsThread & { id: number },
    options: WorkOptions,
    onEntries?: (entries: FileEntryJson[]) => void,
  ): Promise<{ result: WorkResult; warnings: string[] }> {
    return this.#gate.run(
      () =>
        new Promise((resolve, reject) => {
          if (this.#failure) throw this.#failure;
          if (options.signal?.aborted) throw new WorkCancelledError();
          const id = this.#nextId++;
          Atomics.store(this.#channel, CHANNEL.cancel, 0);
          const running: Running = { id, resolve, reject };
          if (onEntries) running.onEntries = onEntries;
          if (options.onProgress) running.onProgress = options.onProgress;
          this.#running = running;
          const onAbort = () => this.#cancel();
          options.signal?.addEventListener('abort', onAbort, { once: true });
          const settle = () => options.signal?.removeEventListener('abort', onAbort);
          running.resolve = (answer) => {
            settle();
            resolve(answer);
          };
          running.reject = (error) => {
            settle();
            reject(error);
          };
          this.#worker.ref();
          this.#worker.postMessage({ ...message, id });
        }),
    );
  }

  /** Stops the work in progress: its walk ends at the next entry, a waiting read is refused. */
  #cancel(): void {
    Atomics.store(this.#channel, CHANNEL.cancel, 1);
    const waiting = Atomics.load(this.#channel, CHANNEL.sequence);
    refuseRead(this.#channel, this.#data, waiting, 'cancelled');
  }

  #onMessage(message: FromFsThread): void {
    if (message.type === 'read') {
      answerRead(this.#source, this.#channel, this.#data, message);
      return;
    }
    if (message.type === 'opened' || message.type === 'open-failed') return;
    const running = this.#running;
    if (!running || running.id !== message.id) return;
    if (message.type === 'entries') {
      running.onEntries?.(message.entries);
      return;
    }
    if (message.type === 'progress') {
      running.onProgress?.(message.progress);
      return;
    }
    this.#running = undefined;
    this.#worker.unref();
    if (message.type === 'done')
      running.resolve({ result: message.result, warnings: message.warnings });
    else if (message.type === 'cancelled') running.reject(new WorkCancelledError());
    else running.reject(new SectorscopeError(message.code, message.message));
  }
}

/** Whether the thread still waits for read `sequence`. */
function waitsFor(channel: Int32Array, sequence: number): boolean {
  return (
    Atomics.load(channel, CHANNEL.state) === STATE_ASKED &&
    Atomics.load(channel, CHANNEL.sequence) === sequence
  );
}

function wake(channel: Int32Array, result: number, reasonBytes: number, unreadable: number): void {
  Atomics.store(channel, CHANNEL.result, result);
  Atomics.store(channel, CHANNEL.reasonBytes, reasonBytes);
  Atomics.store(channel, CHANNEL.unreadable, unreadable);
  Atomics.store(channel, CHANNEL.state, STATE_ANSWERED);
  Atomics.notify(channel, CHANNEL.state);
}

/** Answers read `sequence` with a failure, if the thread still waits for it. */
function refuseRead(channel: Int32Array, data: Uint8Array, sequence: number, reason: string): void {
  if (!waitsFor(channel, sequence)) return;
  const text = Buffer.from(reason, 'utf8').subarray(0, data.length);
  data.set(text);
  wake(channel, -1, text.length, 0);
}

/**
 * Reads what the thread asked for through the source and wakes it, unless it stopped waiting
 * (a cancel answered it already): then the bytes are dropped, never written under a later read.
 */
function answerRead(
  source: EvidenceSource,
  channel: Int32Array,
  data: Uint8Array,
  ask: { offset: bigint; length: number; sequence: number },
): void {
  const length = Math.min(ask.length, data.length);
  source.read(ask.offset, length).then(
    (read) => {
      if (!waitsFor(channel, ask.sequence)) return;
      data.set(read.data);
      wake(channel, read.data.length, 0, read.unreadable.length);
    },
    (error: unknown) => {
      refuseRead(
        channel,
        data,
        ask.sequence,
        error instanceof Error ? error.message : String(error),
      );
    },
  );
}
