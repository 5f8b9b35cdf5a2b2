// A job's life inside its worker thread: open the disk with its own reader, check that it is the
// disk the job was planned on, run the job, and report progress, hits and the outcome.

import type { MessagePort } from 'node:worker_threads';
import { DiskReader, type DiskInfo } from '../../native-bridge';
import { readableBytes } from '../../native-bridge/read-validation';
import { SectorscopeError, type JobResult } from '../shared/contract';
import { toWireError } from '../service/errors';
import { planBlocks } from './block-plan';
import { runExportJob } from './export-job';
import { runHashJob } from './hash-job';
import { JobCancelledError } from './job-cancelled';
import { JobTracker, type JobContext } from './job-context';
import type { FromWorker, JobWorkerData, ToWorker } from './job-protocol';
import { runSearchJob } from './search-job';

function checkSameDisk(info: DiskInfo, data: JobWorkerData): void {
  if (
    info.kind !== data.kind ||
    info.size.toString() !== data.size ||
    info.logicalSectorSize !== data.logicalSectorSize
  ) {
    throw new SectorscopeError(
      'IO',
      `${data.path} changed since it was opened (it is now ${info.size} bytes in ` +
        `${info.logicalSectorSize}-byte sectors, was ${data.size} bytes in ` +
        `${data.logicalSectorSize}-byte sectors): open it again.`,
    );
  }
}

async function runJob(
  data: JobWorkerData,
  signal: AbortSignal,
  post: (message: FromWorker) => void,
): Promise<JobResult> {
  let reader: DiskReader | undefined;
  try {
    reader = await DiskReader.open(
      data.path,
      data.kind === 'file' ? { logicalSectorSize: data.logicalSectorSize } : undefined,
    );
    checkSameDisk(reader.info, data);
    const plan = planBlocks(
      BigInt(data.lba),
      BigInt(data.count),
      reader.info.logicalSectorSize,
      data.blockBytes,
      readableBytes(reader.info),
    );
    const context: JobContext = {
      source: reader,
      plan,
      retries: data.retries,
      blockBytes: data.blockBytes,
      signal,
      tracker: new JobTracker(plan.totalBytes, (progress) => post({ type: 'progress', progress })),
    };
    const { spec } = data;
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
    }
    context.tracker.finalProgress();
    return result;
  } finally {
    // Does not wait for a read that hangs on a failing disk; the descriptor closes after it.
    await reader?.close();
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
