// The job thread's side of the digest helper thread: hands it blocks by buffer index (no copy)
// and learns when each buffer is free again.

import type { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from '../shared/contract';
import type { DigestWorkerData, FromDigestThread, ToDigestThread } from './digest-thread';
import type { SharedBlockRef } from './shared-block-ref';
import { startJobWorker } from './worker-launch';

type Digests = Partial<Record<HashAlgorithm, string>>;

export class DigestHelper {
  readonly #worker: Worker;
  /** Blocks handed over and not yet answered, in order (the thread answers in order). */
  readonly #pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #finishing: { resolve: (digests: Digests) => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;

  constructor(algorithms: HashAlgorithm[], blocks: SharedBlockRef[]) {
    const data: DigestWorkerData = { role: 'digest', algorithms, blocks };
    this.#worker = startJobWorker(data);
    this.#worker.on('message', (message: FromDigestThread) => {
      if (message.type === 'ack') this.#pending.shift()?.resolve();
      else {
        this.#finishing?.resolve(message.digests);
        this.#finishing = undefined;
      }
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) => {
      if (this.#finishing !== undefined || this.#pending.length > 0) {
        this.#fail(new Error(`the digest thread stopped early (exit code ${code})`));
      }
    });
  }

  /** Hashes buffer `slot`'s first `bytes` bytes; resolves when the buffer may be reused. */
  update(slot: number, bytes: number): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#worker.postMessage({ type: 'block', slot, bytes } satisfies ToDigestThread);
    });
  }

  /** The digests, once every block handed over has been hashed. */
  finish(): Promise<Digests> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#finishing = { resolve, reject };
      this.#worker.postMessage({ type: 'finish' } satisfies ToDigestThread);
    });
  }

  /** Stops the thread at once (it only hashes; nothing is left half-done that matters). */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiter of this.#pending.splice(0)) waiter.reject(error);
    this.#finishing?.reject(error);
    this.#finishing = undefined;
  }
}
