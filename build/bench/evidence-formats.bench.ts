// Section: an E01 against the raw disk it was made from. A 1 GiB disk (half random bytes, half
// zeros, as a used disk is) is acquired with ewfacquire; then (1) MD5+SHA-1+SHA-256 of the E01 in
// one pass of the job engine against `ewfverify -d sha1,sha256` on the same image (target: at
// least as fast), and (2) go-to in Chromium on the E01 and on the raw disk, served side by side,
// each go-to made on both back to back (target: the E01 within 2x of the raw disk).

import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../../e2e/support/chromium';
import type { JobSpec } from '../../electron/shared/contract';
import { CLI, startServe, type ServeProcess } from '../../e2e/support/serve-process';
import { randomBytes } from 'node:crypto';
import { preparePageForProbe, timeGoto } from './goto-probe';
import { timeJob } from './job-runner';
import { readSectionArgs, runSection } from './section-args';
import { ratioOf, writeSectionResult, type BenchRow } from './section-result';
import { randomBelow, seededRandom } from './seeded-random';
import { median, percentile } from './stats';

const DISK_BYTES = 1024 * 1024 * 1024;
const SECTOR = 512;

/** A raw disk: random bytes in its first half, zeros in its second. */
function makeDisk(folder: string): string {
  const path = join(folder, 'disk.raw');
  if (existsSync(path)) return path;
  mkdirSync(folder, { recursive: true });
  const fd = openSync(path, 'w');
  try {
    const piece = 16 * 1024 * 1024;
    for (let offset = 0; offset < DISK_BYTES / 2; offset += piece) {
      writeSync(fd, randomBytes(piece), 0, piece, offset);
    }
    writeSync(fd, Buffer.alloc(1), 0, 1, DISK_BYTES - 1);
  } finally {
    closeSync(fd);
  }
  return path;
}

function makeE01(raw: string, folder: string): string {
  const target = join(folder, 'disk');
  if (existsSync(`${target}.E01`)) return `${target}.E01`;
  console.error('bench: ewfacquire of the 1 GiB disk (deflate fast, 400 MiB segments)');
  execFileSync(
    'ewfacquire',
    ['-u', '-q', '-t', target, '-c', 'deflate:fast', '-S', '400MiB', '-d', 'sha1', raw],
    {
      stdio: 'ignore',
    },
  );
  return `${target}.E01`;
}

function timeEwfverify(image: string): { seconds: number; output: string } {
  const started = performance.now();
  const output = execFileSync('ewfverify', ['-q', '-d', 'sha1,sha256', image], {
    encoding: 'utf8',
  });
  return { seconds: (performance.now() - started) / 1000, output };
}

function hexAt(fd: number, offset: bigint, length: number): string[] {
  const bytes = Buffer.alloc(length);
  readSync(fd, bytes, 0, length, offset);
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0'));
}

