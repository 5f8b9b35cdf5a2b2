// Point 3: the connection to `sectorscope serve` lost. A banner says so and retries; the bytes on
// screen stay; bytes never fetched show as not loaded, never as unreadable (??); when the
// connection is back the view reloads where it was; a restarted server (a new token) is named
// as such, with how to reopen the view.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { chromiumMissing } from './support/chromium';
import { goTo, hexOf, visibleRows, waitForPaintedRows } from './support/grid-page';
import { dropSocket, keepPageSockets, socketCount } from './support/page-sockets';
import { openServedPage, readAt, type ServedPage } from './support/served-page';
import { PROJECT_ROOT, startServe, type ServeProcess } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const SAMPLE = join(PROJECT_ROOT, 'dist', 'sample-disk.img');
const skipReason = chromiumMissing();

describe('browser mode: the connection to serve lost', { skip: skipReason ?? false }, () => {
  let served: ServedPage;
  let restarted: ServeProcess | undefined;
  let page: Page;
  let banner: Locator;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    served = await openServedPage([SAMPLE], {
      width: 1280,
      height: 800,
      beforeLoad: keepPageSockets,
    });
    page = served.page;
    banner = page.getByRole('alert', { name: 'Connection lost' });
    await waitForPaintedRows(page);
  });
  after(async () => {
    await served?.close();
    await restarted?.stop();
  });

  /** The rows on screen, each with the sample's bytes at its offset. */
  async function assertRowsAreTheDisk() {
    const rows = await waitForPaintedRows(page);
    for (const row of rows) {
      assert.deepEqual(
        row.hex.map((cell) => cell.toLowerCase()),
        hexOf(readAt(SAMPLE, row.offset, 16)),
        `row ${row.offset}`,
      );
    }
    return rows;
  }

  test('a dropped WebSocket: a banner, a new connection, and the view reloads where it was', async () => {
    await goTo(page, '2048');
    await page.keyboard.press('ArrowDown');
    await assertRowsAreTheDisk();
    const sockets = await socketCount(page);
    await dropSocket(page);
    await banner.waitFor();
    assert.match(await banner.innerText(), /Lost the connection to sectorscope serve/);
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await socketCount(page), sockets + 1, 'a new connection');
    const rows = await assertRowsAreTheDisk();
    assert.equal(rows[0]?.offset, 2048n * 512n, 'the view is where it was');
    // The reopened disk reads: a place never visited loads.
    await goTo(page, '90000');
    assert.equal((await assertRowsAreTheDisk())[0]?.offset, 90000n * 512n);
  });

  test('the server stopped: the bytes on screen stay, bytes never read are not loaded, never ??', async () => {
    await goTo(page, '2048');
    const shown = await assertRowsAreTheDisk();
    await served.serve.stop();
    await banner.waitFor();
    assert.match(await banner.innerText(), /Lost the connection.*Trying again/s);
    // The banner takes a line: the rows still on screen are the ones shown before.
    const still = await visibleRows(page);
    assert.ok(still.length > shown.length - 4, `${still.length} rows of ${shown.length}`);
    for (const [i, row] of still.entries()) {
      assert.equal(row.offset, shown[i]?.offset);
      assert.deepEqual(row.hex, shown[i]?.hex, `row ${row.offset} is still there`);
    }

    await goTo(page, '120000');
    await page.locator('[role="row"][data-state="not-loaded"]').first().waitFor();
    const rows = await visibleRows(page);
    assert.equal(rows[0]?.offset, 120000n * 512n);
    for (const row of rows) {
      assert.deepEqual(row.hex, Array(16).fill('--'), `row ${row.offset} is not loaded`);
    }
    const cell = page.locator(`[role="row"][data-offset="${120000 * 512}"] [role="gridcell"]`);
    assert.equal(await cell.first().getAttribute('data-state'), 'not-loaded');
    assert.equal(await page.locator('[role="gridcell"][data-state="unreadable"]').count(), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'connection-lost.png') });
  });

  test('a restarted server has a new token: the banner says so, and its URL opens the view there', async () => {
    restarted = await startServe([SAMPLE], ['--port', String(served.serve.port)]);
    await page.getByRole('button', { name: 'Retry now' }).click();
    await banner.filter({ hasText: 'was restarted' }).waitFor({ timeout: 15_000 });
    assert.match(await banner.innerText(), /Open the URL it printed/);
    // With the fragment that comes back here (it follows the view a moment later).
    await banner.filter({ hasText: '#lba=120000 at its end' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'connection-restarted.png') });

    await page.goto(`${restarted.url}#lba=120000`);
    const rows = await assertRowsAreTheDisk();
    assert.equal(rows[0]?.offset, 120000n * 512n);
    assert.equal(await banner.count(), 0);
  });
});
