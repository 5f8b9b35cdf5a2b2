// Section 1: random 4 KiB reads through the native bridge (DiskReader.readSectors) against fio
// with O_DIRECT and psync on the same 1 GiB random-data file, by both paths a user may get: small
// reads through io_uring, and through the disk's read threads (a kernel without what the ring
// needs, such as Debian 12's 6.1, or SECTORSCOPE_IO_URING=0). Queue depth 1 is a loop of awaited calls, as
// fio's psync engine does one pread at a time; QD2 runs two such loops at once; QD1 is also
// measured beside a CPU-bound process, for information. The contenders run in short paired
// rounds (paired-rounds.ts): this host's disk and CPUs are shared, and their speed jumps within
// seconds.

import { closeSync, openSync, readSync } from 'node:fs';
import type { DiskReader } from '../../native-bridge';
import { besideBusyProcess } from './busy-neighbour';
import { runFio } from './fio';
import { ensureRandomFile } from './data-files';
import { measureLibcPread } from './libc-pread-loop';
import {
  meanIops,
  measuredRatios,
  medianIops,
  roundRatios,
  runRounds,
  type RoundFigure,
} from './paired-rounds';
import { loadShippedBridge } from './shipped-bridge';
import { readSectionArgs, runSection } from './section-args';
import { ratioOf, writeSectionResult, type BenchRow } from './section-result';
import { randomBelow, seededRandom } from './seeded-random';
import { median } from './stats';

const FILE_BYTES = 1024 * 1024 * 1024;
const BLOCK_BYTES = 4096;
const TARGET_RATIO = 0.8;
const CHECKED_READS = 64;

/** `depth` loops of awaited 4 KiB reads at random 4 KiB-aligned offsets, for `seconds`: IOPS. */
async function measureReader(reader: DiskReader, depth: number, seconds: number, seed: number) {
  const sectorsPerBlock = BLOCK_BYTES / reader.info.logicalSectorSize;
  const blocks = reader.info.size / BigInt(BLOCK_BYTES);
  const random = seededRandom(seed);
  let reads = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const lba = randomBelow(random, blocks) * BigInt(sectorsPerBlock);
      await reader.readSectors(lba, sectorsPerBlock);
      reads++;
    }
  };
  await Promise.all(Array.from({ length: depth }, loop));
  return reads / ((performance.now() - started) / 1000);
}

/** The bench measures real reads: some random blocks must equal what a plain read() returns. */
async function checkReads(reader: DiskReader, path: string): Promise<void> {
  const random = seededRandom(7);
  const blocks = reader.info.size / BigInt(BLOCK_BYTES);
  const expected = Buffer.alloc(BLOCK_BYTES);
  const fd = openSync(path, 'r');
  try {
    for (let i = 0; i < CHECKED_READS; i++) {
      const offset = randomBelow(random, blocks) * BigInt(BLOCK_BYTES);
      const lba = offset / BigInt(reader.info.logicalSectorSize);
      const { data } = await reader.readSectors(lba, BLOCK_BYTES / reader.info.logicalSectorSize);
      readSync(fd, expected, 0, BLOCK_BYTES, offset);
      if (!expected.equals(data)) {
        throw new Error(
          `DiskReader returned other bytes than read() at offset ${offset} of ${path}`,
        );
      }
    }
  } finally {
    closeSync(fd);
  }
}

function fioArgs(path: string, seconds: number, jobs: number): string[] {
  const args = [
    '--name=r',
    `--filename=${path}`,
    '--direct=1',
    '--rw=randread',
    '--bs=4k',
    '--ioengine=psync',
    `--runtime=${Math.round(seconds * 1000)}ms`,
    '--time_based',
    '--output-format=json',
  ];
  return jobs > 1 ? [...args, `--numjobs=${jobs}`] : args;
}

function fioCommand(path: string, seconds: number, jobs: number): string {
  return ['fio', ...fioArgs(path, seconds, jobs)].join(' ');
}

/** The medians of both sides' rounds, and the median of the rounds' own ratios. */
function medianRow(
  measure: string,
  ours: readonly RoundFigure[],
  peer: string,
  peerFigures: readonly RoundFigure[],
  goal: boolean,
): BenchRow {
  const ratio = median(measuredRatios(roundRatios(ours, peerFigures)));
  return {
    measure,
    unit: 'IOPS',
    value: medianIops(ours),
    peer,
    peerValue: medianIops(peerFigures),
    ratio: Number.isNaN(ratio) ? null : ratio,
    target: goal ? `ratio >= ${TARGET_RATIO}` : null,
    met: goal ? ratio >= TARGET_RATIO : null,
  };
}

function pooledRow(
  measure: string,
  ours: readonly RoundFigure[],
  peer: string,
  peerFigures: readonly RoundFigure[],
): BenchRow {
  const value = meanIops(ours);
  const peerValue = meanIops(peerFigures);
  return {
    measure,
    unit: 'IOPS',
    value,
    peer,
    peerValue,
    ratio: ratioOf(value, peerValue),
    target: null,
    met: null,
  };
}

