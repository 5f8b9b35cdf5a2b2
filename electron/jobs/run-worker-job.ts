// A job's life inside its worker thread: open the source of evidence on its own, check that it is
// the one the job was planned on, run the job, and report progress, hits and the outcome.

import type { MessagePort } from 'node:worker_threads';
import { SectorscopeError, type JobResult } from '../shared/contract';
import { toWireError } from '../shared/wire-error';
import { dataEnd, openSource, type EvidenceSource } from '../source';
import { planBlocks } from './block-plan';
import { runExportJob } from './export-job';
import { runHashJob } from './hash-job';
import { JobCancelledError } from './job-cancelled';
import { JobTracker, type JobContext } from './job-context';
import type { FromWorker, JobWorkerData, ToWorker } from './job-protocol';
import { mapImageOf, mapJobBytes, runMapJob } from './map-job';
import { runSearchJob } from './search-job';
import { runVerifyJob } from './verify-job';

function checkSameDisk(source: EvidenceSource, data: JobWorkerData): void {
  const { kind } = source.identity;
  const { size, logicalSectorSize } = source.geometry;
  if (
    kind !== data.kind ||
    size.toString() !== data.size ||
    logicalSectorSize !== data.logicalSectorSize
  ) {
    throw new SectorscopeError(
      'IO',
      `${data.path} changed since it was opened (it is now ${size} bytes in ` +
        `${logicalSectorSize}-byte sectors, was ${data.size} bytes in ` +
        `${data.logicalSectorSize}-byte sectors): open it again.`,
    );
  }
}

async function runJob(
  data: JobWorkerData,
  signal: AbortSignal,
  post: (message: FromWorker) => void,
): Promise<JobResult> {
  let source: EvidenceSource | undefined;
  try {
    source = await openSource(
      data.kind === 'file'
        ? { path: data.path, sectorSize: data.logicalSectorSize }
        : { path: data.path },
    );
    checkSameDisk(source, data);
    const plan = planBlocks(
      BigInt(data.lba),
      BigInt(data.count),
      source.geometry.logicalSectorSize,
      data.blockBytes,
      dataEnd(source.geometry),
    );
    const { spec } = data;
    // A quick map reads only its samples.
    const totalBytes = spec.kind === 'map' ? mapJobBytes(spec, plan) : plan.totalBytes;
    const context: JobContext = {
      source,
      plan,
      retries: data.retries,
      blockBytes: data.blockBytes,
      signal,
      tracker: new JobTracker(totalBytes, (progress) => post({ type: 'progress', progress })),
    };
    let result: JobResult;
    switch (spec.kind) {
      case 'hash':
        result = await runHashJob(context, spec.algorithms);
        break;
      case 'search':
        result = await runSearchJob(context, spec, (hits) => post({ type: 'hits', hits }));
        break;
      case 'export':
        result = await runExportJob(context, spec.fd, spec.destination);
        break;
      case 'verify':
        result = await runVerifyJob(context, source.details, source.identity.format, data.path);
        break;
      case 'map':
        result = await runMapJob(context, spec, mapImageOf(source), (cells) =>
          post({ type: 'cells', cells }),
        );
        break;
    }
    context.tracker.finalProgress();
    return result;
  } finally {
    // Does not wait for a read that hangs on a failing disk; the descriptor closes after it.
    await source?.close();
  }
}

export async function runWorkerJob(data: JobWorkerData, port: MessagePort): Promise<void> {
  const controller = new AbortController();
  const onMessage = (message: ToWorker) => {
    if (message.type === 'cancel') controller.abort();
  };
  port.on('message', onMessage);
  const post = (message: FromWorker) => port.postMessage(message);
  try {
    const result = await runJob(data, controller.signal, post);
    post({ type: 'done', result });
  } catch (error) {
    if (error instanceof JobCancelledError || controller.signal.aborted)
      post({ type: 'cancelled' });
    else post({ type: 'failed', error: toWireError(error) });
  } finally {
    port.off('message', onMessage);
  }
}
