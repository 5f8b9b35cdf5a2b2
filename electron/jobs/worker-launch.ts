// Starts a thread running job-worker (dist/job-worker.cjs, or job-worker.ts from the sources).

import type { Worker } from 'node:worker_threads';
import { startWorkerScript } from '../../native-bridge/worker-script';

export function startJobWorker(workerData: unknown): Worker {
  return startWorkerScript(
    { dir: __dirname, bundled: 'job-worker.cjs', source: 'job-worker.ts' },
    workerData,
  );
}
