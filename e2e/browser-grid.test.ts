import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
import { goTo, hexOf, visibleRows, waitForPaintedRows, assertStatus } from './support/grid-page';
import { openServedPage, readAt, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const SAMPLE = join(PROJECT_ROOT, 'dist', 'sample-disk.img');
const skipReason = chromiumMissing();

/** Every visible row shows exactly the file's bytes at its data-offset. */
async function assertRowsMatchDisk(page: Page, path: string, bytesPerRow = 16) {
  const rows = await waitForPaintedRows(page);
  for (const row of rows) {
    assert.deepEqual(
      row.hex.map((cell) => cell.toLowerCase()),
      hexOf(readAt(path, row.offset, bytesPerRow)),
      `row at offset ${row.offset}`,
    );
  }
  return rows;
}

describe('browser mode: hex grid over serve', { skip: skipReason ?? false }, () => {
  before(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  describe('the sample disk', () => {
    let served: ServedPage;
    let page: Page;
    before(async () => {
      served = await openServedPage([SAMPLE], { width: 1280, height: 800 });
      page = served.page;
    });
    after(async () => served?.close());

    test('shows geometry, read-only badge and the first sectors', async () => {
      await assert.doesNotReject(page.getByText('read-only', { exact: true }).waitFor());
      const size = BigInt(execFileSync('stat', ['-c', '%s', SAMPLE]).toString().trim());
      assert.match(await page.getByTestId('status-size').innerText(), new RegExp(`^${size} bytes`));
      assert.match(await page.getByTestId('status-sectors').innerText(), /logical 512 B/);
      assert.match(await page.title(), /sample-disk\.img \(read-only\)/);
      const rows = await assertRowsMatchDisk(page, SAMPLE);
      assert.equal(rows[0]?.offset, 0n);
    });

    test('go-to LBA lands exactly with that row on top, and the bytes equal the disk', async () => {
      await goTo(page, '2048');
      const rows = await assertRowsMatchDisk(page, SAMPLE);
      assert.equal(rows[0]?.offset, 2048n * 512n);
      await assertStatus(page, 'status-cursor', /LBA 2048 \+ 0/);
      await page.screenshot({ path: join(SCREENSHOTS, 'sample-lba-2048.png') });

      await goTo(page, '0x22');
      assert.equal((await assertRowsMatchDisk(page, SAMPLE))[0]?.offset, 0x22n * 512n);
      await goTo(page, '@0x100010');
      assert.equal((await assertRowsMatchDisk(page, SAMPLE))[0]?.offset, 0x100010n);
    });

    test('malformed or out-of-range input says why and moves nothing', async () => {
      await goTo(page, '2048');
      const before = (await waitForPaintedRows(page))[0]?.offset;
      for (const [input, message] of [
        ['banana', /not a number/],
        ['@-5', /cannot be negative/],
        ['-3000', /before the start of the disk/],
        ['99999999999', /past the end: the last LBA is/],
      ] as const) {
        await goTo(page, input);
        assert.match(await page.getByRole('alert').innerText(), message);
        assert.equal((await visibleRows(page))[0]?.offset, before, `after ${input}`);
      }
      await page.screenshot({ path: join(SCREENSHOTS, 'sample-goto-error.png') });
    });

    test('back and forward walk the jump history (Alt+Left/Right)', async () => {
      await goTo(page, '1');
      await goTo(page, '34');
      await page.keyboard.press('Alt+ArrowLeft');
      assert.equal((await waitForPaintedRows(page))[0]?.offset, 512n);
      await page.keyboard.press('Alt+ArrowRight');
      assert.equal((await waitForPaintedRows(page))[0]?.offset, 34n * 512n);
    });

    test('keyboard: Alt+PgDn moves one sector, arrows move the cursor, Ctrl+Home goes home', async () => {
      await goTo(page, '100');
      await page.keyboard.press('Alt+PageDown');
      assert.equal((await waitForPaintedRows(page))[0]?.offset, 101n * 512n);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowDown');
      await assertStatus(page, 'status-cursor', /LBA 101 \+ 17/);
      await page.keyboard.press('Control+Home');
      assert.equal((await waitForPaintedRows(page))[0]?.offset, 0n);
    });

    test('32 bytes per row and LBA offsets', async () => {
      await page.getByLabel('Bytes per row').selectOption('32');
      await page.getByLabel('Offset column').selectOption('lba');
      await goTo(page, '2048');
      const rows = await assertRowsMatchDisk(page, SAMPLE, 32);
      assert.equal(rows[0]?.offset, 2048n * 512n);
      assert.equal(rows[0]?.hex.length, 32);
      await page.screenshot({ path: join(SCREENSHOTS, 'sample-32-per-row-lba.png') });
      await page.getByLabel('Bytes per row').selectOption('16');
      await page.getByLabel('Offset column').selectOption('hex');
    });
  });

  describe('an 8 TiB sparse image', () => {
    const SIZE = 8n * 1024n ** 4n;
    const SECTORS = SIZE / 512n;
    const markers = new Map<bigint, string>([
      [0n, 'FIRST-SECTOR-MARKER'],
      [SECTORS / 2n, 'MIDDLE-SECTOR-MARKER'],
      [SECTORS - 1n, 'LAST-SECTOR-MARKER'],
    ]);
    let dir: string;
    let image: string;
    let served: ServedPage;
    let page: Page;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sectorscope-8t-'));
      image = join(dir, 'sparse-8tib.img');
      const fd = openSync(image, 'w');
      ftruncateSync(fd, Number(SIZE));
      for (const [lba, text] of markers) {
        const sector = Buffer.alloc(512, 0);
        sector.write(text, 0, 'ascii');
        sector.write(text, 512 - text.length, 'ascii');
        writeSync(fd, sector, 0, 512, Number(lba * 512n));
      }
      closeSync(fd);
      served = await openServedPage([image], { width: 1280, height: 800 });
      page = served.page;
    });
    after(async () => {
      await served?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('first sector marker at the start', async () => {
      const rows = await assertRowsMatchDisk(page, image);
      assert.equal(rows[0]?.offset, 0n);
      assert.match(await page.getByTestId('status-size').innerText(), new RegExp(`^${SIZE} bytes`));
    });

    test('go-to the middle LBA lands on its marker', async () => {
      const middle = SECTORS / 2n;
      await goTo(page, middle.toString());
      const rows = await assertRowsMatchDisk(page, image);
      assert.equal(rows[0]?.offset, middle * 512n);
      await page.screenshot({ path: join(SCREENSHOTS, 'sparse-8tib-middle.png') });
    });

    test('go-to the last LBA (hex) shows its marker, to the last byte', async () => {
      const last = SECTORS - 1n;
      await goTo(page, `0x${last.toString(16)}`);
      const rows = await assertRowsMatchDisk(page, image);
      const offsets = rows.map((row) => row.offset);
      assert.ok(offsets.includes(last * 512n), 'the last sector start is visible');
      assert.equal(rows.at(-1)?.offset, SIZE - 16n, 'the last row is the disk end');
      await assertStatus(page, 'status-cursor', new RegExp(`LBA ${last} \\+ 0`));
      await page.screenshot({ path: join(SCREENSHOTS, 'sparse-8tib-last-lba.png') });
    });

    test('dragging the scrollbar to the bottom reaches the last sector', async () => {
      await page.keyboard.press('Home');
      await goTo(page, '0');
      assert.equal((await waitForPaintedRows(page))[0]?.offset, 0n);
      const bar = page.getByRole('scrollbar', { name: 'Position in disk' });
      const box = await bar.boundingBox();
      assert.ok(box);
      await page.mouse.move(box.x + box.width / 2, box.y + 5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
      await page.mouse.move(box.x + box.width / 2, box.y + box.height + 40, { steps: 5 });
      await page.mouse.up();
      const rows = await assertRowsMatchDisk(page, image);
      assert.equal(rows.at(-1)?.offset, SIZE - 16n);
      assert.ok(rows.some((row) => row.offset === (SECTORS - 1n) * 512n));
      await page.screenshot({ path: join(SCREENSHOTS, 'sparse-8tib-scrollbar-bottom.png') });
    });

    test('native scrolling across a window edge re-bases exactly; the wheel scrolls on', async () => {
      const middleRow = (SECTORS / 2n) * 32n;
      await goTo(page, (SECTORS / 2n).toString());
      assert.equal((await waitForPaintedRows(page))[0]?.offset, middleRow * 16n);
      // A native scroll of 110,000 rows passes 3/4 of the 400,000-row window: the window moves.
      await page.getByRole('grid').evaluate((grid) => (grid.scrollTop += 110_000 * 20));
      const rebased = await assertRowsMatchDisk(page, image);
      assert.equal(rebased[0]?.offset, (middleRow + 110_000n) * 16n);
      const gridBox = await page.getByRole('grid').boundingBox();
      assert.ok(gridBox);
      await page.mouse.move(gridBox.x + gridBox.width / 2, gridBox.y + gridBox.height / 2);
      for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 400);
      await page.waitForTimeout(100);
      const rows = await assertRowsMatchDisk(page, image);
      for (let i = 1; i < rows.length; i++) {
        assert.equal(rows[i]?.offset, (rows[i - 1]?.offset ?? 0n) + 16n, 'rows are contiguous');
      }
      assert.ok(
        (rows[0]?.offset ?? 0n) > (rebased[0]?.offset ?? 0n),
        'the wheel moved the view down',
      );
    });
  });
});
