// Content map: a quick map of a 16 TiB sparse image (4,096 cells of 4 GiB, 8 samples of 4 KiB
// each) against its 5 s target, with the time to the first picture; a full map of the 2 GiB
// random-data file against the hash job's rate in the same run (target: 0.9 of it or more);
// the peak memory of each. Every map is checked: the sparse image maps as zero throughout, the
// random file as random.

import type { JobSpec, MapResult } from '../../electron/shared/contract';
import { runJobOnPath } from '../../electron/jobs/run-job-on-path';
import { makeSparseFile } from './data-files';
import { jobDataFile, MEMORY_TARGET_MB } from './job-data';
import { combineRuns, timeJob, type TimedJob } from './job-runner';
import { MB, readProcessMemory } from './proc-memory';
import { readSectionArgs, runSection } from './section-args';
import { ratioOf, writeSectionResult, type BenchRow } from './section-result';
import { writeFileSync } from 'node:fs';

const TIB = 2n ** 40n;
const QUICK_TARGET_S = 5;
const FULL_RATIO_TARGET = 0.9;
const QUICK_RUNS = 3;

/** 16 TiB, or where ext4 refuses that (it stops 4 KiB short), 16 TiB less 4 KiB. */
function sparseImage(dataDir: string): { path: string; bytes: bigint; note: string } {
  const name = 'map-sparse-16TiB.img';
  try {
    return {
      path: makeSparseFile(dataDir, name, 16n * TIB, new Map()),
      bytes: 16n * TIB,
      note: '',
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EFBIG') throw error;
    const bytes = 16n * TIB - 4096n;
    return {
      path: makeSparseFile(dataDir, name, bytes, new Map()),
      bytes,
      note:
        `${dataDir}'s filesystem refuses a 16 TiB file (EFBIG: ext4 stops 4 KiB short), so the ` +
        'image is 16 TiB less 4 KiB there, read with O_DIRECT as a disk is. ',
    };
  }
}

interface QuickRun {
  rssBeforeBytes: number;
  wallSeconds: number;
  jobSeconds: number;
  /** From the call to the first cells (the layout, all pending) and to the first classified. */
  layoutSeconds: number;
  firstClassSeconds: number;
  peakBytes: number;
  result: MapResult;
}

async function timeQuickMap(path: string): Promise<QuickRun> {
  writeFileSync('/proc/self/clear_refs', '5');
  const rssBeforeBytes = readProcessMemory(process.pid).rssBytes;
  const started = performance.now();
  let layoutSeconds = NaN;
  let firstClassSeconds = NaN;
  const run = await runJobOnPath(
    path,
    undefined,
    { kind: 'map', mode: 'quick' },
    {
      onCells: (cells) => {
        const at = (performance.now() - started) / 1000;
        if (Number.isNaN(layoutSeconds)) layoutSeconds = at;
        else if (Number.isNaN(firstClassSeconds) && cells.some((cell) => cell.class !== null)) {
          firstClassSeconds = at;
        }
      },
    },
  );
  if (run.result.kind !== 'map') throw new Error('a map job returned another kind of result');
  return {
    rssBeforeBytes,
    wallSeconds: run.seconds,
    jobSeconds: run.result.seconds,
    layoutSeconds,
    firstClassSeconds,
    peakBytes: readProcessMemory(process.pid).hwmBytes,
    result: run.result,
  };
}

function mapOf(run: TimedJob): MapResult {
  if (run.result.kind !== 'map') throw new Error('a map job returned another kind of result');
  return run.result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

/** The first fields of a row: what, and what it is set against. */
function against(measure: string, unit: string, value: number, peer: string) {
  return { measure, unit, value, peer };
}

/** A figure for information: the median over the quick runs. */
function info(measure: string, runs: QuickRun[], field: 'layoutSeconds' | 'firstClassSeconds') {
  const value = median(runs.map((run) => run[field]));
  return {
    ...against(measure, 's', value, ''),
    peerValue: null,
    ratio: null,
    target: null,
    met: null,
  };
}

/** The check that every cell of a map has the class its image must give. */
function allCells(job: string, expected: string, got: number, of: number): BenchRow {
  const measure = `  ${job}: cells mapped as ${expected}, of ${of}`;
  return {
    ...against(measure, 'cells', got, 'all'),
    peerValue: of,
    ratio: null,
    target: 'all',
    met: got === of,
  };
}

/** The peak memory of the process over a job, against the job benches' target. */
function memoryRow(job: string, peakMb: number): BenchRow {
  const ratio = ratioOf(peakMb, MEMORY_TARGET_MB);
  const target = `< ${MEMORY_TARGET_MB} MB`;
  const met = peakMb < MEMORY_TARGET_MB;
  return {
    measure: `process VmHWM, ${job}`,
    unit: 'MB',
    value: peakMb,
    peer: 'target',
    peerValue: MEMORY_TARGET_MB,
    ratio,
    target,
    met,
  };
}

runSection(async () => {
  const args = readSectionArgs();

  // Quick map of the sparse image: the median of three runs.
  const sparse = sparseImage(args.dataDir);
  const quickRuns: QuickRun[] = [];
  for (let i = 0; i < QUICK_RUNS; i++) quickRuns.push(await timeQuickMap(sparse.path));
  const quickWall = median(quickRuns.map((run) => run.wallSeconds));
  const quickPeakMb = Math.max(...quickRuns.map((run) => run.peakBytes)) / MB;
  const zeroCells = Math.min(
    ...quickRuns.map((run) => run.result.cells.filter((cell) => cell.class === 'zero').length),
  );
  const cellCount = quickRuns[0]?.result.cells.length ?? 0;

  // Full map of the random-data file, around the hash job it is measured against.
  const { path, bytes } = jobDataFile(args.dataDir, args.quick);
  const mapSpec: JobSpec = { kind: 'map', mode: 'full' };
  const hashSpec: JobSpec = { kind: 'hash', algorithms: ['md5', 'sha1', 'sha256'] };
  const mapFirst = await timeJob(path, mapSpec, { warmUp: true });
  const hash = await timeJob(path, hashSpec, { warmUp: true });
  const mapSecond = await timeJob(path, mapSpec, { warmUp: true });
  const full = combineRuns([mapFirst, mapSecond]);
  const fullRatio = ratioOf(full.bytesPerSecond, hash.bytesPerSecond);
  const fullPeakMb = full.peakBytes / MB;
  const randomCells = Math.min(
    ...[mapFirst, mapSecond].map(
      (run) => mapOf(run).cells.filter((c) => c.class === 'random').length,
    ),
  );
  const fullCells = mapOf(mapFirst).cells.length;

  const sparseSize = sparse.bytes === 16n * TIB ? '16 TiB' : '16 TiB - 4 KiB';
  const rows: BenchRow[] = [
    {
      ...against(`quick map, ${sparseSize} sparse image, time`, 's', quickWall, 'target'),
      peerValue: QUICK_TARGET_S,
      ratio: ratioOf(quickWall, QUICK_TARGET_S),
      target: `<= ${QUICK_TARGET_S} s`,
      met: quickWall <= QUICK_TARGET_S,
    },
    info('  quick map: its layout on screen (all cells pending)', quickRuns, 'layoutSeconds'),
    info('  quick map: first cells classified', quickRuns, 'firstClassSeconds'),
    allCells('quick map', 'zero', zeroCells, cellCount === 4096 ? cellCount : NaN),
    memoryRow('quick map', quickPeakMb),
    {
      ...against(
        `full map, ${bytes / 2 ** 20} MiB random data, rate`,
        'MB/s',
        full.bytesPerSecond / MB,
        'hash job, MD5+SHA-1+SHA-256',
      ),
      peerValue: hash.bytesPerSecond / MB,
      ratio: fullRatio,
      target: `ratio >= ${FULL_RATIO_TARGET}`,
      met: fullRatio !== null && fullRatio >= FULL_RATIO_TARGET,
    },
    allCells('full map', 'random', randomCells, fullCells),
    memoryRow('full map', fullPeakMb),
  ];
  writeSectionResult(args.out, {
    id: 'content-map',
    title: 'Content map: quick map of a 16 TiB sparse image, full map against the hash job',
    rows,
    notes: [
      `${sparse.note}Quick map: 4,096 cells, 8 samples of 4 KiB each (32,768 reads), ` +
        `${QUICK_RUNS} runs, the median; time is the wall time of the call (opening the image ` +
        'and starting the job thread under tsx included): ' +
        quickRuns
          .map((run) => `${run.wallSeconds.toFixed(2)} s (job ${run.jobSeconds.toFixed(2)} s)`)
          .join(', ') +
        '.',
      'The layout is the first batch of cells (every cell, pending); the first classified cells ' +
        'arrive with the first batch after it (batches go out at most ten times a second).',
      `Full map: 4,096 cells; order map, hash, map (each after a warm-up on 8 sectors); the ` +
        `map's rate is the mean of its two runs (${mapFirst.seconds.toFixed(2)} s and ` +
        `${mapSecond.seconds.toFixed(2)} s; hash ${hash.seconds.toFixed(2)} s). Both read the ` +
        'same file with O_DIRECT through the same pipeline; the hash splits its digests over ' +
        'two threads, the map splits every block between the job thread and a helper thread.',
      'VmHWM is of the bench process, which holds the job threads; it is reset (clear_refs 5) ' +
        `before each job. RSS before the first quick map: ` +
        `${((quickRuns[0]?.rssBeforeBytes ?? 0) / MB).toFixed(1)} MB; before the first full map: ` +
        `${(mapFirst.rssBeforeBytes / MB).toFixed(1)} MB.`,
    ],
  });
});
