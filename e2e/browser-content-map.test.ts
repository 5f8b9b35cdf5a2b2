// The Content map panel in Debian's Chromium (browser mode), checked against `sectorscope map`
// on the same image: the canvas shows the pixels of the CLI's PNG, hovering shows each cell's
// sectors, class and entropy as its JSON has them, a click goes there in the grid; wheel, drag
// and keys zoom and pan; partitions, gaps, search hits and the grid's view are drawn over it; a
// full map refines it; a range zoomed into gets a map of its own. On a disk with unreadable
// sectors (the FUSE rig), the cells that hold some are marked as in the PNG.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { regionBytes } from '../electron/jobs/test/map-images';
import {
  attachFaultyDisk,
  canUseFaultyDisk,
  type FaultyDisk,
} from '../native-bridge/test/faulty-disk/faulty-disk';
import { chromiumMissing } from './support/chromium';
import {
  assertCanvasShowsPng,
  canvasPixels,
  canvasState,
  cellPoint,
  cellUnder,
  cliMap,
  expectedHover,
  hoverCell,
  leaveMap,
  mapCanvas,
  mapPanel,
  nextFrames,
  type CanvasPixels,
  type CliCell,
  type CliMap,
  type MapCanvasState,
} from './support/content-map-page';
import { MARKER, MARKER_OFFSETS, SECTOR, writeContentMapImage } from './support/content-map-image';
import { assertStatus } from './support/grid-page';
import { openServedPage, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const skipReason = chromiumMissing();

function cellOf(cells: readonly CliCell[], lba: number): number {
  return cells.findIndex((cell) => cell.start <= lba && lba <= cell.end);
}

/** The first cell of each run of one class, and the last. */
function runEnds(cells: readonly CliCell[]): number[] {
  const picked: number[] = [];
  cells.forEach((cell, i) => {
    if (i === 0 || cells[i - 1]?.class !== cell.class) picked.push(i);
    if (i === cells.length - 1 || cells[i + 1]?.class !== cell.class) picked.push(i);
  });
  return [...new Set(picked)];
}

/** Pixels of the overlay in a box around a point (CSS pixels), and how many are not clear. */
function opaqueAround(
  overlay: CanvasPixels,
  state: MapCanvasState,
  point: { x: number; y: number },
  radius: number,
): number {
  const cx = Math.round((point.x - state.box.x) * state.scale);
  const cy = Math.round((point.y - state.box.y) * state.scale);
  let opaque = 0;
  for (let y = cy - radius; y <= cy + radius; y++) {
    for (let x = cx - radius; x <= cx + radius; x++) {
      if (x < 0 || y < 0 || x >= overlay.width || y >= overlay.height) continue;
      if ((overlay.rgba[(y * overlay.width + x) * 4 + 3] ?? 0) > 0) opaque++;
    }
  }
  return opaque;
}

/** Overlay pixels not clear along the middle of a row of cells (its whole cells but the ends). */
function opaqueOnRow(overlay: CanvasPixels, state: MapCanvasState, row: number): number {
  const y = row * state.cellPx - state.originY + Math.floor(state.cellPx / 2);
  let opaque = 0;
  for (let column = 1; column < state.columns - 1; column++) {
    for (let dx = 0; dx < state.cellPx; dx++) {
      const x = column * state.cellPx - state.originX + dx;
      if ((overlay.rgba[(y * overlay.width + x) * 4 + 3] ?? 0) > 0) opaque++;
    }
  }
  return opaque;
}

/** Overlay pixels of one colour inside a cell's square. */
function pixelsOfColour(
  overlay: CanvasPixels,
  state: MapCanvasState,
  index: number,
  rgb: readonly number[],
): number {
  const x0 = (index % state.columns) * state.cellPx - state.originX;
  const y0 = Math.floor(index / state.columns) * state.cellPx - state.originY;
  let count = 0;
  for (let y = y0; y < y0 + state.cellPx; y++) {
    for (let x = x0; x < x0 + state.cellPx; x++) {
      if (x < 0 || y < 0 || x >= overlay.width || y >= overlay.height) continue;
      const at = (y * overlay.width + x) * 4;
      if (
        overlay.rgba[at] === rgb[0] &&
        overlay.rgba[at + 1] === rgb[1] &&
        overlay.rgba[at + 2] === rgb[2] &&
        overlay.rgba[at + 3] === 255
      ) {
        count++;
      }
    }
  }
  return count;
}

async function waitForMap(page: Page, pass: 'quick' | 'full'): Promise<void> {
  await page.locator(`section.content-map[data-${pass}="done"]`).waitFor({ timeout: 120_000 });
  await nextFrames(page);
}

describe('browser mode: the content map', { skip: skipReason ?? false }, () => {
  let dir: string;
  let image: string;
  let quick: CliMap;
  let full: CliMap;
  let served: ServedPage;
  let page: Page;
  let fitted: MapCanvasState;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-map-e2e-'));
    image = join(dir, 'regions.img');
    writeContentMapImage(image);
    quick = cliMap(image, join(dir, 'quick.png'));
    full = cliMap(image, join(dir, 'full.png'), ['--full']);
    served = await openServedPage([image], { width: 1400, height: 900 });
    page = served.page;
    await page.getByRole('tab', { name: /Content map/ }).click();
  });
  after(async () => {
    await served?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a quick map: the canvas shows the pixels of `sectorscope map --png`', async () => {
    const panel = mapPanel(page);
    assert.match(await panel.innerText(), /A quick map reads 8 samples of 4 KiB/);
    await panel.getByRole('button', { name: 'Quick map', exact: true }).click();
    await waitForMap(page, 'quick');
    fitted = await canvasState(page);
    assert.equal(fitted.cells, quick.cells.length);
    assert.ok(fitted.cellPx >= 3, `${fitted.cellPx} px a cell`);
    const picture = await canvasPixels(page, 'picture');
    assert.ok(picture.width > 100 && picture.height > 100, `${picture.width}x${picture.height}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'content-map-quick.png') });

    const views = await assertCanvasShowsPng(page, quick.png);
    assert.ok(views >= 4, `${views} views of the picture compared`);
    assert.match(
      await page.getByTestId('content-map-summary').innerText(),
      /^Quick map of the whole disk: 4096 cells of about 256\.0 KiB; zero 9\d\.\d%, /,
    );
    await mapCanvas(page).press('0');
    await nextFrames(page);
    assert.deepEqual(await canvasState(page), fitted, '0 fits the whole map again');
  });

  test('hovering a cell shows its sectors, class and entropy as the JSON has them', async () => {
    const picked = runEnds(quick.cells);
    assert.ok(picked.length >= 20, `${picked.length} cells`);
    for (const index of picked) {
      const cell = quick.cells[index] as CliCell;
      assert.match(await hoverCell(page, index), expectedHover(cell), `cell ${index}`);
    }
    // A cell of a partition and one of a gap say so.
    assert.match(await hoverCell(page, cellOf(quick.cells, 700_000)), / · partition #2$/);
    assert.match(await hoverCell(page, cellOf(quick.cells, 560_000)), / · unallocated$/);
  });

  test('a click goes to the cell in the grid, and the view is marked there', async () => {
    const index = quick.cells.findIndex((cell) => cell.class === 'random');
    const cell = quick.cells[index] as CliCell;
    const point = cellPoint(await canvasState(page), index);
    await leaveMap(page);
    const state = await canvasState(page);
    const before = opaqueAround(await canvasPixels(page, 'overlay'), state, point, 14);
    await page.mouse.click(point.x, point.y);
    const offset = BigInt(cell.start) * BigInt(SECTOR);
    await assertStatus(page, 'status-cursor', new RegExp(`LBA ${cell.start} \\+ 0`));
    assert.match(
      await page.getByTestId('status-cursor').innerText(),
      new RegExp(`cursor 0x${offset.toString(16).toUpperCase()} `),
    );
    await leaveMap(page);
    const deadline = Date.now() + 5000;
    let afterClick = 0;
    while (afterClick <= before + 20 && Date.now() < deadline) {
      await nextFrames(page);
      afterClick = opaqueAround(await canvasPixels(page, 'overlay'), state, point, 14);
    }
    assert.ok(afterClick > before + 20, `view marked: ${before} -> ${afterClick} pixels`);
  });

  test('the wheel zooms around the pointer, drag pans, keys zoom, pan and go', async () => {
    const canvas = mapCanvas(page);
    await canvas.press('0');
    const index = cellOf(quick.cells, 40 * 2048 + 5000);
    const cell = quick.cells[index] as CliCell;
    assert.match(await hoverCell(page, index), expectedHover(cell));
    const point = cellPoint(await canvasState(page), index);
    let state = await canvasState(page);
    for (let notch = 0; notch < 4; notch++) {
      const before = state.cellPx;
      await page.mouse.wheel(0, -100);
      await nextFrames(page);
      state = await canvasState(page);
      assert.ok(state.cellPx > before, `notch ${notch}: ${before} -> ${state.cellPx} px`);
      assert.equal(cellUnder(state, point.x, point.y), index, 'the cell stays under the pointer');
    }
    await page.mouse.move(point.x + 1, point.y);
    await nextFrames(page);
    assert.match(
      await mapPanel(page).getByTestId('content-map-info').innerText(),
      expectedHover(cell),
    );

    const cursorBefore = await page.getByTestId('status-cursor').innerText();
    await page.mouse.down();
    await page.mouse.move(point.x + 1 - 60, point.y - 40, { steps: 6 });
    await page.mouse.up();
    await nextFrames(page);
    const dragged = await canvasState(page);
    assert.equal(dragged.originX, state.originX + 60 * state.scale, 'dragged left by 60 px');
    assert.equal(dragged.originY, state.originY + 40 * state.scale, 'dragged up by 40 px');
    assert.equal(await page.getByTestId('status-cursor').innerText(), cursorBefore, 'no jump');
    await page.screenshot({ path: join(SCREENSHOTS, 'content-map-zoomed.png') });

    await canvas.focus();
    await canvas.press('+');
    await nextFrames(page);
    const closer = await canvasState(page);
    assert.ok(closer.cellPx > dragged.cellPx);
    await canvas.press('-');
    await nextFrames(page);
    assert.equal((await canvasState(page)).cellPx, dragged.cellPx);
    await canvas.press('ArrowRight');
    await nextFrames(page);
    const step = Math.max(dragged.cellPx, Math.round(0.125 * dragged.box.width * dragged.scale));
    assert.equal((await canvasState(page)).originX, dragged.originX + step);
    await canvas.press('ArrowDown');
    await nextFrames(page);
    assert.equal((await canvasState(page)).originY, dragged.originY + step);

    state = await canvasState(page);
    const middle = cellUnder(
      state,
      state.box.x + state.box.width / 2,
      state.box.y + state.box.height / 2,
    );
    const target = quick.cells[middle] as CliCell;
    await canvas.press('Enter');
    await assertStatus(page, 'status-cursor', new RegExp(`LBA ${target.start} \\+ 0`));
    await canvas.press('0');
    await nextFrames(page);
    assert.deepEqual(await canvasState(page), fitted);
  });

  test('search hits, partitions and gaps are drawn over the map', async () => {
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const dock = page.getByRole('region', { name: 'Jobs' });
    await dock.getByLabel('Pattern type').selectOption('text');
    await dock.getByLabel('Search pattern').fill(MARKER);
    await dock.getByRole('button', { name: 'Start' }).click();
    await dock
      .locator('[data-job-kind="search"][data-job-status="done"]')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: /Content map/ }).click();
    const legend = mapPanel(page).getByRole('list', { name: 'Drawn over the map' });
    await legend.getByText('search hits').waitFor();
    const hitColour = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.className = 'map-mark map-mark-search-hit';
      document.body.append(probe);
      const colour = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return (colour.match(/\d+/g) ?? []).map(Number);
    });

    const canvas = mapCanvas(page);
    await canvas.press('0');
    for (const offset of MARKER_OFFSETS) {
      const index = cellOf(quick.cells, Math.floor(offset / SECTOR));
      const point = cellPoint(await canvasState(page), index);
      await page.mouse.move(point.x, point.y);
      await page.mouse.wheel(0, -300);
      await leaveMap(page);
      const state = await canvasState(page);
      const overlay = await canvasPixels(page, 'overlay');
      assert.ok(
        pixelsOfColour(overlay, state, index, hitColour) > 0,
        `a search-hit bar in cell ${index} (${hitColour})`,
      );
      assert.equal(pixelsOfColour(overlay, state, index + 2, hitColour), 0, 'none beside it');
      await canvas.press('0');
      await nextFrames(page);
    }

    await leaveMap(page);
    const state = await canvasState(page);
    const overlay = await canvasPixels(page, 'overlay');
    // Row 17 of the map lies wholly in the gap between the partitions (LBA 526336-614399), row
    // 30 wholly inside partition 2, with nothing marked in it.
    const gapRow = Math.floor(cellOf(quick.cells, 560_000) / state.columns);
    const insideRow = Math.floor(cellOf(quick.cells, 990_000) / state.columns);
    assert.equal(gapRow, 17);
    assert.ok(opaqueOnRow(overlay, state, gapRow) > 20, 'the gap is hatched');
    assert.equal(opaqueOnRow(overlay, state, insideRow), 0, 'nothing over a partition inside');
    // The partition's outline along the top of its first cell.
    const first = cellPoint(state, cellOf(quick.cells, 614_400));
    assert.ok(
      opaqueAround(overlay, state, { x: first.x, y: first.y - state.cellPx / 2 / state.scale }, 1) >
        0,
      'partition 2 outlined',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'content-map-search.png') });
  });

  test('Refine: a full map, drawn as `sectorscope map --full --png` draws it', async () => {
    await mapPanel(page).getByRole('button', { name: 'Refine (full map)' }).click();
    await waitForMap(page, 'full');
    await assertCanvasShowsPng(page, full.png);
    await mapCanvas(page).press('0');
    await nextFrames(page);
    // Cells where the full map differs from the quick one: a region's edge inside a cell.
    const refined = full.cells
      .map((cell, i) =>
        cell.class !== quick.cells[i]?.class || cell.entropy !== quick.cells[i]?.entropy ? i : -1,
      )
      .filter((i) => i >= 0);
    assert.ok(refined.length > 0, 'the full map says more');
    for (const index of [...refined.slice(0, 8), ...runEnds(full.cells).slice(0, 12)]) {
      const text = await hoverCell(page, index);
      assert.match(text, expectedHover(full.cells[index] as CliCell), `cell ${index}`);
      assert.match(text, / · every byte read/);
    }
    assert.match(
      await page.getByTestId('content-map-summary').innerText(),
      /^Full map of the whole disk: /,
    );
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(SCREENSHOTS, 'content-map-full.png') });
  });

  test('a range zoomed into gets a map of its own, and Back returns to the disk', async () => {
    const panel = mapPanel(page);
    const mapRange = panel.getByRole('button', { name: 'Map this range' });
    const index = cellOf(full.cells, 614_400 + 1000);
    const point = cellPoint(await canvasState(page), index);
    await page.mouse.move(point.x, point.y);
    for (let notch = 0; notch < 12 && !(await mapRange.isVisible()); notch++) {
      await page.mouse.wheel(0, -100);
      await nextFrames(page);
    }
    const title = (await mapRange.getAttribute('title')) ?? '';
    const [, first, last] = /LBA (\d+)–(\d+)/.exec(title) ?? [];
    assert.ok(first && last, title);
    const count = BigInt(last) - BigInt(first) + 1n;
    await mapRange.click();
    await waitForMap(page, 'quick');
    assert.match(await panel.innerText(), new RegExp(`Range LBA ${first}–${last}`));
    const range = cliMap(image, join(dir, 'range.png'), ['--lba', first, '--count', String(count)]);
    assert.equal((await canvasState(page)).cells, range.cells.length);
    await assertCanvasShowsPng(page, range.png);
    await mapCanvas(page).press('0');
    await nextFrames(page);
    for (const cell of runEnds(range.cells).slice(0, 10)) {
      assert.match(await hoverCell(page, cell), expectedHover(range.cells[cell] as CliCell));
    }
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(SCREENSHOTS, 'content-map-range.png') });

    await panel.getByRole('button', { name: 'Back to the whole disk' }).click();
    await nextFrames(page);
    assert.equal((await canvasState(page)).cells, full.cells.length);
    assert.match(
      await page.getByTestId('content-map-summary').innerText(),
      /^Full map of the whole disk: /,
    );
  });
});

describe(
  'browser mode: the content map of a disk with unreadable sectors',
  { skip: skipReason ?? canUseFaultyDisk() ?? false },
  () => {
    const MiB = 1024 * 1024;
    /** Two in text, one in random bytes, and 64 in a row that leave whole cells unreadable. */
    const BAD = [
      20_000n,
      20_001n,
      40_000n,
      ...Array.from({ length: 64 }, (_, i) => 100_032n + BigInt(i)),
    ];
    let dir: string;
    let disk: FaultyDisk;
    let map: CliMap;
    let served: ServedPage;
    let page: Page;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sectorscope-map-bad-e2e-'));
      const backing = join(dir, 'backing.img');
      writeFileSync(
        backing,
        Buffer.concat([
          regionBytes('text', 16 * MiB),
          regionBytes('random', 16 * MiB),
          regionBytes('binary', 16 * MiB),
          regionBytes('zero', 16 * MiB),
        ]),
      );
      disk = await attachFaultyDisk({ backingImage: backing, sectorSize: SECTOR, badSectors: BAD });
      map = cliMap(disk.device, join(dir, 'map.png'));
      served = await openServedPage([disk.device], { width: 1400, height: 900 });
      page = served.page;
      await page.getByRole('tab', { name: /Content map/ }).click();
    });
    after(async () => {
      await served?.close();
      await disk?.detach();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('cells with bad sectors are marked as in the PNG; hovering says how many', async () => {
      await mapPanel(page).getByRole('button', { name: 'Quick map', exact: true }).click();
      await waitForMap(page, 'quick');
      await assertCanvasShowsPng(page, map.png);
      await mapCanvas(page).press('0');
      const marked = cellOf(map.cells, 20_000);
      assert.equal(map.cells[marked]?.unreadableSectors, 2);
      assert.match(await hoverCell(page, marked), / · text · .* · 2 unreadable sectors · /);
      const dead = cellOf(map.cells, 100_064);
      assert.equal(map.cells[dead]?.class, 'unreadable');
      assert.match(await hoverCell(page, dead), expectedHover(map.cells[dead] as CliCell));

      // The bad sectors' lane, in the unreadable colour, under the cells that hold them.
      const random = cellOf(map.cells, 40_000);
      const point = cellPoint(await canvasState(page), random);
      await page.mouse.move(point.x, point.y);
      await page.mouse.wheel(0, -300);
      await leaveMap(page);
      const state = await canvasState(page);
      const overlay = await canvasPixels(page, 'overlay');
      const unreadable = [0xd5, 0x5e, 0x00];
      assert.ok(pixelsOfColour(overlay, state, random, unreadable) > 0, 'a bad-sector bar');
      assert.equal(pixelsOfColour(overlay, state, random + 2, unreadable), 0, 'none beside it');
      await page.screenshot({ path: join(SCREENSHOTS, 'content-map-bad-sectors.png') });
    });
  },
);
