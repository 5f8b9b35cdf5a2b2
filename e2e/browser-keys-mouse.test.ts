// Point 4: the keyboard and mouse as HxD and WinHex users expect them, in browser mode (so no
// key the browser keeps for itself): drag to select in either pane, scrolling at the edges;
// Shift+click; Ctrl+C in the chosen format with a size cap; Esc; Tab between the panes and the
// panels; a screen, a sector, the row, the disk; F3 selecting the whole hit.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumMissing } from './support/chromium';
import { assertStatus, goTo, waitForPaintedRows } from './support/grid-page';
import { openServedPage, readAt, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const SAMPLE = join(PROJECT_ROOT, 'dist', 'sample-disk.img');
const SIZE = BigInt(execFileSync('stat', ['-c', '%s', SAMPLE]).toString().trim());
const skipReason = chromiumMissing();
const hex = (value: bigint) => `0x${value.toString(16).toUpperCase()}`;

describe('browser mode: keyboard and mouse', { skip: skipReason ?? false }, () => {
  let served: ServedPage;
  let page: Page;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    served = await openServedPage([SAMPLE], {
      width: 1280,
      height: 800,
      beforeLoad: (p) => p.context().grantPermissions(['clipboard-read', 'clipboard-write']),
    });
    page = served.page;
    await waitForPaintedRows(page);
  });
  after(async () => served?.close());

  /**
   * Waits until the row holding `offset` stays put for two frames: after a go-to, the grid may
   * still be settling (a fit or a panel resizing it), and a point taken before that is stale. On
   * a busy machine the drag that followed then began on another row.
   */
  async function settledRow(offset: bigint) {
    const row = page.locator(`[role="row"][data-offset="${offset - (offset % 16n)}"]`);
    let last = '';
    for (let tries = 0; tries < 50; tries++) {
      const box = JSON.stringify(await row.boundingBox());
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      if (box !== 'null' && box === last) break;
      last = box;
    }
    return row;
  }

  /** The middle of the byte at `offset` (on screen) in a pane. */
  async function pointAt(offset: bigint, pane: 'hex' | 'ascii') {
    const row = await settledRow(offset);
    const column = Number(offset % 16n);
    if (pane === 'hex') {
      const box = await row.locator('.hex-pane [role="gridcell"]').nth(column).boundingBox();
      assert.ok(box, `byte ${offset} is on screen`);
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
    const box = await row.locator('.ascii-chars').boundingBox();
    assert.ok(box, `byte ${offset} is on screen`);
    return { x: box.x + ((column + 0.5) * box.width) / 16, y: box.y + box.height / 2 };
  }

  async function drag(from: { x: number; y: number }, to: { x: number; y: number }) {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
  }

  async function assertSelection(start: bigint, length: bigint) {
    await assertStatus(
      page,
      'status-selection',
      new RegExp(`selection ${length} bytes from ${hex(start)}$`),
    );
  }

  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
  const pane = () => page.getByRole('grid').getAttribute('data-pane');

  test('a drag selects in the hex pane and in the ASCII pane; Shift+click extends', async () => {
    const base = 2048n * 512n;
    await goTo(page, '2048');
    await drag(await pointAt(base + 3n, 'hex'), await pointAt(base + 5n * 16n + 9n, 'hex'));
    await assertSelection(base + 3n, 5n * 16n + 7n);
    assert.equal(await pane(), 'hex');
    await page.screenshot({ path: join(SCREENSHOTS, 'select-drag-hex.png') });

    // From a later byte back to an earlier one, in the ASCII pane.
    await drag(
      await pointAt(base + 12n * 16n + 1n, 'ascii'),
      await pointAt(base + 10n * 16n + 14n, 'ascii'),
    );
    await assertSelection(base + 10n * 16n + 14n, 20n);
    assert.equal(await pane(), 'ascii');
    await page.screenshot({ path: join(SCREENSHOTS, 'select-drag-ascii.png') });

    const click = await pointAt(base + 2n * 16n, 'hex');
    await page.mouse.click(click.x, click.y);
    // A click selects nothing (the status bar follows a frame later).
    await page.getByTestId('status-selection').waitFor({ state: 'detached' });
    const far = await pointAt(base + 20n * 16n + 15n, 'hex');
    await page.keyboard.down('Shift');
    await page.mouse.click(far.x, far.y);
    await page.keyboard.up('Shift');
    await assertSelection(base + 2n * 16n, 18n * 16n + 16n);
  });

  test('dragging below the grid scrolls down and the selection follows', async () => {
    await goTo(page, '4096');
    const start = 4096n * 512n + 5n;
    const grid = await page.getByRole('grid').boundingBox();
    assert.ok(grid);
    const from = await pointAt(start, 'hex');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x, grid.y + grid.height + 30, { steps: 4 });
    const top = (4096n * 512n) / 16n;
    await page.waitForFunction(
      (least) =>
        BigInt(document.querySelector<HTMLElement>('[role="grid"]')?.dataset.topRow ?? '0') >=
        BigInt(least),
      (top + 40n).toString(),
    );
    await page.mouse.up();
    // The selection reaches the rows the view scrolled to, from where the drag began.
    const topNow = BigInt((await page.getByRole('grid').getAttribute('data-top-row')) ?? '0');
    await page.waitForFunction(
      ({ first, least }) => {
        const text = document.querySelector('[data-testid="status-selection"]')?.textContent ?? '';
        const [, length, from] = /selection (\d+) bytes from (0x[0-9A-F]+)/.exec(text) ?? [];
        return BigInt(from ?? '-1') === BigInt(first) && BigInt(length ?? '0') >= BigInt(least);
      },
      { first: start.toString(), least: (topNow * 16n - start).toString() },
    );
  });

  test('Ctrl+C copies the selection as hex, a C array, Base64 or text', async () => {
    const start = 0x100003n;
    await goTo(page, `@${hex(start)} len 21`);
    await assertSelection(start, 21n);
    const bytes = readAt(SAMPLE, start, 21);
    const clipboard = async (format: string) => {
      await page.getByLabel('Copy format').selectOption(format);
      await page.getByRole('grid').focus();
      await page.keyboard.press('Control+c');
      await page.getByRole('status').filter({ hasText: 'Copied 21 bytes' }).waitFor();
      return page.evaluate(() => navigator.clipboard.readText());
    };
    assert.equal(
      await clipboard('hex'),
      bytes
        .toString('hex')
        .toUpperCase()
        .replace(/(..)(?!$)/g, '$1 '),
    );
    assert.equal(await clipboard('base64'), bytes.toString('base64'));
    assert.equal(
      await clipboard('text'),
      [...bytes].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join(''),
    );
    const c = await clipboard('c');
    assert.match(c, /^unsigned char data\[21\] = \{/);
    assert.deepEqual(
      [...c.matchAll(/0x([0-9a-f]{2})/g)].map((m) => Number.parseInt(m[1] ?? '', 16)),
      [...bytes],
    );
  });

  test('Ctrl+C over 1 MiB copies nothing and says why', async () => {
    await goTo(page, '0 len 2049');
    await page.keyboard.press('Control+c');
    const notice = page.getByRole('status').filter({ hasText: 'Not copied' });
    await notice.waitFor();
    assert.match(
      await notice.innerText(),
      /the selection is 1049088 bytes .*Copy takes at most 1048576 bytes .*Export/,
    );
    await notice.getByRole('button', { name: 'Dismiss notice' }).click();
  });

  test('Esc clears the selection, or closes the open panel', async () => {
    await goTo(page, '2048 len 2');
    await page.keyboard.press('Escape');
    await page.getByTestId('status-selection').waitFor({ state: 'detached' });

    const dock = page.getByRole('region', { name: 'Jobs' });
    await page.keyboard.press('Control+f');
    await dock.waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[aria-label="Jobs"]')?.contains(document.activeElement),
    );
    await page.keyboard.press('Escape');
    await dock.waitFor({ state: 'detached' });

    await page.keyboard.press('Control+f');
    await dock.waitFor();
    await page.getByRole('grid').focus();
    await page.keyboard.press('Shift+ArrowRight');
    await page.getByTestId('status-selection').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('status-selection').waitFor({ state: 'detached' });
    assert.equal(await dock.count(), 1, 'the first Esc cleared the selection only');
    await page.keyboard.press('Escape');
    await dock.waitFor({ state: 'detached' });
  });

  test('Tab and Shift+Tab: hex pane, ASCII pane, then the panels', async () => {
    await goTo(page, '2048');
    const cell = await pointAt(2048n * 512n, 'hex');
    await page.mouse.click(cell.x, cell.y);
    assert.equal(await focusedId(), 'hex-grid');
    assert.equal(await pane(), 'hex');
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(), 'hex-grid', 'Tab moved within the grid');
    assert.equal(await pane(), 'ascii');
    await page.screenshot({ path: join(SCREENSHOTS, 'pane-ascii.png') });
    await page.keyboard.press('Tab');
    assert.ok(
      await page.evaluate(() =>
        document.querySelector('.dock-right')?.contains(document.activeElement),
      ),
      'then to the panels on the right',
    );
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedId(), 'hex-grid');
    assert.equal(await pane(), 'ascii', 'back into the last pane');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await pane(), 'hex');
    await page.keyboard.press('Shift+Tab');
    assert.notEqual(await focusedId(), 'hex-grid', 'and out before the grid');
  });

  test('PgDn a screen, Alt+PgDn a sector, Home/End the row, Ctrl+Home/End the disk', async () => {
    await goTo(page, '2048');
    const screen = BigInt((await waitForPaintedRows(page)).length) * 16n;
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('PageDown');
    assert.equal((await waitForPaintedRows(page))[0]?.offset, 2048n * 512n + screen);
    await assertStatus(
      page,
      'status-cursor',
      new RegExp(`cursor ${hex(2048n * 512n + screen + 1n)} `),
    );
    await page.keyboard.press('PageUp');
    assert.equal((await waitForPaintedRows(page))[0]?.offset, 2048n * 512n);
    await page.keyboard.press('Alt+PageDown');
    assert.equal((await waitForPaintedRows(page))[0]?.offset, 2049n * 512n);
    await assertStatus(page, 'status-cursor', /LBA 2049 \+ 1$/);
    await page.keyboard.press('End');
    await assertStatus(page, 'status-cursor', /LBA 2049 \+ 15$/);
    await page.keyboard.press('Home');
    await assertStatus(page, 'status-cursor', /LBA 2049 \+ 0$/);
    await page.keyboard.press('Control+End');
    await assertStatus(page, 'status-cursor', new RegExp(`cursor ${hex(SIZE - 1n)} `));
    assert.equal((await waitForPaintedRows(page)).at(-1)?.offset, SIZE - 16n);
    await page.keyboard.press('Control+Home');
    assert.equal((await waitForPaintedRows(page))[0]?.offset, 0n);
    await assertStatus(page, 'status-cursor', /cursor 0x0 /);
  });

  test('F3 and Shift+F3 select the whole hit', async () => {
    const dock = page.getByRole('region', { name: 'Jobs' });
    await page.keyboard.press('Control+f');
    await dock.getByLabel('Pattern type').selectOption('text');
    await dock.getByLabel('Search pattern').fill('Sectorscope');
    await dock.getByRole('button', { name: 'Start' }).click();
    await dock.locator('[data-job-kind="search"][data-job-status="done"]').first().waitFor();
    await dock.getByRole('button', { name: 'Close jobs' }).click();
    const hits = execFileSync('grep', ['-obUaP', 'Sectorscope', SAMPLE])
      .toString()
      .trim()
      .split('\n')
      .map((line) => BigInt(line.split(':')[0] ?? '0'));
    assert.ok(hits.length >= 2, 'the sample holds the word twice at least');
    await goTo(page, '0');
    await page.keyboard.press('F3');
    await assertSelection(hits[0] ?? 0n, 11n);
    await page.keyboard.press('F3');
    await assertSelection(hits[1] ?? 0n, 11n);
    await page.screenshot({ path: join(SCREENSHOTS, 'f3-selects-hit.png') });
    await page.keyboard.press('Shift+F3');
    await assertSelection(hits[0] ?? 0n, 11n);
    await assertStatus(page, 'status-cursor', new RegExp(`cursor ${hex(hits[0] ?? 0n)} `));
  });
});
