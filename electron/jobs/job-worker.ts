// Entry of every job thread (bundled as dist/job-worker.cjs): a job, the digest helper of a
// hash job, or the classifying helper of a full content map. Only a job loads the disk reader,
// and with it koffi's native module: a job terminates its helper when it ends, and a thread terminated while a native module initialises
// aborts the whole process (node-addon-api's napi_throw fails in a stopping thread).

import { parentPort, workerData } from 'node:worker_threads';
import { serveClassify, type ClassifyWorkerData } from './classify-thread';
import { serveDigests, type DigestWorkerData } from './digest-thread';
import type { JobWorkerData } from './job-protocol';
import type * as RunWorkerJob from './run-worker-job';

const data = workerData as JobWorkerData | DigestWorkerData | ClassifyWorkerData;
const port = parentPort;
if (!port) throw new Error('job-worker runs only as a worker thread');
if (data.role === 'digest') serveDigests(data, port);
else if (data.role === 'classify') serveClassify(data, port);
else {
  // A require, not import(): from the sources this thread runs under tsx's CommonJS hook, and
  // esbuild turns it into a module initialised only here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runWorkerJob } = require('./run-worker-job') as typeof RunWorkerJob;
  void runWorkerJob(data, port);
}
