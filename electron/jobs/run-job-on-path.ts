// A whole job on a path, awaited: for the command line and the benchmark. It runs exactly as in
// the app (its own worker thread and reader), so its timing is the app's.

import {
  SectorscopeError,
  type JobProgress,
  type JobResult,
  type JobSpec,
  type MapCellView,
  type SearchHit,
} from '../shared/contract';
import { openSource } from '../source';
import { JobCancelledError } from './job-cancelled';
import { diskFacts, launchJob, prepareJob, type DiskFacts } from './launch-job';

export interface RunJobOptions {
  onProgress?: (progress: JobProgress) => void;
  onHits?: (hits: SearchHit[]) => void;
  /** A map job's cells: all of them first, then those that changed. */
  onCells?: (cells: MapCellView[]) => void;
  /** Aborting cancels the job; the promise then rejects with JobCancelledError within a second. */
  signal?: AbortSignal;
  /** Bytes per read (a multiple of 4096, 64 KiB to 64 MiB; default DEFAULT_BLOCK_BYTES). */
  blockBytes?: number;
  /** Extra reads of each sector that still fails once a read is split (default 1). */
  retries?: number;
  /** Sector size to view an image file with (default 512); block devices use their own. */
  sectorSize?: number;
  /** Exports only: the file to create, and whether an existing file may be replaced. */
  exportTo?: { path: string; overwrite?: boolean };
}

export interface JobRun {
  result: JobResult;
  /** Wall time from the start of the call (opening the disk, starting the thread) to the result. */
  seconds: number;
  disk: DiskFacts;
}

/** `range` in sectors (undefined: the whole disk). Throws SectorscopeError when the job fails. */
export async function runJobOnPath(
  path: string,
  range: { lba: bigint | string; count: bigint | string } | undefined,
  spec: JobSpec,
  options: RunJobOptions = {},
): Promise<JobRun> {
  const started = performance.now();
  if (options.signal?.aborted) throw new JobCancelledError();
  const source = await openSource({ path, sectorSize: options.sectorSize });
  const disk = diskFacts(source);
  await source.close();
  const job = prepareJob(disk, {
    range: range && { lba: range.lba.toString(), count: range.count.toString() },
    spec,
    retries: options.retries,
    blockBytes: options.blockBytes,
  });
  const exportTo = options.exportTo && {
    path: options.exportTo.path,
    overwrite: options.exportTo.overwrite === true,
  };
  const running = await launchJob(job, exportTo, {
    onProgress: options.onProgress,
    onHits: options.onHits,
    onCells: options.onCells,
  });
  const onAbort = () => running.cancel();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) running.cancel();
  const end = await running.done;
  options.signal?.removeEventListener('abort', onAbort);
  switch (end.status) {
    case 'done':
      return { result: end.result, seconds: (performance.now() - started) / 1000, disk };
    case 'cancelled':
      throw new JobCancelledError();
    case 'failed':
      throw new SectorscopeError(end.error.code, end.error.message);
  }
}
