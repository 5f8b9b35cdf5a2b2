// From a request to a running job: validate everything against the disk's geometry, open the
// export destination (exports only), and start the job's thread.

import { closeSync, rmSync } from 'node:fs';
import { SectorscopeError } from '../shared/contract';
import type { EvidenceSource, SourceKind } from '../source';
import { openExportDestination, type ExportTarget } from './export-destination';
import type { JobWorkerData, WorkerJobSpec } from './job-protocol';
import { startJobThread, type JobCallbacks, type RunningJob } from './job-thread';
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
  return {
    disk,
    spec: parseJobSpec(request.spec),
    range: parseJobRange(request.range, disk.sectorCount),
    retries: parseRetries(request.retries),
    blockBytes: parseBlockBytes(request.blockBytes),
  };
}

/**
 * Starts the job. An export needs `exportTo`: the file is created here (and removed again if the
 * job cannot start), so a refused destination is reported before any reading.
 */
export async function launchJob(
  job: PreparedJob,
  exportTo: ExportTarget | undefined,
  callbacks: JobCallbacks,
): Promise<RunningJob> {
  let spec: WorkerJobSpec;
  if (job.spec.kind === 'export') {
    if (!exportTo) {
      throw new SectorscopeError('INVALID_ARGUMENT', 'An export needs a file to write to.');
    }
    const destination = await openExportDestination(exportTo, job.disk.path);
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
  if (spec.kind !== 'export') return startJobThread(data, callbacks);
  const { fd, destination } = spec;
  // The file is this side's: closed once the worker is done with it, removed unless complete.
  const release = (complete: boolean) => {
    closeSync(fd);
    if (!complete) rmSync(destination, { force: true });
  };
  try {
    return startJobThread(data, {
      ...callbacks,
      onWorkerIdle: (end) => release(end?.status === 'done'),
    });
  } catch (error) {
    release(false);
    throw error;
  }
}
