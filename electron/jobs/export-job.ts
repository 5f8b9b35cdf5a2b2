// Copies the range into a file the starting side opened (a hidden temporary in the destination
// folder), computing its SHA-256 on the way. Unreadable sectors are written as zeros and listed.
// The file is flushed to disk before the result is reported. The descriptor belongs to the
// starting side, which closes it once this job has returned (by then no write of this job is
// pending any more), then removes the temporary of a cancelled or failed export, or puts a
// complete one in place under its name with its checksum file (launch-job.ts).

import { createHash } from 'node:crypto';
import { fsync, write } from 'node:fs';
import { promisify } from 'node:util';
import type { ExportResult } from '../shared/contract';
import { SectorscopeError } from '../shared/contract';
import { runBlockPipeline } from './block-pipeline';
import { READS_IN_FLIGHT, SLOTS_PER_JOB, type JobContext } from './job-context';
import { allocateSharedBlocks, viewOf } from './shared-blocks';

const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);

async function writeAll(fd: number, data: Uint8Array, position: number, path: string) {
  let done = 0;
  while (done < data.length) {
    let written: number;
    try {
      ({ bytesWritten: written } = await writeAsync(
        fd,
        data,
        done,
        data.length - done,
        position + done,
      ));
    } catch (error) {
      throw writeError(error, path);
    }
    if (written <= 0) throw new SectorscopeError('IO', `Writing ${path} made no progress.`);
    done += written;
  }
}

function writeError(error: unknown, path: string): SectorscopeError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new SectorscopeError(
      'IO',
      `The disk holding ${path} is full: free some space or export to another disk.`,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SectorscopeError('IO', `Cannot write ${path}: ${reason}`);
}

export async function runExportJob(
  context: JobContext,
  fd: number,
  destination: string,
): Promise<ExportResult> {
  const { plan, tracker } = context;
  const rangeStart = plan.firstLba * BigInt(plan.sectorSize);
  const sha256 = createHash('sha256');
  await runBlockPipeline({
    source: context.source,
    plan,
    slots: allocateSharedBlocks(SLOTS_PER_JOB, context.blockBytes).map(viewOf),
    readsInFlight: READS_IN_FLIGHT,
    retries: context.retries,
    signal: context.signal,
    settleConsumersOnExit: true,
    consume: (block) => {
      sha256.update(block.data);
      tracker.blockDone(block);
      return writeAll(fd, block.data, Number(block.offset - rangeStart), destination);
    },
  });
  await fsyncAsync(fd).catch((error: unknown) => {
    throw writeError(error, destination);
  });
  return {
    kind: 'export',
    destination,
    sha256: sha256.digest('hex'),
    bytes: plan.totalBytes.toString(),
    badSectors: tracker.badSectors,
    seconds: tracker.seconds,
  };
}
