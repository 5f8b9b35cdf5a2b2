// Whole-disk jobs, hashing: MD5, SHA-1 and SHA-256 in one pass of the job engine against dc3dd
// doing the same in one pass, and against the slowest of md5sum, sha1sum and sha256sum alone
// (a one-pass job should cost little more than its slowest digest). Every digest must agree.

import { jobDataFile, MEMORY_TARGET_MB } from './job-data';
import { combineRuns, timeJob, type TimedJob } from './job-runner';
import { runDc3ddHashes, runSumTools, type PeerAlgorithm } from './hash-peers';
import { MB } from './proc-memory';
import { readSectionArgs, runSection } from './section-args';
import { ratioOf, writeSectionResult, type BenchRow } from './section-result';

const ALGORITHMS: PeerAlgorithm[] = ['md5', 'sha1', 'sha256'];
const SLOWEST_TIME_TARGET = 1.2;

function jobDigests(run: TimedJob): Partial<Record<PeerAlgorithm, string>> {
  if (run.result.kind !== 'hash') throw new Error('a hash job returned another kind of result');
  return run.result.digests;
}

runSection(async () => {
  const args = readSectionArgs();
  const { path, bytes } = jobDataFile(args.dataDir, args.quick);
  const spec = { kind: 'hash', algorithms: ALGORITHMS } as const;

  // Job, peers, job: the job's figure is the mean of the runs around the peers.
  const jobFirst = await timeJob(path, spec, { warmUp: true });
  const dc3dd = runDc3ddHashes(path, bytes);
  const sums = runSumTools(path, bytes);
  const jobSecond = await timeJob(path, spec, { warmUp: true });
  const job = combineRuns([jobFirst, jobSecond]);

  const sumDigests: Partial<Record<PeerAlgorithm, string>> = {};
  for (const run of sums.runs) Object.assign(sumDigests, run.digests);
  const ours = jobDigests(jobFirst);
  const agreeing = ALGORITHMS.filter(
    (algorithm) =>
      ours[algorithm] !== undefined &&
      ours[algorithm] === dc3dd.digests[algorithm] &&
      ours[algorithm] === sumDigests[algorithm] &&
      ours[algorithm] === jobDigests(jobSecond)[algorithm],
  );
  const timeRatio = ratioOf(job.seconds, sums.slowest.seconds);
  const peakMb = job.peakBytes / MB;

  const rows: BenchRow[] = [
    {
      measure: 'MD5+SHA-1+SHA-256 in one pass, rate',
      unit: 'MB/s',
      value: job.bytesPerSecond / MB,
      peer: 'dc3dd, same three',
      peerValue: dc3dd.bytesPerSecond / MB,
      ratio: ratioOf(job.bytesPerSecond, dc3dd.bytesPerSecond),
      target: null,
      met: null,
    },
    {
      measure: 'MD5+SHA-1+SHA-256 in one pass, time',
      unit: 's',
      value: job.seconds,
      peer: `slowest alone: ${sums.slowest.command.split(' ')[0]}`,
      peerValue: sums.slowest.seconds,
      ratio: timeRatio,
      target: `time <= ${SLOWEST_TIME_TARGET}x`,
      met: timeRatio !== null && timeRatio <= SLOWEST_TIME_TARGET,
    },
    {
      measure: 'digests equal to dc3dd and md5sum/sha1sum/sha256sum',
      unit: 'of 3',
      value: agreeing.length,
      peer: 'dc3dd, *sum',
      peerValue: ALGORITHMS.length,
      ratio: null,
      target: 'all 3',
      met: agreeing.length === ALGORITHMS.length,
    },
    {
      measure: 'process VmHWM, hash job',
      unit: 'MB',
      value: peakMb,
      peer: 'target',
      peerValue: MEMORY_TARGET_MB,
      ratio: ratioOf(peakMb, MEMORY_TARGET_MB),
      target: `< ${MEMORY_TARGET_MB} MB`,
      met: peakMb < MEMORY_TARGET_MB,
    },
  ];
  const digestLines = ALGORITHMS.map(
    (algorithm) =>
      `${algorithm}: job ${ours[algorithm]}, dc3dd ${dc3dd.digests[algorithm]}, ` +
      `${algorithm}sum ${sumDigests[algorithm]}`,
  );
  writeSectionResult(args.out, {
    id: 'job-hash',
    title: `Whole-disk jobs: hashing, ${bytes / 2 ** 20} MiB random-data file`,
    rows,
    notes: [
      `Peers: ${dc3dd.command} (${dc3dd.seconds.toFixed(2)} s); ` +
        sums.runs.map((run) => `${run.command} (${run.seconds.toFixed(2)} s)`).join('; '),
      process.getuid?.() === 0
        ? 'The page cache was dropped before each peer (they read through it; the job reads ' +
          'with O_DIRECT).'
        : 'Not root: the page cache could not be dropped, so the peers may have read from it.',
      `Order: job, dc3dd, md5sum, sha1sum, sha256sum, job (each job after a warm-up on 8 ` +
        `sectors); the job's figures are the means of ` +
        `its two runs (job time ${jobFirst.seconds.toFixed(2)} s and ` +
        `${jobSecond.seconds.toFixed(2)} s; wall time of the call, with opening the file and ` +
        `starting the job and digest threads under tsx: ${job.wallSeconds.toFixed(2)} s).`,
      ...digestLines,
      'VmHWM is of the bench process, which holds the job threads; it is reset (clear_refs 5) ' +
        `before each job. RSS before the first job: ${(jobFirst.rssBeforeBytes / MB).toFixed(1)} MB.`,
    ],
  });
});
