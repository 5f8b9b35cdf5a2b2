// Issue 18, point 5: an image whose last sector is partial (1,000,000 bytes: 64 bytes in LBA 1953).
// The grid shows the sector whole, its missing bytes as past the end, never as zeros.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeTempDir } from '../electron/shared/disk/test/helpers/tools';
import { chromiumMissing } from './support/chromium';
import { assertStatus, goTo, hexOf, visibleRows } from './support/grid-page';
import { openServedPage, readAt, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const SIZE = 1_000_000;
const LAST_LBA = 1953;
const skipReason = chromiumMissing();

interface Cell {
  text: string;
  state: string | null;
  title: string | null;
}

/** The grid's cells by byte offset, once the rows of the last sector have their bytes. */
async function cellsOfLastSector(page: Page): Promise<Map<number, Cell>> {
  const first = LAST_LBA * 512;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const cells = await page.evaluate((from) => {
      const grid = [...document.querySelectorAll('[role="grid"]')].find((g) => g.checkVisibility());
      const found: [number, { text: string; state: string | null; title: string | null }][] = [];
      for (const row of grid?.querySelectorAll<HTMLElement>('[role="row"]') ?? []) {
        const offset = Number(row.dataset.offset);
        if (offset < from) continue;
        row.querySelectorAll<HTMLElement>('[role="gridcell"]').forEach((cell, i) => {
          const text = cell.textContent ?? '';
          found.push([offset + i, { text, state: cell.dataset.state ?? null, title: cell.title }]);
        });
      }
      return found;
    }, first);
    const map = new Map(cells);
    const loaded = [...map.values()].every((cell) => cell.state !== 'loading');
    if (map.size > 0 && loaded) return map;
    if (Date.now() > deadline) throw new Error('the last sector did not load');
    await page.waitForTimeout(25);
  }
}

describe(
  'browser mode: an image whose last sector is partial',
  { skip: skipReason ?? false },
  () => {
    const dir = makeTempDir('partial-e2e');
    const image = join(dir.path, 'partial.img');
    let served: ServedPage;
    let page: Page;

    before(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(image, randomBytes(SIZE));
      served = await openServedPage([image]);
      page = served.page;
    });
    after(async () => {
      await served?.close();
      dir.remove();
    });

    test('LBA 1953 shows its 64 bytes, then 448 bytes past the end: not zeros, and says why', async () => {
      // 32 bytes a row: the whole sector is on screen.
      await page.getByLabel('Bytes per row').selectOption('32');
      await goTo(page, 'end');
      const cells = await cellsOfLastSector(page);
      const first = LAST_LBA * 512;
      const real = hexOf(readAt(image, first, 512));
      assert.equal(real.length, 64, 'the image holds 64 bytes of its last sector');
      for (let offset = first; offset < first + 512; offset++) {
        const cell = cells.get(offset);
        assert.ok(cell, `byte ${offset} is on screen`);
        if (offset < SIZE) {
          assert.equal(cell.text.toLowerCase(), real[offset - first], `byte ${offset}`);
          assert.equal(cell.state, null);
        } else {
          assert.equal(cell.state, 'past-end', `byte ${offset}`);
          assert.equal(cell.text, '××');
          assert.match(
            cell.title ?? '',
            /LBA 1953, holds 64 of 512 bytes\. The rest does not exist/,
          );
        }
      }
      assert.equal([...cells.keys()].filter((o) => o >= SIZE).length, 448);
      assert.ok(Math.max(...cells.keys()) < first + 512, 'nothing after the last sector');
      const rows = await visibleRows(page);
      assert.ok(rows.some((row) => row.offset === BigInt(first)));
      await page.screenshot({ path: join(SCREENSHOTS, 'partial-last-sector.png') });
    });

    test('a click past the end puts the cursor on the last byte there is', async () => {
      await page
        .locator(`[role="row"][data-offset="${SIZE + 64}"] [role="gridcell"]`)
        .nth(5)
        .click();
      await assertStatus(page, 'status-cursor', /0xF423F · LBA 1953 \+ 63$/);
    });
  },
);
