// The starting side of one job: its worker thread, its messages, and a cancel that answers
// within a second even when the worker is stuck in a read that hangs on a failing disk.

import type { JobProgress, JobResult, MapCellView, SearchHit, WireError } from '../shared/contract';
import type { FromWorker, JobWorkerData, ToWorker } from './job-protocol';
import { startJobWorker } from './worker-launch';

export type JobEnd =
  | { status: 'done'; result: JobResult }
  | { status: 'cancelled' }
  | { status: 'failed'; error: WireError };

export interface JobCallbacks {
  onProgress?: (progress: JobProgress) => void;
  onHits?: (hits: SearchHit[]) => void;
  /** A map job's cells: all of them first, then those that changed. */
  onCells?: (cells: MapCellView[]) => void;
  /**
   * Called once, when the worker no longer touches anything of the job (an export's file):
   * with the end `done` settles with (before any of `done`'s callbacks run), or null when the
   * worker exited without reporting (after a crash, or long after a cancel deadline).
   */
  onWorkerIdle?: (end: JobEnd | null) => void;
}

export interface RunningJob {
  /** Settles once: the result, 'cancelled', or the error. Never rejects. */
  readonly done: Promise<JobEnd>;
  /** Asks the job to stop; `done` says 'cancelled' within CANCEL_DEADLINE_MS at the latest. */
  cancel(): void;
}

/**
 * A worker answers a cancel within milliseconds (reads that hang do not block its event loop).
 * If it does not, it is reported cancelled anyway and terminated.
 */
export const CANCEL_DEADLINE_MS = 750;

export function startJobThread(data: JobWorkerData, callbacks: JobCallbacks = {}): RunningJob {
  let settle!: (end: JobEnd) => void;
  const done = new Promise<JobEnd>((resolve) => (settle = resolve));
  /** What `done` settled with. */
  let outcome: JobEnd | undefined;
  let idle = false;
  const worker = startJobWorker(data);

  const finish = (end: JobEnd) => {
    if (outcome) return;
    outcome = end;
    // A worker still waiting for a hanging read must not keep the process alive; it exits
    // by itself once the read returns.
    worker.unref();
    settle(end);
  };
  /** The worker has let go of the job's resources; `reported`: it said how the job ended. */
  const release = (reported: boolean) => {
    if (idle) return;
    idle = true;
    callbacks.onWorkerIdle?.(reported ? (outcome ?? null) : null);
  };
  const report = (end: JobEnd) => {
    finish(end);
    release(true);
  };

  worker.on('message', (message: FromWorker) => {
    switch (message.type) {
      case 'progress':
        if (!outcome) callbacks.onProgress?.(message.progress);
        return;
      case 'hits':
        if (!outcome) callbacks.onHits?.(message.hits);
        return;
      case 'cells':
        if (!outcome) callbacks.onCells?.(message.cells);
        return;
      case 'done':
        report({ status: 'done', result: message.result });
        return;
      case 'failed':
        report({ status: 'failed', error: message.error });
        return;
      case 'cancelled':
        report({ status: 'cancelled' });
    }
  });
  worker.on('error', (error) => {
    finish({
      status: 'failed',
      error: { code: 'INTERNAL', message: `Internal error in the job: ${error.message}` },
    });
  });
  worker.on('exit', (code) => {
    finish({
      status: 'failed',
      error: {
        code: 'INTERNAL',
        message: `Internal error: the job's thread stopped without a result (exit code ${code}).`,
      },
    });
    release(false);
  });

  const cancel = () => {
    if (outcome) return;
    worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    const deadline = setTimeout(() => {
      if (outcome) return;
      finish({ status: 'cancelled' });
      void worker.terminate();
    }, CANCEL_DEADLINE_MS);
    deadline.unref();
    void done.then(() => clearTimeout(deadline));
  };
  return { done, cancel };
}
