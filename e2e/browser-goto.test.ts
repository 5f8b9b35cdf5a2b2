// Point 4, go-to and the position from outside: p2+0, +10, -1, @0x1000, end, end-1 and a
// length, each shown as understood before Enter; `serve PATH --lba N` prints a URL whose
// fragment (#lba=N) opens the view there, the fragment follows the view, and a reload or a
// link with a fragment comes back to the place.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from './support/chromium';
import { assertStatus, goTo, waitForPaintedRows } from './support/grid-page';
import { PROJECT_ROOT, startServe, type ServeProcess } from './support/serve-process';

const SAMPLE = join(PROJECT_ROOT, 'dist', 'sample-disk.img');
const skipReason = chromiumMissing();

/** The sample's partitions as sfdisk reads them: the oracle for p1, p2. */
function partitionStarts(): bigint[] {
  const table = JSON.parse(execFileSync('sfdisk', ['--json', SAMPLE]).toString()) as {
    partitiontable: { partitions: { start: number }[] };
  };
  return table.partitiontable.partitions.map((p) => BigInt(p.start));
}

describe('browser mode: go-to and the position in the URL', { skip: skipReason ?? false }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  before(async () => {
    serve = await startServe([SAMPLE], ['--lba', '2048']);
    ({ browser, cleanup: closeBrowser } = await launchChromium());
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  after(async () => {
    await closeBrowser?.();
    await serve?.stop();
  });

  const topOffset = async () => (await waitForPaintedRows(page))[0]?.offset;

  test('serve --lba N prints a URL ending in #lba=N, and the view opens there', async () => {
    assert.equal(serve.printedUrl, `${serve.url}#lba=2048`);
    await page.goto(serve.printedUrl);
    assert.equal(await topOffset(), 2048n * 512n);
  });

  test('what the field understood shows before Enter', async () => {
    await page.getByRole('region', { name: 'Partitions' }).waitFor();
    const field = page.getByLabel('Go to LBA');
    const preview = page.locator('#goto-preview');
    const p2 = partitionStarts()[1] ?? 0n;
    await field.fill('p2+0');
    assert.equal(
      await preview.innerText(),
      `→ LBA ${p2}, sector 0 of partition 2 (byte 0x${(p2 * 512n).toString(16).toUpperCase()})`,
    );
    await field.fill('2048 len 16');
    assert.match(
      await preview.innerText(),
      /^→ 16 sectors \(8192 bytes\) from LBA 2048 .*selected$/,
    );
    await field.fill('p9+0');
    assert.match(await preview.innerText(), /There is no partition 9: the partitions are 1, 2/);
    await page.screenshot({ path: join(PROJECT_ROOT, 'e2e', 'screenshots', 'goto-preview.png') });
    await field.fill('');
  });

  test('p2+0 and p1+5 are partition-relative; +10 and -1 count from the cursor', async () => {
    const [p1, p2] = partitionStarts() as [bigint, bigint];
    await goTo(page, 'p2+0');
    assert.equal(await topOffset(), p2 * 512n);
    await goTo(page, 'p1+5');
    assert.equal(await topOffset(), (p1 + 5n) * 512n);
    await page.keyboard.press('ArrowDown'); // the cursor stays in LBA p1+5
    await goTo(page, '+10');
    assert.equal(await topOffset(), (p1 + 15n) * 512n);
    await goTo(page, '-1');
    assert.equal(await topOffset(), (p1 + 14n) * 512n);
  });

  test('@ a byte offset; end and end-1 the last sectors', async () => {
    const size = BigInt(execFileSync('stat', ['-c', '%s', SAMPLE]).toString().trim());
    await goTo(page, '@0x1000');
    assert.equal(await topOffset(), 0x1000n);
    await goTo(page, 'end-1');
    const lastLba = size / 512n - 1n;
    await assertStatus(page, 'status-cursor', new RegExp(`LBA ${lastLba - 1n} \\+ 0$`));
    await goTo(page, 'end');
    await assertStatus(page, 'status-cursor', new RegExp(`LBA ${lastLba} \\+ 0$`));
    assert.equal((await waitForPaintedRows(page)).at(-1)?.offset, size - 16n);
  });

  test('a length selects: 16 sectors from LBA 2048', async () => {
    await goTo(page, '2048 len 16');
    assert.equal(await topOffset(), 2048n * 512n);
    await assertStatus(page, 'status-selection', /^selection 8192 bytes from 0x100000$/);
    await assertStatus(page, 'status-cursor', /LBA 2048 \+ 0$/);
  });

  test('the fragment follows the view; a reload and a link come back to the place', async () => {
    await goTo(page, '5000');
    await page.waitForURL(/#lba=5000$/);
    await page.reload();
    assert.equal(await topOffset(), 5000n * 512n);
    // A link to a fragment in the same page moves the view there, and stays on a reload.
    await page.goto(`${serve.url}#lba=0x1000`);
    await page.locator(`[role="grid"][data-top-row="${(0x1000n * 512n) / 16n}"]`).waitFor();
    await page.waitForURL(/#lba=4096$/);
    await page.reload();
    assert.equal(await topOffset(), 0x1000n * 512n);
  });
});