runSection(async () => {
  const args = readSectionArgs();
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const folder = join(args.dataDir, 'evidence-formats');
  const raw = makeDisk(folder);
  const e01 = makeE01(raw, folder);
  const notes: string[] = [];
  const rows: BenchRow[] = [];

  // (1) Hashing: ewfverify, the job, ewfverify, the job.
  const spec: JobSpec = { kind: 'hash', algorithms: ['md5', 'sha1', 'sha256'] };
  const peerRuns = [timeEwfverify(e01)];
  const jobRuns = [await timeJob(e01, spec, { warmUp: true })];
  peerRuns.push(timeEwfverify(e01));
  jobRuns.push(await timeJob(e01, spec, { warmUp: true }));
  const peerSeconds = median(peerRuns.map((run) => run.seconds));
  const jobSeconds = median(jobRuns.map((run) => run.seconds));
  const sha256 = /SHA256 hash calculated over data:\s+([0-9a-f]{64})/.exec(
    peerRuns[0]?.output ?? '',
  )?.[1];
  const ours = jobRuns[0]?.result.kind === 'hash' ? jobRuns[0].result.digests.sha256 : undefined;
  if (!sha256 || sha256 !== ours) {
    throw new Error(`the job's SHA-256 ${ours} is not ewfverify's ${sha256}`);
  }
  rows.push({
    measure: 'E01, MD5+SHA-1+SHA-256 in one pass, time',
    unit: 's',
    value: jobSeconds,
    peer: 'ewfverify -d sha1,sha256',
    peerValue: peerSeconds,
    ratio: ratioOf(jobSeconds, peerSeconds),
    target: 'time <= 1.0x',
    met: jobSeconds <= peerSeconds,
  });
  notes.push(
    `Hash: ${e01} (1 GiB disk, half random, half zeros; ewfacquire -c deflate:fast -S 400MiB). ` +
      `ewfverify runs ${peerRuns.map((run) => run.seconds.toFixed(2)).join(', ')} s; job runs ` +
      `${jobRuns.map((run) => run.seconds.toFixed(2)).join(', ')} s (the job's own time). SHA-256 ` +
      "equal to ewfverify's.",
  );

  // (2) Go-to in Chromium: the E01 and the raw disk, served side by side.
  const visits = args.quick ? 40 : 200;
  const random = seededRandom(2027);
  const sectors = BigInt(DISK_BYTES / SECTOR);
  const lbas = Array.from({ length: visits + 5 }, () => randomBelow(random, sectors - 4096n));
  const rawFd = openSync(raw, 'r');
  const serves: ServeProcess[] = [];
  let closeBrowser: (() => Promise<void>) | undefined;
  try {
    const { browser, cleanup } = await launchChromium();
    closeBrowser = cleanup;
    const pages = [];
    for (const [name, path] of [
      ['raw', raw],
      ['E01', e01],
    ] as const) {
      const serve = await startServe([path]);
      serves.push(serve);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await preparePageForProbe(page);
      await page.goto(serve.url);
      await page.getByRole('grid').waitFor();
      pages.push({ name, page, painted: [] as number[] });
    }
    for (const [index, lba] of lbas.entries()) {
      const order = index % 2 === 0 ? pages : [...pages].reverse();
      for (const target of order) {
        const offset = lba * BigInt(SECTOR);
        const timing = await timeGoto(target.page, lba, offset);
        const expected = hexAt(rawFd, offset, timing.hex.length).join(' ');
        if (timing.hex.map((cell) => cell.toLowerCase()).join(' ') !== expected) {
          throw new Error(
            `LBA ${lba} (${target.name}): the grid does not show the raw disk's bytes`,
          );
        }
        if (index >= 5) target.painted.push(timing.paintedMs);
      }
    }
    const [rawPage, e01Page] = pages as [(typeof pages)[0], (typeof pages)[0]];
    const rawMedian = median(rawPage.painted);
    const e01Median = median(e01Page.painted);
    rows.push({
      measure: `go-to -> painted on the E01, median of ${e01Page.painted.length}`,
      unit: 'ms',
      value: e01Median,
      peer: 'the raw disk, same go-tos',
      peerValue: rawMedian,
      ratio: ratioOf(e01Median, rawMedian),
      target: 'ratio <= 2',
      met: e01Median <= 2 * rawMedian,
    });
    rows.push({
      measure: 'go-to -> painted on the E01, p90',
      unit: 'ms',
      value: percentile(e01Page.painted, 90),
      peer: 'the raw disk, p90',
      peerValue: percentile(rawPage.painted, 90),
      ratio: ratioOf(percentile(e01Page.painted, 90), percentile(rawPage.painted, 90)),
      target: null,
      met: null,
    });
    notes.push(
      `Go-to: ${CLI} serve on ${raw} and on ${e01} in one Chromium; ${visits} random LBAs (seed ` +
        '2027) after 5 warm-up ones, each made on both pages back to back, the first of the two ' +
        'alternating; every painted row compared with the raw disk.',
    );
  } finally {
    await closeBrowser?.();
    for (const serve of serves) await serve.stop();
    closeSync(rawFd);
  }
  writeSectionResult(args.out, {
    id: 'evidence-formats',
    title: 'An E01 against its raw disk (1 GiB): hashing vs ewfverify, go-to in Chromium',
    rows,
    notes,
  });
  if (args.quick) rmSync(folder, { recursive: true, force: true });
});
