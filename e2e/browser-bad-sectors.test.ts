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
import { chromiumMissing } from './support/chromium';
import { goTo, hexOf, visibleRows } from './support/grid-page';
import { openServedPage, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const skipReason = chromiumMissing() ?? canUseFaultyDisk();

/** Real EIO from a block device: unreadable sectors must show as unreadable, never as zeros. */
describe('browser mode: a disk with unreadable sectors', { skip: skipReason ?? false }, () => {
  const BAD = [100n, 101n, 300n];
  const SLOW = 5000n;
  let dir: string;
  let image: Buffer;
  let disk: FaultyDisk;
  let served: ServedPage;
  let page: Page;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-bad-e2e-'));
    image = randomBytes(8 * 1024 * 1024);
    const backing = join(dir, 'backing.img');
    writeFileSync(backing, image);
    disk = await attachFaultyDisk({
      backingImage: backing,
      sectorSize: 512,
      badSectors: BAD,
      delay: { ms: 4000, sectors: [SLOW] },
    });
    served = await openServedPage([disk.device]);
    page = served.page;
  });
  after(async () => {
    await served?.close();
    await disk?.detach();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('bad sectors show ?? and the sectors around them show their bytes', async () => {
    assert.match(await page.getByTestId('status-kind').innerText(), /block device/);
    await goTo(page, '99');
    const deadline = Date.now() + 15_000;
    let rows = await visibleRows(page);
    while (rows.some((row) => row.hex.includes('··')) && Date.now() < deadline) {
      await page.waitForTimeout(50);
      rows = await visibleRows(page);
    }
    let badRows = 0;
    for (const row of rows) {
      const lba = row.offset / 512n;
      if (BAD.includes(lba)) {
        badRows++;
        assert.deepEqual(row.hex, Array(16).fill('??'), `row ${row.offset} of bad LBA ${lba}`);
      } else {
        const expected = hexOf(image.subarray(Number(row.offset), Number(row.offset) + 16));
        assert.deepEqual(
          row.hex.map((c) => c.toLowerCase()),
          expected,
          `row ${row.offset}`,
        );
      }
    }
    assert.ok(badRows > 0, 'some rows of the bad sectors are on screen');
    const bad = page.locator(`[role="row"][data-offset="${100 * 512}"] [role="gridcell"]`).first();
    assert.match((await bad.getAttribute('title')) ?? '', /LBA 100 could not be read/);
    await page.screenshot({ path: join(SCREENSHOTS, 'bad-sectors.png') });
  });

  test('a hanging read does not hold up other pages', async () => {
    // LBA 5000 takes 4 s to read; while it hangs, a page elsewhere must still arrive at once.
    await goTo(page, SLOW.toString());
    await page.waitForTimeout(100);
    const started = Date.now();
    await goTo(page, '2');
    const deadline = Date.now() + 3000;
    let rows = await visibleRows(page);
    while (rows.some((row) => row.hex.includes('··')) && Date.now() < deadline) {
      await page.waitForTimeout(20);
      rows = await visibleRows(page);
    }
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 2000, `LBA 2 painted after ${elapsed} ms while LBA ${SLOW} hangs`);
    assert.equal(rows[0]?.offset, 2n * 512n);
    assert.deepEqual(
      rows[0]?.hex.map((c) => c.toLowerCase()),
      hexOf(image.subarray(1024, 1040)),
    );
  });
});
