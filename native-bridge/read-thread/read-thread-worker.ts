// The body of a disk's read thread: serves one pread at a time into the shared slot, for the
// thread that owns the disk (see read-thread.ts). Between requests it spins for as long as the
// owner says (`spinMicros`: briefly, or not at all while other busy threads share the CPUs)
// before it sleeps, so a request that follows soon is picked up without a thread wake-up.

import { workerData } from 'node:worker_threads';
import { createBlockingPread } from '../libc';
import {
  STOP_REQUEST,
  viewReadThreadMemory,
  WORD,
  type ReadThreadMemory,
} from './read-thread-layout';

const MAX_INT32 = 2 ** 31 - 1;

export interface ReadThreadData {
  fd: number;
  memory: ReadThreadMemory;
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

function serve({ fd, memory }: ReadThreadData): void {
  const pread = createBlockingPread();
  const { control, offset, slot } = viewReadThreadMemory(memory);
  let served = Atomics.load(control, WORD.done);
  Atomics.store(control, WORD.ready, 1);
  Atomics.notify(control, WORD.ready);
  for (;;) {
    const request = nextRequest(control, served);
    if (request === STOP_REQUEST) return;
    const length = Atomics.load(control, WORD.length);
    const position = Atomics.load(offset, 0);
    const started = performance.now();
    const { result, errno } = pread(fd, slot, length, position);
    const micros = Math.round((performance.now() - started) * 1000);
    Atomics.store(control, WORD.preadMicros, Math.min(micros, MAX_INT32));
    Atomics.store(control, WORD.result, result);
    Atomics.store(control, WORD.errno, errno);
    Atomics.store(control, WORD.done, request);
    if (Atomics.load(control, WORD.ownerWaiting) === 1) Atomics.notify(control, WORD.done);
    served = request;
  }
}

serve(workerData as ReadThreadData);
