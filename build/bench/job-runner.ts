// Runs one whole-disk job through the job engine's runJobOnPath, as the app and the CLI do (its
// own worker thread and reader), and notes the peak memory of this process while it ran.

import { writeFileSync } from 'node:fs';
import type { JobResult, JobSpec } from '../../electron/shared/contract';
import { runJobOnPath } from '../../electron/jobs/run-job-on-path';
import { readProcessMemory } from './proc-memory';

export interface TimedJob {
  result: JobResult;
  /** The job's own time, from its start in its thread to its result. */
  seconds: number;
  /** Wall time of the call: opening the disk and starting the thread included. */
  wallSeconds: number;
  bytesPerSecond: number;
  /** VmHWM of this process (the job's threads live in it) over the job; see resetPeakMemory. */
  peakBytes: number;
  /** VmRSS just before the job started. */
  rssBeforeBytes: number;
}

/** Sets VmHWM back to the current RSS (Linux >= 4.0), so the next reading is this job's peak. */
function resetPeakMemory(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

/**
 * Runs the job on the whole file. `warmUp` first runs it on the first 8 sectors, which loads the
 * job's code again after a peer's run dropped the page cache, so that the timed run does not
 * pay for reading it from disk.
 */
export async function timeJob(
  path: string,
  spec: JobSpec,
  options: { warmUp?: boolean } = {},
): Promise<TimedJob> {
  if (options.warmUp) await runJobOnPath(path, { lba: 0n, count: 8n }, spec);
  console.error(`bench: job ${JSON.stringify(spec)} on ${path}`);
  resetPeakMemory();
  const rssBeforeBytes = readProcessMemory(process.pid).rssBytes;
  const run = await runJobOnPath(path, undefined, spec);
  const peakBytes = readProcessMemory(process.pid).hwmBytes;
  const bytes = Number(run.result.bytes);
  return {
    result: run.result,
    seconds: run.result.seconds,
    wallSeconds: run.seconds,
    bytesPerSecond: bytes / run.result.seconds,
    peakBytes,
    rssBeforeBytes,
  };
}

/** The mean rate of several runs of one job, and the highest peak among them. */
export function combineRuns(runs: readonly TimedJob[]): {
  bytesPerSecond: number;
  seconds: number;
  wallSeconds: number;
  peakBytes: number;
} {
  const mean = (pick: (run: TimedJob) => number) =>
    runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  return {
    bytesPerSecond: mean((run) => run.bytesPerSecond),
    seconds: mean((run) => run.seconds),
    wallSeconds: mean((run) => run.wallSeconds),
    peakBytes: Math.max(...runs.map((run) => run.peakBytes)),
  };
}
