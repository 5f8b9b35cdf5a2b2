// Point 1 of "a grid that never blanks": on a disk that answers at once, no animation frame
// shows a missing row or a byte still loading while the wheel (120 px and 1000 px ticks, both
// ways), held PgDn/PgUp or a drag of the position scrollbar moves the view. Frames are counted
// in the page (e2e/support/frame-probe.ts); how fast they come is the bench's business.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumMissing } from './support/chromium';
import { startScrollProbe, stopScrollProbe, type ScrollFrames } from './support/frame-probe';
import { goTo, hexOf, waitForPaintedRows } from './support/grid-page';
import { openServedPage, readAt, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const skipReason = chromiumMissing();
const SIZE = 8n * 1024n ** 4n;
/** 8 MiB of random bytes at 512 GiB (a page boundary): a row from the wrong place shows. */
const REGION = 512n * 1024n ** 3n;
const REGION_BYTES = 8 * 1024 * 1024;

describe('browser mode: scrolling never blanks the grid', { skip: skipReason ?? false }, () => {
  let dir: string;
  let image: string;
  let served: ServedPage;
  let page: Page;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-scroll-'));
    image = join(dir, 'sparse-8tib.img');
    const fd = openSync(image, 'w');
    ftruncateSync(fd, Number(SIZE));
    writeSync(fd, randomBytes(REGION_BYTES), 0, REGION_BYTES, Number(REGION));
    closeSync(fd);
    served = await openServedPage([image], { width: 1280, height: 800 });
    page = served.page;
  });
  after(async () => {
    await served?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Lands at `offset` with the pointer over the grid and the keys in it. */
  async function startAt(offset: bigint): Promise<void> {
    await goTo(page, `@${offset}`);
    await waitForPaintedRows(page);
    const box = await page.getByRole('grid').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByRole('grid').focus();
  }

  async function probed(run: () => Promise<void>): Promise<ScrollFrames> {
    await startScrollProbe(page);
    await run();
    // The frames right after the last tick belong to the scroll too.
    await page.waitForTimeout(150);
    return stopScrollProbe(page);
  }

  function assertWhole(frames: ScrollFrames, what: string): void {
    assert.ok(frames.frames > 10, `${what}: only ${frames.frames} frames counted`);
    assert.equal(frames.missing, 0, `${what}: ${frames.firstIncomplete}`);
    assert.equal(frames.loading, 0, `${what}: ${frames.firstIncomplete}`);
  }

  /** The rows on screen follow each other and hold the image's bytes. */
  async function assertRowsAreTheDisk(): Promise<bigint> {
    const rows = await waitForPaintedRows(page);
    for (const [i, row] of rows.entries()) {
      assert.deepEqual(
        row.hex.map((cell) => cell.toLowerCase()),
        hexOf(readAt(image, row.offset, 16)),
        `row ${row.offset}`,
      );
      if (i > 0) assert.equal(row.offset, (rows[i - 1]?.offset ?? 0n) + 16n);
    }
    return rows[0]?.offset ?? -1n;
  }

  async function wheel(deltaY: number, ticks: number): Promise<void> {
    for (let i = 0; i < ticks; i++) {
      await page.mouse.wheel(0, deltaY);
      await page.waitForTimeout(30);
    }
  }

  test('the wheel at 120 px a tick, down then up: every frame whole, every byte there', async () => {
    await startAt(REGION);
    const down = await probed(() => wheel(120, 30));
    assertWhole(down, 'down');
    const below = await assertRowsAreTheDisk();
    assert.ok(below > REGION, 'the wheel moved the view down');
    const up = await probed(() => wheel(-120, 30));
    assertWhole(up, 'up');
    assert.equal(await assertRowsAreTheDisk(), REGION, 'and back up to where it started');
  });

  test('the wheel at 1000 px a tick, both ways', async () => {
    await startAt(REGION + 1024n * 1024n);
    const down = await probed(() => wheel(1000, 20));
    assertWhole(down, 'down');
    assert.ok((await assertRowsAreTheDisk()) > REGION + 1024n * 1024n);
    const up = await probed(() => wheel(-1000, 20));
    assertWhole(up, 'up');
    assert.equal(await assertRowsAreTheDisk(), REGION + 1024n * 1024n);
  });

  test('PgDn and PgUp held: a screen at a time, every frame whole', async () => {
    const start = REGION + 2n * 1024n * 1024n;
    await startAt(start);
    const screen = BigInt((await waitForPaintedRows(page)).length) * 16n;
    const down = await probed(async () => {
      for (let i = 0; i < 20; i++) {
        await page.keyboard.down('PageDown');
        await page.waitForTimeout(30);
      }
      await page.keyboard.up('PageDown');
    });
    assertWhole(down, 'PgDn');
    assert.equal(await assertRowsAreTheDisk(), start + 20n * screen, 'twenty screens down');
    const up = await probed(async () => {
      for (let i = 0; i < 20; i++) {
        await page.keyboard.down('PageUp');
        await page.waitForTimeout(30);
      }
      await page.keyboard.up('PageUp');
    });
    assertWhole(up, 'PgUp');
    assert.equal(await assertRowsAreTheDisk(), start, 'and twenty back');
  });

  test('dragging the position scrollbar: never an empty view, then the rows of where it stopped', async () => {
    await startAt(REGION);
    const bar = page.getByRole('scrollbar', { name: 'Position in disk' });
    const track = await bar.boundingBox();
    const thumb = await page.locator('.disk-scrollbar-thumb').boundingBox();
    assert.ok(track && thumb);
    const x = thumb.x + thumb.width / 2;
    const frames = await probed(async () => {
      await page.mouse.move(x, thumb.y + thumb.height / 2);
      await page.mouse.down();
      for (let i = 1; i <= 30; i++) {
        await page.mouse.move(x, thumb.y + thumb.height / 2 + i * 8);
        await page.waitForTimeout(16);
      }
      await page.mouse.up();
    });
    assert.equal(frames.missing, 0, `a frame had ${frames.firstIncomplete}`);
    const target = await bar.getAttribute('data-top-row');
    await page.locator(`[role="grid"][data-top-row="${target}"]`).waitFor();
    assert.equal(await assertRowsAreTheDisk(), BigInt(target ?? '0') * 16n);
    await page.screenshot({ path: join(SCREENSHOTS, 'scroll-after-drag.png') });
  });
});
