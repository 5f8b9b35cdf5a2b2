// Whole-disk jobs, read side: the sequential read rate of a job against fio, and a search for a
// 4-byte hex pattern against that plain read rate. The job engine offers no plain-read job (a
// hash needs an algorithm, an export writes a file), so the plain read is a search for a 16-byte
// pattern that never occurs: one Buffer.indexOf pass per block, far faster than the disk.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { READS_IN_FLIGHT } from '../../electron/jobs/job-context';
import { DEFAULT_BLOCK_BYTES } from '../../electron/jobs/job-validation';
import { runFio } from './fio';
import { jobDataFile, MEMORY_TARGET_MB } from './job-data';
import { combineRuns, timeJob, type TimedJob } from './job-runner';
import { MB } from './proc-memory';
import { readSectionArgs, runSection } from './section-args';
import { ratioOf, writeSectionResult, type BenchRow } from './section-result';

const NEVER_PATTERN = '8f3a61c2d97e04b5aa1e6c3f5b2d9e07';
const SEARCH_TARGET_RATIO = 0.8;

/**
 * Four bytes of the file from about 60 % into it, so the search has at least one hit: none of
 * them 00 (empty space) or 0A (grep's line end), and no overlap with itself, so grep -o counts
 * exactly the positions where it occurs.
 */
function patternFromFile(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const window = Buffer.alloc(4096);
    readSync(fd, window, 0, window.length, Math.floor(bytes * 0.6));
    for (let at = 0; at + 4 <= window.length; at++) {
      const candidate = window.subarray(at, at + 4);
      const overlaps = [1, 2, 3].some((k) =>
        candidate.subarray(0, k).equals(candidate.subarray(4 - k)),
      );
      if (!candidate.includes(0x00) && !candidate.includes(0x0a) && !overlaps) {
        return Buffer.from(candidate);
      }
    }
  } finally {
    closeSync(fd);
  }
  throw new Error(`no usable 4-byte pattern near 60 % of ${path}`);
}

/** Occurrences of `pattern` in the file by grep, the independent count of the search's hits. */
function grepCount(path: string, pattern: Buffer, dataDir: string): number {
  const patternFile = join(dataDir, 'search-pattern.bin');
  writeFileSync(patternFile, Buffer.concat([pattern, Buffer.from('\n')]));
  try {
    console.error(`bench: LC_ALL=C grep -oaF -f ${patternFile} ${path} (counting hits)`);
    const run = spawnSync('grep', ['-oaF', '-f', patternFile, path], {
      env: { ...process.env, LC_ALL: 'C' },
      maxBuffer: 1024 * 1024 * 1024,
    });
    if (run.status !== 0 && run.status !== 1) {
      throw new Error(`grep failed (exit ${run.status}): ${run.stderr.toString()}`);
    }
    return run.stdout.length / (pattern.length + 1);
  } finally {
    rmSync(patternFile, { force: true });
  }
}

/** "fio 812, 790; plain ..." in MB/s: both runs of each contender, to show the spread. */
function runPairs(pairs: [string, { bytesPerSecond: number }, { bytesPerSecond: number }][]) {
  const mbps = (run: { bytesPerSecond: number }) => (run.bytesPerSecond / MB).toFixed(0);
  return pairs.map(([name, a, b]) => `${name} ${mbps(a)}, ${mbps(b)}`).join('; ');
}

function searchHits(run: TimedJob): number {
  if (run.result.kind !== 'search') throw new Error('a search job returned another kind of result');
  return run.result.hits;
}

function memoryRow(measure: string, peakBytes: number): BenchRow {
  const value = peakBytes / MB;
  return {
    measure,
    unit: 'MB',
    value,
    peer: 'target',
    peerValue: MEMORY_TARGET_MB,
    ratio: ratioOf(value, MEMORY_TARGET_MB),
    target: `< ${MEMORY_TARGET_MB} MB`,
    met: value < MEMORY_TARGET_MB,
  };
}

