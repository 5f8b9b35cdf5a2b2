// From a request to a running job: validate everything against the disk's geometry, open the
// export destination (exports only), and start the job's thread.

import { SectorscopeError } from '../shared/contract';
import { toWireError } from '../shared/wire-error';
import type { EvidenceSource, SourceKind } from '../source';
import {
  openExportDestination,
  type ExportTarget,
  type OpenedDestination,
} from './export-destination';
import { closeQuietly } from './export-placement';
import type { JobWorkerData, WorkerJobSpec } from './job-protocol';
import { startJobThread, type JobCallbacks, type JobEnd, type RunningJob } from './job-thread';
import {
  parseBlockBytes,
  parseJobRange,
  parseJobSpec,
  parseRetries,
  type SectorRange,
  type ValidJobSpec,
} from './job-validation';

/** What a job needs to know of its source before it starts (its thread opens it again). */
export interface DiskFacts {
  path: string;
  kind: SourceKind;
  size: bigint;
  logicalSectorSize: number;
  sectorCount: bigint;
}

export function diskFacts(source: EvidenceSource): DiskFacts {
  const { size, logicalSectorSize, sectorCount } = source.geometry;
  return {
    path: source.identity.path,
    kind: source.identity.kind,
    size,
    logicalSectorSize,
    sectorCount,
  };
}

export interface JobRequest {
  /** { lba, count } in sectors (decimal strings or safe integers); absent: the whole disk. */
  range?: unknown;
  spec: unknown;
  retries?: unknown;
  blockBytes?: number;
}

export interface PreparedJob {
  disk: DiskFacts;
  range: SectorRange;
  spec: ValidJobSpec;
  retries: number;
  blockBytes: number;
}

/** Every check that can fail before any reading starts; throws SectorscopeError. */
export function prepareJob(disk: DiskFacts, request: JobRequest): PreparedJob {
  const spec = parseJobSpec(request.spec);
  const range = parseJobRange(request.range, disk.sectorCount);
  if (spec.kind === 'verify' && (range.lba !== 0n || range.count !== disk.sectorCount)) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      'A verify covers the whole image, as its stored hashes do: give it no range.',
    );
  }
  return {
    disk,
    spec,
    range,
    retries: parseRetries(request.retries),
    blockBytes: parseBlockBytes(request.blockBytes),
  };
}

/**
 * Starts the job. An export needs `exportTo`: its hidden temporary file is created here (and
 * removed again if the job cannot start), so a refused destination is reported before any
 * reading; the file takes its name only once complete (startExportThread).
 */
export async function launchJob(
  job: PreparedJob,
  exportTo: ExportTarget | undefined,
  callbacks: JobCallbacks,
): Promise<RunningJob> {
  let spec: WorkerJobSpec;
  let destination: OpenedDestination | undefined;
  if (job.spec.kind === 'export') {
    if (!exportTo) {
      throw new SectorscopeError('INVALID_ARGUMENT', 'An export needs a file to write to.');
    }
    destination = await openExportDestination(exportTo, job.disk.path);
    spec = { kind: 'export', fd: destination.fd, destination: destination.path };
  } else {
    spec = job.spec;
  }
  const data: JobWorkerData = {
    role: 'job',
    path: job.disk.path,
    logicalSectorSize: job.disk.logicalSectorSize,
    kind: job.disk.kind,
    size: job.disk.size.toString(),
    lba: job.range.lba.toString(),
    count: job.range.count.toString(),
    spec,
    retries: job.retries,
    blockBytes: job.blockBytes,
  };
  if (!destination) return startJobThread(data, callbacks);
  return startExportThread(data, destination, callbacks);
}

/**
 * An export's thread. The temporary file is this side's: closed once the worker is done with
 * it; removed unless the export completed; and once it did, put in place under its name with
 * its checksum beside it before `done` reports the result (a failure to do so is the job's).
 */
function startExportThread(
  data: JobWorkerData,
  destination: OpenedDestination,
  callbacks: JobCallbacks,
): RunningJob {
  let workerIdle!: () => void;
  const idle = new Promise<void>((resolve) => (workerIdle = resolve));
  let running: RunningJob;
  try {
    running = startJobThread(data, {
      ...callbacks,
      onWorkerIdle: (end) => {
        closeQuietly(destination.fd);
        if (end?.status !== 'done') destination.discard();
        workerIdle();
        callbacks.onWorkerIdle?.(end);
      },
    });
  } catch (error) {
    closeQuietly(destination.fd);
    destination.discard();
    throw error;
  }
  const done = running.done.then(async (end): Promise<JobEnd> => {
    if (end.status !== 'done' || end.result.kind !== 'export') return end;
    // Reported with the end it settles with, before this runs; the file is closed by then.
    await idle;
    try {
      await destination.commit(end.result.sha256);
      return end;
    } catch (error) {
      destination.discard();
      return { status: 'failed', error: toWireError(error) };
    }
  });
  return { done, cancel: running.cancel };
}
