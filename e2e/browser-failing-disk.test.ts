// The viewer's side of a failing disk, on real block devices (the faulty-disk FUSE rig under a
// read-only loop device): a read that does not come back says "disk not responding" after a few
// seconds, with Cancel; a disk that goes away (its FUSE process killed) says so with the
// reason. The bytes already on screen stay, and bytes that could not be fetched show as not
// loaded, never as unreadable (??, which means sectors the disk could not read).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  attachFaultyDisk,
  canUseFaultyDisk,
  type FaultyDisk,
} from '../native-bridge/test/faulty-disk/faulty-disk';
import { fuseProcessOf } from '../native-bridge/test/fuse-process';
import { chromiumMissing } from './support/chromium';
import { goTo, hexOf, visibleRows, waitForPaintedRows } from './support/grid-page';
import { openServedPage, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const skipReason = chromiumMissing() ?? canUseFaultyDisk();

/** Rows on screen, by what they show: the image's bytes, loading, or not loaded. */
async function rowsByState(page: Page, image: Buffer) {
  const rows = await visibleRows(page);
  const states = await page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[role="row"]')].map((row) => [
        row.dataset.offset ?? '',
        row.dataset.state ?? 'loaded',
      ]),
    ),
  );
  return rows.map((row) => {
    const state = states[row.offset.toString()];
    if (state === 'loaded') {
      const start = Number(row.offset);
      assert.deepEqual(
        row.hex.map((cell) => cell.toLowerCase()),
        hexOf(image.subarray(start, start + 16)),
        `row ${row.offset} shows the disk's bytes`,
      );
    } else {
      const text = state === 'loading' ? '··' : '--';
      assert.deepEqual(row.hex, Array(16).fill(text), `row ${row.offset} is ${state}`);
    }
    return { offset: row.offset, state };
  });
}

describe('browser mode: a disk that does not answer', { skip: skipReason ?? false }, () => {
  /** LBAs 4096-4223: page 32 of the grid's 64 KiB pages. */
  const SLOW_FIRST = 4096n;
  const SLOW = Array.from({ length: 128 }, (_, i) => SLOW_FIRST + BigInt(i));
  /** Fifteen rows of page 31 above the slow page. */
  const EDGE = SLOW_FIRST * 512n - 15n * 16n;
  let dir: string;
  let image: Buffer;
  let disk: FaultyDisk;
  let served: ServedPage;
  let page: Page;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-slow-e2e-'));
    image = randomBytes(8 * 1024 * 1024);
    const backing = join(dir, 'backing.img');
    writeFileSync(backing, image);
    disk = await attachFaultyDisk({
      backingImage: backing,
      sectorSize: 512,
      delay: { ms: 15_000, sectors: SLOW },
    });
    served = await openServedPage([disk.device]);
    page = served.page;
    await waitForPaintedRows(page);
  });
  after(async () => {
    await served?.close();
    await disk?.detach();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('rows of a page on its way say so; after 3 s a banner says the disk is not responding', async () => {
    await goTo(page, `@${EDGE}`);
    await page.locator('[role="row"][data-state="loading"]').first().waitFor();
    const rows = await rowsByState(page, image);
    assert.deepEqual(
      [...new Set(rows.map((row) => row.state))],
      ['loaded', 'loading'],
      'the fast page shows its bytes, the slow one is loading',
    );
    assert.equal(rows.filter((row) => row.state === 'loaded').length, 15);
    const banner = page.getByRole('alert', { name: 'Disk not responding' });
    await banner.waitFor({ timeout: 8000 });
    assert.match(
      await banner.innerText(),
      /has not answered for \d+ s \(a read of LBA 4096–4223[;)]/,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'disk-not-responding.png') });
  });

  test('Cancel stops waiting: those rows are not loaded, never ??, and the disk browses on', async () => {
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('alert', { name: 'Disk not responding' }).waitFor({ state: 'detached' });
    const rows = await rowsByState(page, image);
    assert.deepEqual([...new Set(rows.map((row) => row.state))], ['loaded', 'not-loaded']);
    assert.equal(await page.locator('[role="gridcell"][data-state="unreadable"]').count(), 0);
    const notice = page.getByRole('status').filter({ hasText: 'Stopped waiting for the disk' });
    await notice.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'disk-cancelled.png') });

    await goTo(page, '100');
    const elsewhere = await rowsByState(page, image);
    assert.ok(
      elsewhere.every((row) => row.state === 'loaded'),
      'LBA 100 loads',
    );
    await goTo(page, `@${EDGE}`);
    assert.ok(
      (await rowsByState(page, image)).some((row) => row.state === 'not-loaded'),
      'the page given up on is not asked for again by itself',
    );
  });

  test('Retry waits for the read again, and its bytes fill in when the disk answers', async () => {
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await page
      .locator('[role="row"][data-state]')
      .first()
      .waitFor({ state: 'detached', timeout: 30_000 });
    const rows = await rowsByState(page, image);
    assert.ok(rows.every((row) => row.state === 'loaded'));
  });
});

describe('browser mode: a disk that goes away', { skip: skipReason ?? false }, () => {
  let dir: string;
  let image: Buffer;
  let disk: FaultyDisk;
  let served: ServedPage;
  let page: Page;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-gone-e2e-'));
    image = randomBytes(8 * 1024 * 1024);
    const backing = join(dir, 'backing.img');
    writeFileSync(backing, image);
    disk = await attachFaultyDisk({ backingImage: backing, sectorSize: 512 });
    served = await openServedPage([disk.device]);
    page = served.page;
  });
  after(async () => {
    await served?.close();
    await disk?.detach();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a banner with the reason; the bytes shown stay; bytes not fetched are not loaded, never ??', async () => {
    await goTo(page, '40');
    assert.ok((await rowsByState(page, image)).every((row) => row.state === 'loaded'));
    // Exactly this rig's FUSE program: other tests run the same rig.
    process.kill(fuseProcessOf(disk.mountpoint), 'SIGKILL');

    await goTo(page, '10000');
    const banner = page.getByRole('alert').filter({ hasText: 'The disk went away' });
    await banner.waitFor();
    assert.match(await banner.innerText(), /went away while it was read/);
    await page.locator('[role="row"][data-state="not-loaded"]').first().waitFor();
    assert.ok((await rowsByState(page, image)).every((row) => row.state === 'not-loaded'));
    assert.equal(await page.locator('[role="gridcell"][data-state="unreadable"]').count(), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'disk-gone.png') });

    await page.keyboard.press('Alt+ArrowLeft');
    await page.locator(`[role="row"][data-offset="${40 * 512}"]`).waitFor();
    const back = await rowsByState(page, image);
    assert.equal(back[0]?.offset, 40n * 512n);
    assert.ok(
      back.every((row) => row.state === 'loaded'),
      'the bytes read before are still shown',
    );
  });
});