runSection(async () => {
  const args = readSectionArgs();
  const { path, bytes } = jobDataFile(args.dataDir, args.quick);
  const pattern = patternFromFile(path, bytes);
  const fioArgs = [
    '--name=r',
    `--filename=${path}`,
    '--direct=1',
    '--rw=read',
    '--bs=1M',
    '--ioengine=psync',
    '--output-format=json',
  ];
  const never = { kind: 'search', pattern: { type: 'hex', value: NEVER_PATTERN } } as const;
  const search = {
    kind: 'search',
    pattern: { type: 'hex', value: pattern.toString('hex') },
  } as const;

  // The job's own read shape (block size, reads in flight) as fio, for information.
  const shapeArgs = [
    ...fioArgs.filter((arg) => !arg.startsWith('--bs=') && !arg.startsWith('--ioengine=')),
    `--bs=${DEFAULT_BLOCK_BYTES / 1024}k`,
    '--ioengine=libaio',
    `--iodepth=${READS_IN_FLIGHT}`,
  ];

  // fio, fio in the job's shape, plain, search, then the reverse; each figure is the mean of its
  // two runs, so drift of the machine weighs on all of them alike.
  const fioFirst = runFio(fioArgs);
  const shapeFirst = runFio(shapeArgs);
  const plainFirst = await timeJob(path, never);
  const searchFirst = await timeJob(path, search);
  const searchSecond = await timeJob(path, search);
  const plainSecond = await timeJob(path, never);
  const shapeSecond = runFio(shapeArgs);
  const fioSecond = runFio(fioArgs);
  const plainRuns = [plainFirst, plainSecond];
  const searchRuns = [searchFirst, searchSecond];

  for (const run of plainRuns) {
    if (searchHits(run) !== 0) throw new Error(`the pattern ${NEVER_PATTERN} occurs in ${path}`);
  }
  const hits = searchHits(searchFirst);
  if (searchHits(searchSecond) !== hits)
    throw new Error('two runs of one search found different hits');
  const grepHits = grepCount(path, pattern, args.dataDir);
  const fioRate = (fioFirst.bytesPerSecond + fioSecond.bytesPerSecond) / 2;
  const shapeRate = (shapeFirst.bytesPerSecond + shapeSecond.bytesPerSecond) / 2;
  const plain = combineRuns(plainRuns);
  const searched = combineRuns(searchRuns);
  const readRatio = ratioOf(plain.bytesPerSecond / MB, fioRate / MB);
  const searchRatio = ratioOf(searched.bytesPerSecond / MB, plain.bytesPerSecond / MB);

  const rows: BenchRow[] = [
    {
      measure: 'sequential read, job (search that never matches)',
      unit: 'MB/s',
      value: plain.bytesPerSecond / MB,
      peer: 'fio read bs=1M psync',
      peerValue: fioRate / MB,
      ratio: readRatio,
      target: null,
      met: null,
    },
    {
      measure: 'sequential read, job (same)',
      unit: 'MB/s',
      value: plain.bytesPerSecond / MB,
      peer: `fio in the job's shape`,
      peerValue: shapeRate / MB,
      ratio: ratioOf(plain.bytesPerSecond, shapeRate),
      target: null,
      met: null,
    },
    {
      measure: `search for 4-byte hex ${pattern.toString('hex')}`,
      unit: 'MB/s',
      value: searched.bytesPerSecond / MB,
      peer: 'plain read (job above)',
      peerValue: plain.bytesPerSecond / MB,
      ratio: searchRatio,
      target: `ratio >= ${SEARCH_TARGET_RATIO}`,
      met: searchRatio !== null && searchRatio >= SEARCH_TARGET_RATIO,
    },
    {
      measure: 'search hits',
      unit: 'hits',
      value: hits,
      peer: 'grep -oaF (LC_ALL=C)',
      peerValue: grepHits,
      ratio: ratioOf(hits, grepHits),
      target: 'equal',
      met: hits === grepHits,
    },
    memoryRow('process VmHWM, read job', plain.peakBytes),
    memoryRow('process VmHWM, search job', searched.peakBytes),
  ];
  writeSectionResult(args.out, {
    id: 'job-read-search',
    title: `Whole-disk jobs: read and search, ${bytes / 2 ** 20} MiB random-data file`,
    rows,
    notes: [
      `Peer: ${fioFirst.command}`,
      `Peer in the job's shape (${DEFAULT_BLOCK_BYTES / 2 ** 20} MiB blocks, ${READS_IN_FLIGHT} ` +
        `reads in flight), for information: ${shapeFirst.command}`,
      `Plain read: runJobOnPath(FILE, whole disk, { kind: 'search', pattern: hex ${NEVER_PATTERN} }), ` +
        '0 hits (checked); the engine has no plain-read job.',
      'Order: fio, fio in the job shape, plain, search, then the reverse; each figure is the ' +
        'mean of its two runs. Runs, MB/s: ' +
        runPairs([
          ['fio', fioFirst, fioSecond],
          ['fio job shape', shapeFirst, shapeSecond],
          ['plain', plainFirst, plainSecond],
          ['search', searchFirst, searchSecond],
        ]) +
        '.',
      `Job rates use the job's own time (result.seconds): plain ${plain.seconds.toFixed(2)} s, ` +
        `search ${searched.seconds.toFixed(2)} s. Wall time of the call, with opening the file ` +
        `and starting the job thread under tsx: ${plain.wallSeconds.toFixed(2)} s and ` +
        `${searched.wallSeconds.toFixed(2)} s.`,
      `The 4-byte pattern was taken from the file itself (at about 60 %), so it has hits to check.`,
      'VmHWM is of the bench process, which holds the job threads; it is reset (clear_refs 5) ' +
        `before each job. RSS before the jobs: ${(plainFirst.rssBeforeBytes / MB).toFixed(1)} MB ` +
        '(this process has tsx loaded; the app does not).',
    ],
  });
});
