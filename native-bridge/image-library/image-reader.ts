// An evidence image read through a C library on a thread of its own (image-thread-worker.ts):
// E01 through libewf; AFF, VMDK, VHD and VHDX through libtsk. Reads go one at a time (the
// libraries' handles are not shared between threads), straight into shared memory when the
// caller's buffer is shared, through a scratch buffer otherwise. Segment files are opened by the
// libraries read-only (O_RDONLY), without O_DIRECT.

import type { Worker } from 'node:worker_threads';
import { allocateAlignedShared, isShared } from '../aligned-buffer';
import { CallGate } from '../call-gate';
import { NativeDiskError } from '../native-disk-error';
import { startWorkerScript } from '../worker-script';
import type {
  BadRun,
  FromImageThread,
  ImageDescription,
  ImageLibrary,
  ImageThreadData,
  ToImageThread,
} from './image-protocol';

export type { BadRun, ImageDescription, ImageLibrary } from './image-protocol';

export interface ImageRead {
  bytes: number;
  /** Sector runs overlapping the read that the library found bad; their bytes are zero. */
  bad: BadRun[];
}

interface Pending {
  resolve: (read: ImageRead) => void;
  reject: (error: Error) => void;
}

export class ImageReader {
  readonly description: ImageDescription;
  readonly #worker: Worker;
  readonly #gate = new CallGate(1);
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #scratch: Uint8Array | undefined;
  #closed = false;
  #failure: Error | undefined;

  private constructor(worker: Worker, description: ImageDescription) {
    this.#worker = worker;
    this.description = description;
    worker.on('message', (message: FromImageThread) => this.#answer(message));
    const fail = (error: Error) => {
      this.#failure ??= error;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.#closed)
        fail(new NativeDiskError('IO', `The image thread ended (exit code ${code}).`));
    });
    worker.unref();
  }

  /** Starts the image's thread and opens it there; rejects with the library's own reason. */
  static open(path: string, library: ImageLibrary): Promise<ImageReader> {
    const data: ImageThreadData = { ...library, path };
    const worker = startWorkerScript(
      { dir: __dirname, bundled: 'image-thread.cjs', source: 'image-thread-worker.ts' },
      data,
    );
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromImageThread) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        if (message.type === 'opened') resolve(new ImageReader(worker, message.description));
        else if (message.type === 'open-failed')
          reject(new NativeDiskError(message.code, message.message));
        else reject(new NativeDiskError('IO', 'The image thread answered before it opened.'));
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(new NativeDiskError('IO', `The image thread could not start: ${error.message}`));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
    });
  }

  /** Reads up to target.length bytes at `offset` into target. */
  read(offset: bigint, target: Uint8Array): Promise<ImageRead> {
    if (this.#closed) {
      return Promise.reject(
        new NativeDiskError('IO', `${this.description.segments[0]} is closed.`),
      );
    }
    return this.#gate.run(async () => {
      if (this.#failure) throw this.#failure;
      if (isShared(target)) return this.#post(offset, target);
      const scratch = this.#scratchOf(target.length);
      const read = await this.#post(offset, scratch.subarray(0, target.length));
      target.set(scratch.subarray(0, read.bytes));
      return read;
    });
  }

  /** Closes the image on its thread once the read in progress, if any, is done. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#gate.close(new NativeDiskError('IO', 'The image was closed.'));
    this.#worker.postMessage({ type: 'close' } satisfies ToImageThread);
  }

  #scratchOf(length: number): Uint8Array {
    if (!this.#scratch || this.#scratch.length < length) {
      this.#scratch = allocateAlignedShared(Math.max(length, 64 * 1024));
    }
    return this.#scratch;
  }

  #post(offset: bigint, target: Uint8Array): Promise<ImageRead> {
    const id = this.#nextId++;
    const message: ToImageThread = {
      type: 'read',
      id,
      offset,
      length: target.length,
      buffer: target.buffer as SharedArrayBuffer,
      byteOffset: target.byteOffset,
    };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // The thread keeps the process alive only while a read waits for it.
      this.#worker.ref();
      this.#worker.postMessage(message);
    });
  }

  #answer(message: FromImageThread): void {
    if (message.type !== 'read' && message.type !== 'read-failed') return;
    const pending = this.#pending.get(message.id);
    this.#pending.delete(message.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (!pending) return;
    if (message.type === 'read') pending.resolve({ bytes: message.bytes, bad: message.bad });
    else pending.reject(new NativeDiskError(message.code, message.message));
  }
}