const percent = (share: number | null) => (share === null ? '?' : `${Math.round(share * 100)}%`);
const whole = (iops: number) => Math.round(iops).toLocaleString('en-US');

/** One line per round: each contender's IOPS and the host's CPU steal while it ran. */
function roundLines(
  label: string,
  columns: [string, readonly RoundFigure[]][],
  ratios: readonly number[],
): string[] {
  return ratios.map((ratio, round) => {
    const cells = columns.map(([name, figures]) => {
      const figure = figures[round];
      return figure ? `${name} ${whole(figure.iops)} (steal ${percent(figure.steal)})` : '';
    });
    const ratioText = Number.isNaN(ratio) ? 'no ratio (the peer read nothing)' : ratio.toFixed(2);
    return `${label} round ${round + 1}: ${cells.join(', ')}; ratio ${ratioText}.`;
  });
}

runSection(async () => {
  const args = readSectionArgs();
  const qd1Rounds = args.quick ? 4 : 12;
  const qd2Rounds = args.quick ? 2 : 4;
  const busyRounds = args.quick ? 2 : 4;
  const roundSeconds = args.quick ? 0.5 : 1.5;
  const path = ensureRandomFile(args.dataDir, 'random-1GiB.bin', FILE_BYTES);
  const { DiskReader } = await loadShippedBridge(args.dataDir);
  const reader = await DiskReader.open(path);
  const threads = await DiskReader.open(path, undefined, { ioRing: false });
  const notes: string[] = [];
  try {
    if (!reader.info.directIO) {
      notes.push(
        `${path} is on a filesystem that refuses O_DIRECT: reads go through the page cache, ` +
          'so these figures do not measure the disk.',
      );
    }
    await checkReads(reader, path);
    notes.push(
      `Checked ${CHECKED_READS} random 4 KiB reads of DiskReader against read() on the same file: equal.`,
    );
    notes.push(
      'DiskReader runs as the app ships it: native-bridge bundled by esbuild (with its read ' +
        'thread beside it) into .bench/shipped-bridge/, not the tsx-transpiled sources.',
    );
    await measureReader(reader, 1, 1, 1); // JIT and read-thread warm-up
    await measureReader(threads, 1, 1, 1);

    let seed = 100;
    /** The first read thread's wait mode after each run at QD1 (wait-mode.ts). */
    const waitModes: { calm: string[]; busy: string[] } = { calm: [], busy: [] };
    const threadsQd1 = async (modes: string[]) => {
      const iops = await measureReader(threads, 1, roundSeconds, seed++);
      modes.push(threads.readThreadWaitMode?.mode ?? 'no read thread');
      return iops;
    };
    console.error(
      `bench: ${qd1Rounds} rounds of fio, DiskReader (both paths) and the binding at QD1`,
    );
    const qd1 = await runRounds(
      {
        fio: async () => runFio(fioArgs(path, roundSeconds, 1)).iops,
        ours: async () => measureReader(reader, 1, roundSeconds, seed++),
        threads: async () => threadsQd1(waitModes.calm),
        binding: async () => measureLibcPread(path, reader.info.size, roundSeconds, seed++),
      },
      qd1Rounds,
    );
    console.error(`bench: ${qd2Rounds} rounds of fio and DiskReader (both paths) at QD2`);
    const qd2 = await runRounds(
      {
        fio: async () => runFio(fioArgs(path, roundSeconds, 2)).iops,
        ours: async () => measureReader(reader, 2, roundSeconds, seed++),
        threads: async () => measureReader(threads, 2, roundSeconds, seed++),
      },
      qd2Rounds,
    );

    console.error(`bench: ${busyRounds} rounds at QD1 beside a CPU-bound process`);
    const busy = await runRounds(
      {
        fio: async () => besideBusyProcess(async () => runFio(fioArgs(path, roundSeconds, 1)).iops),
        ours: async () =>
          besideBusyProcess(async () => measureReader(reader, 1, roundSeconds, seed++)),
        threads: async () => besideBusyProcess(async () => threadsQd1(waitModes.busy)),
      },
      busyRounds,
    );

    const qd1Ratios = measuredRatios(roundRatios(qd1.ours, qd1.fio));
    notes.push(
      `Paired rounds: ${qd1Rounds} at QD1 (fio, DiskReader, the binding), ${qd2Rounds} at QD2 ` +
        `(fio, DiskReader), then ${busyRounds} at QD1 with a CPU-bound process (node -e ` +
        `'for (;;) {}') running beside each contender; ${roundSeconds} s per contender. Rounds ` +
        'run the contenders in the order listed, and odd rounds in reverse, so fio and ' +
        'DiskReader always run back to back and each goes first in half the rounds. A ratio ' +
        'compares the two sides of one round, and the target row gives ' +
        "the median of the rounds' ratios (its IOPS are the medians of each side). The pooled " +
        'row is the mean over all rounds, where rounds the host slowed weigh in too.',
    );
    if (qd1Ratios.length > 0) {
      notes.push(
        `QD1 round ratios from ${Math.min(...qd1Ratios).toFixed(2)} to ` +
          `${Math.max(...qd1Ratios).toFixed(2)}; ` +
          `${qd1Ratios.filter((r) => r >= TARGET_RATIO).length} of ${qd1Ratios.length} rounds ` +
          `at ${TARGET_RATIO} or more.`,
      );
    }
    notes.push(
      ...roundLines(
        'QD1',
        [
          ['fio', qd1.fio],
          ['DiskReader', qd1.ours],
          ['read threads', qd1.threads],
          ['binding', qd1.binding],
        ],
        roundRatios(qd1.ours, qd1.fio),
      ),
      ...roundLines(
        'Beside a busy process, QD1',
        [
          ['fio', busy.fio],
          ['DiskReader', busy.ours],
          ['read threads', busy.threads],
        ],
        roundRatios(busy.ours, busy.fio),
      ),
      ...roundLines(
        'QD2',
        [
          ['fio', qd2.fio],
          ['DiskReader', qd2.ours],
          ['read threads', qd2.threads],
        ],
        roundRatios(qd2.ours, qd2.fio),
      ),
    );
    notes.push(`Peer QD1: ${fioCommand(path, roundSeconds, 1)}, once per round.`);
    notes.push(`Peer QD2 (for information): ${fioCommand(path, roundSeconds, 2)}, once per round.`);
    notes.push(
      'The binding awaits koffi pread.async (libuv thread pool) in a loop with one reused ' +
        'aligned buffer, for information: no read of DiskReader takes that path any more. Its ' +
        'gap to fio is the cost of waking a pool thread and then the event loop for every read.',
    );
    const quick = reader.quickReadPath;
    notes.push(
      `DiskReader's small reads went to: ${quick.kind}` +
        (quick.ioRingUnavailable ? ` (io_uring: ${quick.ioRingUnavailable})` : '') +
        '; the "read threads" reader was opened with io_uring off (as SECTORSCOPE_IO_URING=0 ' +
        'does, and as a kernel without what the ring needs gives).',
    );
    notes.push(
      "The first read thread's wait mode after each read-threads run at QD1 (spin: both sides " +
        'stay awake between reads; sleep: they sleep, chosen when spinning costs more): ' +
        `${waitModes.calm.join(' ')}; beside the busy process: ${waitModes.busy.join(' ')}.`,
    );
    const counts = reader.preadCounts;
    const threadCounts = threads.preadCounts;
    notes.push(
      `DiskReader served ${counts.ioRing} preads through io_uring and ${counts.readThread} on ` +
        `its read threads; the read-threads reader ${threadCounts.readThread} on its read ` +
        `threads and ${threadCounts.ioRing} through io_uring.`,
    );
    notes.push(
      'DiskReader runs at most 2 preads of one disk at once (its CallGate), so QD2 is its ceiling.',
    );
    writeSectionResult(args.out, {
      id: 'random-read',
      title:
        `Random 4 KiB reads, O_DIRECT, 1 GiB random-data file (paired rounds of ` +
        `${roundSeconds} s per contender)`,
      rows: [
        medianRow(
          `random 4 KiB reads, QD1, median of ${qd1Rounds} rounds`,
          qd1.ours,
          'fio psync QD1',
          qd1.fio,
          true,
        ),
        pooledRow('random 4 KiB reads, QD1, all rounds pooled', qd1.ours, 'fio psync QD1', qd1.fio),
        medianRow(
          `random 4 KiB reads, QD1, read threads (no io_uring), median of ${qd1Rounds} rounds`,
          qd1.threads,
          'fio psync QD1',
          qd1.fio,
          false,
        ),
        medianRow(
          'random 4 KiB reads, QD1, libc binding alone',
          qd1.binding,
          'fio psync QD1',
          qd1.fio,
          false,
        ),
        medianRow(
          `random 4 KiB reads, QD1, beside a CPU-bound process, median of ${busyRounds} rounds`,
          busy.ours,
          'fio psync QD1, same',
          busy.fio,
          false,
        ),
        medianRow(
          `random 4 KiB reads, QD1, read threads, beside a CPU-bound process`,
          busy.threads,
          'fio psync QD1, same',
          busy.fio,
          false,
        ),
        medianRow(
          `random 4 KiB reads, QD2, median of ${qd2Rounds} rounds`,
          qd2.ours,
          'fio psync numjobs=2',
          qd2.fio,
          false,
        ),
        medianRow(
          `random 4 KiB reads, QD2, read threads, median of ${qd2Rounds} rounds`,
          qd2.threads,
          'fio psync numjobs=2',
          qd2.fio,
          false,
        ),
      ],
      notes,
    });
  } finally {
    await reader.close();
    await threads.close();
  }
});
