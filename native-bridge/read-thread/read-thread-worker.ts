// The body of a disk's read thread: serves one pread at a time, into the shared slot or straight
// into a buffer the owner attached (a job's blocks), for the thread that owns the disk (see
// read-thread.ts). Between requests it spins for as long as the owner says (`spinMicros`:
// briefly, or not at all while other busy threads share the CPUs, or after a large read) before
// it sleeps, so a request that follows soon is picked up without a thread wake-up.

import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { createBlockingPread } from '../libc';
import { EFAULT } from '../constants';
import {
  SLOT_TARGET,
  STOP_REQUEST,
  viewReadThreadMemory,
  WORD,
  type AttachMessage,
  type ReadThreadMemory,
} from './read-thread-layout';

const MAX_INT32 = 2 ** 31 - 1;

/** How long a request may wait for its buffer's attach message (posted before the request). */
const ATTACH_WAIT_MS = 1000;

export interface ReadThreadData {
  fd: number;
  memory: ReadThreadMemory;
  /** Where the owner posts AttachMessages. */
  attachments: MessagePort;
}

function nextRequest(control: Int32Array, served: number): number {
  const spinUntil = performance.now() + Atomics.load(control, WORD.spinMicros) / 1000;
  while (Atomics.load(control, WORD.request) === served && performance.now() < spinUntil) {
    // Spinning: the next request usually follows within microseconds.
  }
  // Atomics.wait re-checks the word, under the same lock notify takes, before it sleeps; the
  // owner notifies when it sees `sleeping`, which is set before that check: no request is missed.
  while (Atomics.load(control, WORD.request) === served) {
    Atomics.store(control, WORD.sleeping, 1);
    Atomics.wait(control, WORD.request, served);
    Atomics.store(control, WORD.sleeping, 0);
  }
  return Atomics.load(control, WORD.request);
}

/** The buffers the owner attached, kept up to date from its messages. */
class Attachments {
  readonly #port: MessagePort;
  readonly #buffers = new Map<number, SharedArrayBuffer>();
  readonly #pause = new Int32Array(new SharedArrayBuffer(4));

  constructor(port: MessagePort) {
    this.#port = port;
  }

  /** A view of attached buffer `id`, or null when it never came. */
  view(id: number, offset: number, length: number): Uint8Array | null {
    this.#drain();
    const deadline = performance.now() + ATTACH_WAIT_MS;
    while (!this.#buffers.has(id) && performance.now() < deadline) {
      // The message is posted before the request, so it is almost always here already.
      Atomics.wait(this.#pause, 0, 0, 1);
      this.#drain();
    }
    const buffer = this.#buffers.get(id);
    if (!buffer || offset + length > buffer.byteLength) return null;
    return new Uint8Array(buffer, offset, length);
  }

  #drain(): void {
    for (;;) {
      const received = receiveMessageOnPort(this.#port);
      if (!received) return;
      const message = received.message as AttachMessage;
      if ('attach' in message) this.#buffers.set(message.attach, message.buffer);
      else this.#buffers.delete(message.forget);
    }
  }
}

function serve({ fd, memory, attachments }: ReadThreadData): void {
  const pread = createBlockingPread();
  const { control, offset, slot } = viewReadThreadMemory(memory);
  const attached = new Attachments(attachments);
  let served = Atomics.load(control, WORD.done);
  Atomics.store(control, WORD.ready, 1);
  Atomics.notify(control, WORD.ready);
  for (;;) {
    const request = nextRequest(control, served);
    if (request === STOP_REQUEST) break;
    const length = Atomics.load(control, WORD.length);
    const position = Atomics.load(offset, 0);
    const targetId = Atomics.load(control, WORD.target);
    const into =
      targetId === SLOT_TARGET
        ? slot
        : attached.view(targetId, Atomics.load(control, WORD.targetOffset), length);
    const started = performance.now();
    const { result, errno } = into
      ? pread(fd, into, length, position)
      : { result: -1, errno: EFAULT };
    const micros = Math.round((performance.now() - started) * 1000);
    Atomics.store(control, WORD.preadMicros, Math.min(micros, MAX_INT32));
    Atomics.store(control, WORD.result, result);
    Atomics.store(control, WORD.errno, errno);
    Atomics.store(control, WORD.done, request);
    if (Atomics.load(control, WORD.ownerWaiting) === 1) Atomics.notify(control, WORD.done);
    served = request;
  }
  attachments.close();
}

serve(workerData as ReadThreadData);
