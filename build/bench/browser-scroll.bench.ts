// Section: browser mode on a 16 TiB sparse image, scrolling. The built `sectorscope serve`
// serves it; Debian's Chromium, driven by playwright-core, scrolls the hex grid with the mouse
// wheel (120 px and 1000 px a tick, down and up), holds PgDn and PgUp, and drags the position
// scrollbar. A probe in the page (e2e/support/frame-probe.ts) counts the animation frames whose viewport
// has a missing row or a loading byte, and the intervals between frames. Each scroll starts at
// a place of the disk not visited before, so nothing it shows was cached.

import { existsSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../e2e/support/chromium';
import { goTo, waitForPaintedRows } from '../../e2e/support/grid-page';
import { CLI, startServe, type ServeProcess } from '../../e2e/support/serve-process';
import { makeSparseFile } from './data-files';
import { preparePageForProbe } from './goto-probe';
import {
  settleAfterDrag,
  startScrollProbe,
  stopScrollProbe,
  type ScrollFrames,
} from '../../e2e/support/frame-probe';
import { readSectionArgs, runSection } from './section-args';
import { ratioOf, writeSectionResult, type BenchRow } from './section-result';
import { median, percentile } from './stats';

const SIZE = 16n * 1024n ** 4n;
const SECTOR = 512;
const SECTORS = SIZE / BigInt(SECTOR);
/** Between wheel ticks and between key repeats: a brisk spin of the wheel, a key held down. */
const TICK_MS = 33;
const TARGET_P95_INTERVAL_MS = 20;
const TARGET_DRAG_SETTLE_MS = 100;

interface Scroll {
  name: string;
  /** Incomplete frames allowed, as a share of all frames (0 = none). */
  allowedShare: number;
  run: (page: Page, quick: boolean) => Promise<void>;
}

async function wheel(page: Page, deltaY: number, ticks: number): Promise<void> {
  for (let i = 0; i < ticks; i++) {
    await page.mouse.wheel(0, deltaY);
    await sleep(TICK_MS);
  }
}

async function holdKey(page: Page, key: string, repeats: number): Promise<void> {
  for (let i = 0; i < repeats; i++) {
    // A held key: keydown again and again (repeat), one keyup at the end.
    await page.keyboard.down(key);
    await sleep(TICK_MS);
  }
  await page.keyboard.up(key);
}

const SCROLLS: Scroll[] = [
  {
    name: 'wheel 120 px/tick down',
    allowedShare: 0,
    run: (page, quick) => wheel(page, 120, quick ? 40 : 150),
  },
  {
    name: 'wheel 120 px/tick up',
    allowedShare: 0,
    run: (page, quick) => wheel(page, -120, quick ? 40 : 150),
  },
  {
    name: 'wheel 1000 px/tick down',
    allowedShare: 0.01,
    run: (page, quick) => wheel(page, 1000, quick ? 30 : 100),
  },
  {
    name: 'wheel 1000 px/tick up',
    allowedShare: 0.01,
    run: (page, quick) => wheel(page, -1000, quick ? 30 : 100),
  },
  {
    name: 'PgDn held',
    allowedShare: 0,
    run: (page, quick) => holdKey(page, 'PageDown', quick ? 30 : 90),
  },
  {
    name: 'PgUp held',
    allowedShare: 0,
    run: (page, quick) => holdKey(page, 'PageUp', quick ? 30 : 90),
  },
];

/** The image, 16 TiB where the data folder's filesystem allows (ext4 stops 4 KiB short). */
function makeImage(dataDir: string): { path: string; note: string } {
  const name = 'sparse-16TiB.img';
  try {
    return { path: makeSparseFile(dataDir, name, SIZE, new Map()), note: `in ${dataDir}` };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EFBIG') throw error;
    // tmpfs takes sparse files of any size; a hole costs no memory.
    return {
      path: makeSparseFile('/dev/shm', name, SIZE, new Map()),
      note:
        `in /dev/shm (tmpfs): ${dataDir}'s filesystem refuses a 16 TiB file (EFBIG); ` +
        'tmpfs refuses O_DIRECT, so serve reads it buffered (the page cache of a hole)',
    };
  }
}

/** A top row far from every other scroll's, so no page it shows was fetched before. */
function startLba(index: number): bigint {
  return (SECTORS / 16n) * BigInt(index + 2) + 12_345n;
}

async function prepare(page: Page, lba: bigint): Promise<void> {
  await goTo(page, lba.toString());
  await waitForPaintedRows(page);
  const grid = await page.getByRole('grid').boundingBox();
  if (!grid) throw new Error('the grid has no box');
  await page.mouse.move(grid.x + grid.width / 2, grid.y + grid.height / 2);
  await page.getByRole('grid').focus();
  // Let the landing settle: the side panels follow a frame later.
  await sleep(300);
}

/** Drags the position scrollbar's thumb down across a third of the track, then stops. */
async function dragThumb(page: Page, quick: boolean): Promise<void> {
  const bar = await page.getByRole('scrollbar', { name: 'Position in disk' }).boundingBox();
  const thumb = await page.locator('.disk-scrollbar-thumb').boundingBox();
  if (!bar || !thumb) throw new Error('no position scrollbar');
  const x = thumb.x + thumb.width / 2;
  const from = thumb.y + thumb.height / 2;
  const to = Math.min(bar.y + bar.height - thumb.height, from + bar.height / 3);
  const steps = quick ? 20 : 60;
  await page.mouse.move(x, from);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x, from + ((to - from) * i) / steps);
    await sleep(16);
  }
  // The thumb stops here; the grid has TARGET_DRAG_SETTLE_MS to show its row.
  await sleep(500);
  await page.mouse.up();
}

