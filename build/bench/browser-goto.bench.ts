// Section 2: browser mode on an 8 TiB sparse image. The built `sectorscope serve` serves it;
// Debian's Chromium, driven by playwright-core, goes to random LBAs through the go-to field. Per
// go-to: Enter keydown until the target row is painted with real bytes (see goto-probe.ts), and
// after 1,000 go-tos the serving process's memory. The peer is the target itself. Two servers
// run side by side, one reading through io_uring and one through the disk's read threads
// (SECTORSCOPE_IO_URING=0, what a kernel without the ring's needs gives), each go-to made on
// both back to back, in alternating order.

import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, rmSync } from 'node:fs';
import { launchChromium } from '../../e2e/support/chromium';
import { CLI, startServe, type ServeProcess } from '../../e2e/support/serve-process';
import type { Page } from 'playwright-core';
import { makeSparseFile } from './data-files';
import { preparePageForProbe, timeGoto, type GotoTiming } from './goto-probe';
import { MB, readProcessMemory } from './proc-memory';
import { readSectionArgs, runSection } from './section-args';
import { ratioOf, writeSectionResult, type BenchRow } from './section-result';
import { randomBelow, seededRandom } from './seeded-random';
import { median, percentile } from './stats';

const SIZE = 8n * 1024n ** 4n;
const SECTOR = 512;
const SECTORS = SIZE / BigInt(SECTOR);
/** Go-tos before the timed ones: first renders, JIT, the browser's caches. Not counted. */
const WARM_UP = 5;
const TIMED = 100;
const TARGET_MEDIAN_MS = 50;
const TARGET_MEMORY_MB = 200;

/** Random LBAs away from the last screenful, where the target row could not be the top row. */
function randomLbas(count: number): bigint[] {
  const random = seededRandom(2026);
  return Array.from({ length: count }, () => randomBelow(random, SECTORS - 4096n));
}

/** A marker sector for each LBA, so every visited row holds bytes that tell it apart. */
function markerSectors(lbas: readonly bigint[]): Map<bigint, Uint8Array> {
  const sectors = new Map<bigint, Uint8Array>();
  for (const lba of lbas) {
    const sector = randomBytes(SECTOR);
    sector.write(`SECTORSCOPE-BENCH LBA ${lba} `, 'ascii');
    sectors.set(lba, sector);
  }
  return sectors;
}

function fileHex(fd: number, offset: bigint, length: number): string[] {
  const bytes = Buffer.alloc(length);
  readSync(fd, bytes, 0, length, offset);
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0'));
}

function goal(measure: string, unit: string, value: number, target: number): BenchRow {
  return {
    measure,
    unit,
    value,
    peer: 'target',
    peerValue: target,
    ratio: ratioOf(value, target),
    target: `< ${target} ${unit}`,
    met: value < target,
  };
}

function info(measure: string, unit: string, value: number): BenchRow {
  return { measure, unit, value, peer: '', peerValue: null, ratio: null, target: null, met: null };
}

