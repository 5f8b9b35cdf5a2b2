// Entry of every job thread (bundled as dist/job-worker.cjs): a job, or the digest helper of a
// hash job.

import { parentPort, workerData } from 'node:worker_threads';
import { serveDigests, type DigestWorkerData } from './digest-thread';
import type { JobWorkerData } from './job-protocol';
import { runWorkerJob } from './run-worker-job';

const data = workerData as JobWorkerData | DigestWorkerData;
if (!parentPort) throw new Error('job-worker runs only as a worker thread');
if (data.role === 'digest') serveDigests(data, parentPort);
else void runWorkerJob(data, parentPort);