function goal(measure: string, unit: string, value: number, target: number, met: boolean) {
  const row: BenchRow = {
    measure,
    unit,
    value,
    peer: 'target',
    peerValue: target,
    ratio: ratioOf(value, target),
    target: `<= ${target} ${unit}`,
    met,
  };
  return row;
}

function info(measure: string, unit: string, value: number): BenchRow {
  return { measure, unit, value, peer: '', peerValue: null, ratio: null, target: null, met: null };
}

function scrollRows(name: string, frames: ScrollFrames, allowedShare: number): BenchRow[] {
  const share = frames.frames === 0 ? 0 : frames.incomplete / frames.frames;
  const p95 = percentile(frames.intervalsMs, 95);
  const incomplete =
    allowedShare === 0
      ? goal(`${name}: incomplete frames`, 'frames', frames.incomplete, 0, frames.incomplete === 0)
      : goal(
          `${name}: incomplete frames`,
          '%',
          share * 100,
          allowedShare * 100,
          share <= allowedShare,
        );
  return [
    incomplete,
    info(
      `  of ${frames.frames} frames: a row missing in ${frames.missing}, a byte loading in ${frames.loading}`,
      'frames',
      frames.incomplete,
    ),
    goal(
      `${name}: frame interval p95`,
      'ms',
      p95,
      TARGET_P95_INTERVAL_MS,
      p95 <= TARGET_P95_INTERVAL_MS,
    ),
    info(`${name}: frame interval median`, 'ms', median(frames.intervalsMs)),
  ];
}

runSection(async () => {
  const args = readSectionArgs();
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const image = makeImage(args.dataDir);
  let serve: ServeProcess | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  const notes: string[] = [];
  try {
    serve = await startServe([image.path]);
    const { browser, cleanup } = await launchChromium();
    closeBrowser = cleanup;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await preparePageForProbe(page);
    await page.goto(serve.url);
    await waitForPaintedRows(page);

    const rows: BenchRow[] = [];
    for (const [index, scroll] of SCROLLS.entries()) {
      await prepare(page, startLba(index));
      await startScrollProbe(page);
      await scroll.run(page, args.quick);
      // The frames right after the last tick or key belong to the scroll too.
      await sleep(200);
      const frames = await stopScrollProbe(page);
      console.error(
        `bench: ${scroll.name}: ${frames.incomplete} of ${frames.frames} frames incomplete` +
          (frames.firstIncomplete ? ` (first: ${frames.firstIncomplete})` : ''),
      );
      rows.push(...scrollRows(scroll.name, frames, scroll.allowedShare));
      if (frames.firstIncomplete) {
        notes.push(`${scroll.name}: the first incomplete frame had ${frames.firstIncomplete}.`);
      }
    }

    await prepare(page, startLba(SCROLLS.length));
    await startScrollProbe(page);
    await dragThumb(page, args.quick);
    const settleMs = await settleAfterDrag(page);
    const drag = await stopScrollProbe(page);
    console.error(
      `bench: scrollbar drag: ${drag.missing} of ${drag.frames} frames with a row missing, ` +
        `${drag.loading} with a byte loading; settled ${settleMs.toFixed(1)} ms after the thumb stopped`,
    );
    rows.push(
      goal(
        'scrollbar drag: frames with a row missing',
        'frames',
        drag.missing,
        0,
        drag.missing === 0,
      ),
      info(`  frames with a byte loading, of ${drag.frames} frames`, 'frames', drag.loading),
      goal(
        'scrollbar drag: thumb stops -> its rows painted',
        'ms',
        settleMs,
        TARGET_DRAG_SETTLE_MS,
        settleMs <= TARGET_DRAG_SETTLE_MS,
      ),
    );

    writeSectionResult(args.out, {
      id: 'browser-scroll',
      title: 'Browser mode, 16 TiB sparse image, scrolling in Debian Chromium (headless, 1280x800)',
      rows,
      notes: [
        `Served by: node ${CLI} serve ${image.path} --port 0; the image ${image.note}.`,
        `Wheel: page.mouse.wheel every ${TICK_MS} ms over the grid; keys: keydown (repeat) every ` +
          `${TICK_MS} ms, keyup at the end. Each scroll starts at an LBA no other one came near.`,
        'A frame is incomplete when, at the start of the frame (a requestAnimationFrame ' +
          "callback, after the frame's scroll events), the rows in the grid's visible box leave a gap, do not follow " +
          'each other by one row of bytes, or a visible cell is loading (data-state="loading"); ' +
          'see e2e/support/frame-probe.ts. The frame interval is the time between two such callbacks.',
        'Scrollbar drag: the thumb moved a third of the track in steps 16 ms apart, then held ' +
          'still; the settle time runs from the last pointermove to the first frame whose top ' +
          "row is the scrollbar's, whole and loaded.",
        ...notes,
      ],
    });
  } finally {
    await closeBrowser?.();
    await serve?.stop();
    rmSync(image.path, { force: true });
  }
});