runSection(async () => {
  const args = readSectionArgs();
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const visits = args.quick ? TIMED : 1000;
  const lbas = randomLbas(WARM_UP + visits);
  const image = makeSparseFile(args.dataDir, 'sparse-8TiB.img', SIZE, markerSectors(lbas));
  const imageFd = openSync(image, 'r');
  const serves: ServeProcess[] = [];
  let closeBrowser: (() => Promise<void>) | undefined;
  try {
    const { browser, cleanup } = await launchChromium();
    closeBrowser = cleanup;
    const paths: ReadPath[] = [];
    for (const [name, env] of [
      ['io_uring', {}],
      ['read threads', { SECTORSCOPE_IO_URING: '0' }],
    ] as const) {
      const serve = await startServe([image], [], env);
      serves.push(serve);
      const pid = serve.child.pid;
      if (pid === undefined) throw new Error('the serve process has no pid');
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await preparePageForProbe(page);
      await page.goto(serve.url);
      await page.getByRole('grid').waitFor();
      paths.push({ name, pid, page, atStart: readProcessMemory(pid), timings: [] });
    }

    console.error(`bench: ${WARM_UP} warm-up go-tos, then ${visits} timed ones, on each path`);
    for (const [index, lba] of lbas.entries()) {
      const offset = lba * BigInt(SECTOR);
      const order = index % 2 === 0 ? paths : [...paths].reverse();
      for (const path of order) {
        const timing = await timeGoto(path.page, lba, offset);
        const expected = fileHex(imageFd, offset, timing.hex.length);
        const shown = timing.hex.map((cell) => cell.toLowerCase());
        if (shown.join(' ') !== expected.join(' ')) {
          throw new Error(
            `LBA ${lba} (${path.name}): the grid shows ${shown.join(' ')} but ${image} holds ` +
              expected.join(' '),
          );
        }
        if (index >= WARM_UP) path.timings.push(timing);
      }
      if ((index + 1) % 200 === 0) console.error(`bench: ${index + 1} go-tos done`);
    }
    const [ring, threads] = paths as [ReadPath, ReadPath];
    const rows: BenchRow[] = [...gotoRows(ring, ''), ...gotoRows(threads, ', read threads')];
    for (const path of paths) {
      const atEnd = readProcessMemory(path.pid);
      const via = path === ring ? '' : ' (read threads)';
      rows.push(
        goal(
          `serve VmRSS after ${lbas.length} go-tos${via}`,
          'MB',
          atEnd.rssBytes / MB,
          TARGET_MEMORY_MB,
        ),
        goal(
          `serve VmHWM after ${lbas.length} go-tos${via}`,
          'MB',
          atEnd.hwmBytes / MB,
          TARGET_MEMORY_MB,
        ),
      );
      await path.page.close();
    }
    writeSectionResult(args.out, {
      id: 'browser-goto',
      title: 'Browser mode, 8 TiB sparse image, go-to in Debian Chromium (headless, 1280x800)',
      rows,
      notes: [
        `Served by: node ${CLI} serve ${image} --port 0, twice: pid ${ring.pid} as shipped ` +
          `(small reads through io_uring where the kernel has it) and pid ${threads.pid} with ` +
          "SECTORSCOPE_IO_URING=0 (every read on the disk's read threads). Each go-to was made " +
          'on both pages back to back, the first of the two alternating.',
        `${lbas.length} random LBAs (seed 2026), each with a marker sector; after every go-to the ` +
          'painted top row was compared with the image file: all equal.',
        'Timing runs in the page, from the Enter keydown event to the end of the frame that ' +
          'painted the target row as the first visible row with real hex digits (build/bench/goto-probe.ts).',
        ...paths.map(
          (path) =>
            `serve memory right after the page loaded (${path.name}): VmRSS ` +
            `${(path.atStart.rssBytes / MB).toFixed(1)} MB, VmHWM ` +
            `${(path.atStart.hwmBytes / MB).toFixed(1)} MB. MB = 10^6 bytes.`,
        ),
      ],
    });
  } finally {
    await closeBrowser?.();
    for (const serve of serves) await serve.stop();
    closeSync(imageFd);
    rmSync(image, { force: true });
  }
});

interface ReadPath {
  name: string;
  pid: number;
  page: Page;
  atStart: ReturnType<typeof readProcessMemory>;
  timings: GotoTiming[];
}

/** The go-to figures of one path; `via` names it in the measures (empty for the shipped one). */
function gotoRows({ timings }: ReadPath, via: string): BenchRow[] {
  const painted = timings.map((timing) => timing.paintedMs);
  const firstPainted = painted.slice(0, TIMED);
  const domReady = timings.map((timing) => timing.domReadyMs);
  const firstRequest = timings.flatMap((timing) => timing.firstRequestMs ?? []);
  const firstReply = timings.flatMap((timing) => timing.firstReplyMs ?? []);
  // The target is the median of every timed go-to (1,000 in a full run): the more samples, the
  // less one busy moment of a shared machine moves it. The first 100 are shown beside it.
  const rows: BenchRow[] = [
    goal(
      `go-to -> painted${via}, median of ${painted.length}`,
      'ms',
      median(painted),
      TARGET_MEDIAN_MS,
    ),
    info(`go-to -> painted${via}, p90 of ${painted.length}`, 'ms', percentile(painted, 90)),
  ];
  if (painted.length > firstPainted.length) {
    rows.push(
      info(
        `go-to -> painted${via}, median of the first ${firstPainted.length}`,
        'ms',
        median(firstPainted),
      ),
      info(
        `go-to -> painted${via}, p90 of the first ${firstPainted.length}`,
        'ms',
        percentile(firstPainted, 90),
      ),
    );
  }
  rows.push(
    info(`  of which Enter -> first request sent (median)`, 'ms', median(firstRequest)),
    info(`  of which Enter -> first reply received (median)`, 'ms', median(firstReply)),
    info(`  of which Enter -> DOM ready (median)`, 'ms', median(domReady)),
  );
  return rows;
}
