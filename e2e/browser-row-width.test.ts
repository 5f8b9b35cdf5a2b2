// Point 2: bytes per row (8, 16, 32, 64, or the widest that fits) keeps the cursor's byte, or the
// top row's first byte, on its screen row, and the rows at the new width load.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumMissing } from './support/chromium';
import { goTo, hexOf, waitForPaintedRows, type RenderedRow } from './support/grid-page';
import { openServedPage, readAt, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const SAMPLE = join(PROJECT_ROOT, 'dist', 'sample-disk.img');
const skipReason = chromiumMissing();

describe('browser mode: bytes per row', { skip: skipReason ?? false }, () => {
  let served: ServedPage;
  let page: Page;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    served = await openServedPage([SAMPLE], { width: 1280, height: 800 });
    page = served.page;
  });
  after(async () => served?.close());

  /** Rows on screen, each `width` bytes of the disk at its offset. */
  async function loadedRows(width: number): Promise<RenderedRow[]> {
    const rows = await waitForPaintedRows(page);
    for (const row of rows) {
      assert.equal(row.hex.length, width, `row ${row.offset} has ${row.hex.length} bytes`);
      assert.deepEqual(
        row.hex.map((cell) => cell.toLowerCase()),
        hexOf(readAt(SAMPLE, row.offset, width)),
        `row ${row.offset} at ${width} bytes per row`,
      );
    }
    return rows;
  }

  /** The cursor's offset, as the status bar says it. */
  async function cursorOffset(): Promise<bigint> {
    const text = await page.getByTestId('status-cursor').innerText();
    return BigInt(/cursor (0x[0-9A-F]+)/.exec(text)?.[1] ?? '-1');
  }

  /** The index among the rows on screen of the row the cursor is on, and its column there. */
  async function cursorPlace(rows: RenderedRow[], width: number) {
    const cursor = await cursorOffset();
    const row = rows.findIndex((r) => cursor >= r.offset && cursor < r.offset + BigInt(width));
    const column = await page
      .locator(`[role="row"][data-offset="${rows[row]?.offset}"] .hex-pane [role="gridcell"]`)
      .evaluateAll((cells) => cells.findIndex((cell) => cell.classList.contains('cursor')));
    return { cursor, row, column };
  }

  test('from LBA 2048, every width keeps LBA 2048 at the top and loads its rows', async () => {
    await goTo(page, '2048');
    for (const width of [8, 32, 64, 16]) {
      await page.getByLabel('Bytes per row').selectOption(String(width));
      const rows = await loadedRows(width);
      assert.equal(rows[0]?.offset, 2048n * 512n, `at ${width} bytes per row`);
      if (width === 64) await page.screenshot({ path: join(SCREENSHOTS, 'row-width-64.png') });
    }
  });

  test("the cursor's byte stays on its screen row, whatever the width", async () => {
    await goTo(page, '2050');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    const before = await cursorPlace(await loadedRows(16), 16);
    assert.equal(before.row, 7);
    for (const width of [8, 64, 32, 16]) {
      await page.getByLabel('Bytes per row').selectOption(String(width));
      const place = await cursorPlace(await loadedRows(width), width);
      assert.equal(place.cursor, before.cursor, 'the cursor does not move');
      assert.equal(place.row, before.row, `its row on screen at ${width} bytes per row`);
      assert.equal(
        BigInt(place.column),
        before.cursor % BigInt(width),
        'the highlighted cell is the cursor',
      );
    }
  });

  /**
   * Whether the row of LBA 100000 (a sector's first, so with its LBA label, as long as the
   * sample's last one) is wider than the grid: rows clip what passes their edge, so where its
   * label ends tells.
   */
  async function overflows(): Promise<boolean> {
    await goTo(page, '100000');
    return page.getByRole('grid').evaluate((grid) => {
      const right = grid.getBoundingClientRect().left + grid.clientWidth;
      const label = grid.querySelector(`[role="row"][data-offset="${100000 * 512}"] .lba-label`);
      if (!label) throw new Error('the top row has no LBA label');
      return label.getBoundingClientRect().right > right + 0.5;
    });
  }

  test('fit to width takes the widest row that fits, and follows the grid width', async () => {
    const select = page.getByLabel('Bytes per row');
    const panels = page.getByRole('button', { name: 'Panels' });
    /** The width fit chose fits, the next one would not, and the select names it. */
    async function assertFits(width: number) {
      assert.ok([8, 16, 32, 64].includes(width), `fit chose ${width}`);
      assert.equal(await overflows(), false, `${width} bytes per row fit`);
      assert.match(
        await select.locator('option:checked').innerText(),
        new RegExp(`fit \\(${width}\\)`),
      );
      if (width === 64) return;
      await select.selectOption(String(width * 2));
      await loadedRows(width * 2);
      assert.equal(await overflows(), true, `${width * 2} bytes per row would not fit`);
      await select.selectOption('fit');
    }
    await select.selectOption('fit');
    const narrow = (await loadedRows(await shownWidth()))[0]?.hex.length ?? 0;
    await assertFits(narrow);

    // Without the side panels the grid widens, and the rows with it.
    await panels.click();
    await page.waitForFunction(
      (before) => !document.querySelector(`[role="grid"].bpr-${before}`),
      narrow,
    );
    const wide = await shownWidth();
    assert.ok(wide > narrow, `a wider grid fits more: ${narrow} then ${wide}`);
    await loadedRows(wide);
    await assertFits(wide);
    await page.screenshot({ path: join(SCREENSHOTS, 'row-width-fit.png') });
    await select.selectOption('16');
    await panels.click();
  });

  /** The bytes per row the grid shows now. */
  async function shownWidth(): Promise<number> {
    const classes = (await page.getByRole('grid').getAttribute('class')) ?? '';
    return Number(/bpr-(\d+)/.exec(classes)?.[1] ?? 0);
  }
});
