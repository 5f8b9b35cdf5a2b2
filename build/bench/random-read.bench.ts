// Section 1: random 4 KiB reads through the native bridge (DiskReader.readSectors, whose small
// reads run on the disk's read thread) against fio with O_DIRECT and psync on the same 1 GiB
// random-data file. Queue depth 1 is a loop of awaited calls, as fio's psync engine does one
// pread at a time; QD2 runs two such loops at once.

import { closeSync, openSync, readSync } from 'node:fs';
import type { DiskReader } from '../../native-bridge';
import { runFio, type FioRun } from './fio';
import { ensureRandomFile } from './data-files';
import { measureLibcPread } from './libc-pread-loop';
import { loadShippedBridge } from './shipped-bridge';
import { readSectionArgs, runSection } from './section-args';
import { ratioOf, writeSectionResult, type BenchRow } from './section-result';
import { randomBelow, seededRandom } from './seeded-random';

const FILE_BYTES = 1024 * 1024 * 1024;
const BLOCK_BYTES = 4096;
const TARGET_RATIO = 0.8;
const CHECKED_READS = 64;

interface Measured {
  iops: number;
  meanLatencyMicros: number;
}

function fromFio(run: FioRun): Measured {
  return { iops: run.iops, meanLatencyMicros: run.meanLatencyMicros };
}

/** `depth` loops of awaited 4 KiB reads at random 4 KiB-aligned offsets, for `seconds`. */
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
  const elapsed = (performance.now() - started) / 1000;
  const iops = reads / elapsed;
  return { iops, meanLatencyMicros: (depth / iops) * 1e6 } satisfies Measured;
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
    `--runtime=${seconds}`,
    '--time_based',
    '--output-format=json',
  ];
  return jobs > 1 ? [...args, `--numjobs=${jobs}`] : args;
}

function fioCommand(path: string, seconds: number, jobs: number): string {
  return ['fio', ...fioArgs(path, seconds, jobs)].join(' ');
}

function row(
  measure: string,
  ours: Measured,
  peer: string,
  fio: Measured,
  goal: boolean,
): BenchRow {
  const ratio = ratioOf(ours.iops, fio.iops);
  return {
    measure,
    unit: 'IOPS',
    value: ours.iops,
    peer,
    peerValue: fio.iops,
    ratio,
    target: goal ? `ratio >= ${TARGET_RATIO}` : null,
    met: goal ? ratio !== null && ratio >= TARGET_RATIO : null,
  };
}

runSection(async () => {
  const args = readSectionArgs();
  const seconds = args.quick ? 2 : 10;
  const path = ensureRandomFile(args.dataDir, 'random-1GiB.bin', FILE_BYTES);
  const { DiskReader } = await loadShippedBridge(args.dataDir);
  const reader = await DiskReader.open(path);
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
    await measureReader(reader, 1, Math.min(1, seconds), 1); // JIT and thread-pool warm-up

    // Each contender runs twice for half the time, in the order A B C D E then E D C B A, and its
    // figure is the mean of its two halves: slow drift of the machine (host cache, other load)
    // then weighs on every contender alike instead of favouring whoever ran first.
    const half = seconds / 2;
    const contenders = {
      fioQd1: async () => fromFio(runFio(fioArgs(path, half, 1))),
      oursQd1: async () => {
        console.error(`bench: DiskReader.readSectors QD1 for ${half} s`);
        return measureReader(reader, 1, half, 11);
      },
      bindingQd1: async () => {
        console.error(`bench: the bridge's libc binding alone (pread.async) QD1 for ${half} s`);
        return {
          iops: await measureLibcPread(path, reader.info.size, half),
          meanLatencyMicros: NaN,
        };
      },
      oursQd2: async () => {
        console.error(`bench: DiskReader.readSectors QD2 for ${half} s`);
        return measureReader(reader, 2, half, 12);
      },
      fioQd2: async () => fromFio(runFio(fioArgs(path, half, 2))),
    };
    type Contender = keyof typeof contenders;
    const order = Object.keys(contenders) as Contender[];
    const halves = new Map<Contender, Measured[]>();
    for (const name of [...order, ...[...order].reverse()]) {
      const measured = await contenders[name]();
      halves.set(name, [...(halves.get(name) ?? []), measured]);
    }
    const result = (name: Contender): Measured => {
      const runs = halves.get(name) ?? [];
      const mean = (pick: (run: Measured) => number) =>
        runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
      return {
        iops: mean((run) => run.iops),
        meanLatencyMicros: mean((run) => run.meanLatencyMicros),
      };
    };
    const fioQd1 = result('fioQd1');
    const oursQd1 = result('oursQd1');

    notes.push(`Peer QD1: ${fioCommand(path, half, 1)}, twice.`);
    notes.push(`Peer QD2 (for information): ${fioCommand(path, half, 2)}, twice.`);
    notes.push(
      `Order: ${order.join(', ')}, then the reverse; ${half} s each, figures are the means of ` +
        'the two halves.',
    );
    notes.push(
      `Mean latency QD1: DiskReader ${oursQd1.meanLatencyMicros.toFixed(1)} us, ` +
        `fio ${fioQd1.meanLatencyMicros.toFixed(1)} us (completion latency).`,
    );
    notes.push(
      'The libc-binding row awaits koffi pread.async (libuv thread pool) in a loop with one ' +
        'reused aligned buffer: the path DiskReader takes for reads over 128 KiB. Its gap to ' +
        'fio is the cost of waking a pool thread and then the event loop for every read.',
    );
    const counts = reader.preadCounts;
    notes.push(
      `DiskReader served ${counts.readThread} preads on its read thread and ${counts.threadPool} ` +
        'on the thread pool (the first, while the thread started; and at QD2, the second read ' +
        'while the thread is busy).',
    );
    notes.push(
      'DiskReader runs at most 2 preads of one disk at once (its CallGate), so QD2 is its ceiling.',
    );
    writeSectionResult(args.out, {
      id: 'random-read',
      title: `Random 4 KiB reads, O_DIRECT, 1 GiB random-data file (${seconds} s each, in two halves)`,
      rows: [
        row('random 4 KiB reads, QD1', oursQd1, 'fio psync QD1', fioQd1, true),
        row(
          'random 4 KiB reads, QD1, libc binding alone',
          result('bindingQd1'),
          'fio psync QD1',
          fioQd1,
          false,
        ),
        row(
          'random 4 KiB reads, QD2',
          result('oursQd2'),
          'fio psync numjobs=2',
          result('fioQd2'),
          false,
        ),
      ],
      notes,
    });
  } finally {
    await reader.close();
  }
});
